// `ods-cookie-audit demo [--open]` (what `npm start` runs): a demo portal on 127.0.0.1, scanned
// with the real extension, or opened in a Chromium window for the user to click.
import { CONSENT_COOKIE } from '../../core/consent/consent-cookie.ts';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatAuditText } from '../../core/report/format-text.ts';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../demo/portal-server.ts';
import { NO_BROWSER_HELP, extensionRefusal, findChromium } from '../../scan/find-browser.ts';
import { auditFromHttp } from '../../scan/http-view.ts';
import { launchWithExtension } from '../../scan/launch-chromium.ts';
import type { PortalScan } from '../../scan/scan-portals.ts';
import { journeysMatrix, scanJourneys } from '../../scan/journeys.ts';
import { InputError, type Options, stringFlag } from '../args.ts';
import { ROOT } from '../knowledge.ts';
import { EXIT, type Output } from '../output.ts';
import { reportScans } from './scan.ts';

/**
 * The demo portal: Toulouse Métropole's policy text, the cookies of an anonymous visit, and the
 * platform's consent modal with a defect (Google Analytics on arrival and despite refusal). The
 * README's screenshots are taken of this very portal (scripts/screenshots.ts).
 */
export async function startDemo(port = 0): Promise<DemoPortal> {
  const policyText = await readFile(join(ROOT, 'demo/policy-toulouse-metropole-fr.txt'), 'utf8');
  const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== CONSENT_COOKIE);
  return startDemoPortal({ cookies, policyText, consent: { behaviour: 'faulty', buttons: true } }, port);
}

export async function commandDemo(options: Options, io: Output): Promise<number> {
  const portal = await startDemo();
  try {
    io.say(`Demo portal on ${portal.url} (Toulouse Métropole's policy text; the cookies of an anonymous visit; the platform's consent modal, with a deliberate defect).`);
    const browser = findChromium(stringFlag(options, 'browser'));
    const refusal = browser ? extensionRefusal(browser) : undefined;
    if (refusal) throw new InputError(refusal);
    if (options.flags.has('open')) {
      if (!browser) throw new InputError(NO_BROWSER_HELP);
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) throw new InputError('--open needs a display (none in $DISPLAY or $WAYLAND_DISPLAY); run `npm start` without --open for the headless audit');
      // The add-on as a user installs it, access not granted ahead: the first use is the one a newcomer meets.
      const session = await launchWithExtension({ executablePath: browser, extensionDir: join(ROOT, 'dist/chrome'), headless: false });
      const page = await session.browser.newPage();
      await page.goto(portal.url);
      io.say('Chromium is open with the extension on the demo portal. Click the puzzle-piece icon in the toolbar, pin "ODS Cookie Auditor", click it, then Allow: the page is audited at once, the badge shows the count, and the popup has the verdict when you open it again. Close the window to stop.');
      await new Promise<void>((done) => session.browser.once('disconnected', () => done()));
      return EXIT.clean;
    }
    if (!browser) {
      io.warn(NO_BROWSER_HELP);
      io.say('Without a browser, the demo portal is audited from its HTTP responses only: this is not the browser\'s view (cookies set by scripts are missing).');
      const { audit } = await auditFromHttp(portal.url);
      io.say(formatAuditText(audit));
      return audit.summary.undeclared > 0 ? EXIT.undeclared : EXIT.clean;
    }
    io.say(`Auditing the visitor's three journeys (no choice, refuse all, accept all) with the extension in ${browser} (headless)…`);
    const results = await scanJourneys({ urls: [portal.url], executablePath: browser, extensionDir: join(ROOT, 'dist/chrome'), pages: 3, settleMs: 600, concurrency: 1 });
    const matrices = new Map(results.flatMap((r) => (r.ok ? [[r.url, journeysMatrix(r)] as const] : [])));
    const scans = results.map((r): PortalScan => (r.ok ? { url: r.url, ok: true, state: r.base, browser: r.browser } : r));
    const status = await reportScans(scans, resolve(stringFlag(options, 'out') ?? 'cookie-audits'), ['json', 'html', 'md', 'csv'], 'fr', io, new Map(), matrices);
    if (status === EXIT.notAudited) return status;
    io.say("The findings above are the demo's deliberate defects: the portal sets _ga before any choice and despite refusal, and its policy (Toulouse Métropole's text) declares neither _ga nor Matomo.");
    // The demo ran as intended: succeed, so that `npm ci && npm start` reads as working.
    return EXIT.clean;
  } finally {
    await portal.close();
  }
}
