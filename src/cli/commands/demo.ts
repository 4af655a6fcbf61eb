// `ods-cookie-audit demo [--open]` (what `npm start` runs): a demo portal on 127.0.0.1, scanned
// with the real extension, or opened in a Chromium window for the user to click.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatAuditText } from '../../core/report/format-text.ts';
import { DEMO_COOKIES, startDemoPortal } from '../../demo/portal-server.ts';
import { NO_BROWSER_HELP, findChromium } from '../../scan/find-browser.ts';
import { auditFromHttp } from '../../scan/http-view.ts';
import { extensionGranting, launchWithExtension } from '../../scan/launch-chromium.ts';
import { scanPortals } from '../../scan/scan-portals.ts';
import { InputError, type Options, stringFlag } from '../args.ts';
import { ROOT } from '../knowledge.ts';
import { EXIT, type Output } from '../output.ts';
import { reportScans } from './scan.ts';

export async function commandDemo(options: Options, io: Output): Promise<number> {
  const policyText = await readFile(join(ROOT, 'demo/policy-toulouse-metropole-fr.txt'), 'utf8');
  const portal = await startDemoPortal({ cookies: DEMO_COOKIES, policyText });
  try {
    io.say(`Demo portal on ${portal.url} (Toulouse Métropole's policy text; cookies of an anonymous visit plus one undeclared).`);
    const browser = findChromium(stringFlag(options, 'browser'));
    if (options.flags.has('open')) {
      if (!browser) throw new InputError(NO_BROWSER_HELP);
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) throw new InputError('--open needs a display (none in $DISPLAY or $WAYLAND_DISPLAY); run `npm start` without --open for the headless audit');
      const extension = extensionGranting(join(ROOT, 'dist/chrome'), [`*://127.0.0.1/*`]);
      const session = await launchWithExtension({ executablePath: browser, extensionDir: extension.dir, headless: false });
      const page = await session.browser.newPage();
      await page.goto(portal.url);
      io.say('Chromium is open with the extension on the demo portal: click its toolbar button. Close the window to stop.');
      await new Promise<void>((done) => session.browser.once('disconnected', () => done()));
      extension.dispose();
      return EXIT.clean;
    }
    if (!browser) {
      io.warn(NO_BROWSER_HELP);
      io.say('Without a browser, the demo portal is audited from its HTTP responses only: this is not the browser\'s view (cookies set by scripts are missing).');
      const { audit } = await auditFromHttp(portal.url);
      io.say(formatAuditText(audit));
      return audit.summary.undeclared > 0 ? EXIT.undeclared : EXIT.clean;
    }
    io.say(`Scanning it with the extension in ${browser} (headless)…`);
    const scans = await scanPortals({ urls: [portal.url], executablePath: browser, extensionDir: join(ROOT, 'dist/chrome'), settleMs: 800 });
    const status = await reportScans(scans, resolve(stringFlag(options, 'out') ?? 'cookie-audits'), ['json', 'html', 'md', 'csv'], 'fr', io);
    if (status === EXIT.notAudited) return status;
    io.say('The undeclared cookie above is the demo\'s deliberate defect: the portal sets _ga without declaring it.');
    // The demo ran as intended: succeed, so that `npm ci && npm start` reads as working.
    return EXIT.clean;
  } finally {
    await portal.close();
  }
}
