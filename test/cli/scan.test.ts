// `ods-cookie-audit scan` and `demo` with the real extension in Debian's Chromium, against local portals.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { runCli } from './run-cli.ts';

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });



async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('ods-cookie-audit scan', { timeout: 120_000 }, () => {
  let clean: DemoPortal;
  let dirty: DemoPortal;
  let unreachable: string;
  beforeAll(async () => {
    clean = await startDemoPortal({ host: 'clean.localhost', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga') });
    dirty = await startDemoPortal();
    unreachable = `http://127.0.0.1:${await closedPort()}/explore/`;
  });
  afterAll(async () => {
    await clean?.close();
    await dirty?.close();
  });

  it('takes a CSV list with a URL column: a portal listed twice is scanned once, other lines are named and skipped', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
    const list = join(out, 'portals.csv');
    writeFileSync(list, `name,url,country\n"Clean, portal",${clean.url},FR\nAgain,${clean.origin}/p/home/,FR\nFile,ftp://files.example/,FR\n`);
    const { code, stdout, stderr } = await run(['scan', '--urls-file', list, '--out', out, '--format', 'json', '--settle', '300', '--timeout', '20']);
    expect(code).toBe(0);
    expect(stderr).toContain(`portals.csv:3: skipped, listed already: ${clean.origin}`);
    expect(stderr).toContain('portals.csv:4: skipped, not http(s): ftp://files.example/');
    expect(stdout.match(/^✓ clean\.localhost/gm)).toHaveLength(1);
  });

  it('treats several names of one portal as one portal audited on each name, and says where they differ', async () => {
    const twins = await Promise.all([
      startDemoPortal({ host: 'twin-a.localhost', platformId: 'demo-twin', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga') }),
      startDemoPortal({ host: 'twin-b.localhost', platformId: 'demo-twin', policy: 'missing' }),
    ]);
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
      const { stdout } = await run(['scan', ...twins.map((t) => t.url), '--out', out, '--format', 'json', '--settle', '300', '--timeout', '20']);
      expect(stdout).toContain('= one portal on 2 names (demo-twin): twin-a.localhost, twin-b.localhost');
      expect(stdout).toMatch(/ {4}catalogue: policy read at http:\/\/twin-a\.localhost:\d+\/terms\/cookies-policy\/ on twin-a\.localhost; embedded default \(\S+\) on twin-b\.localhost/);
      expect(stdout).toContain('    trackers set on twin-b.localhost only: _ga');
    } finally {
      await Promise.all(twins.map((t) => t.close()));
    }
  });

  it('waits for a heavy portal\'s network to be quiet, so trackers loaded seconds after load are seen; a hanging one times out', async () => {
    const heavy = await startDemoPortal({ host: 'heavy.localhost', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga'), realistic: { appKb: 1500, apiMs: 900, trackerMs: 500 } });
    const hanging = await startDemoPortal({ host: 'hanging.localhost', realistic: { hang: true } });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
      const { code, stdout, stderr } = await run(['scan', heavy.url, hanging.url, '--out', out, '--format', 'json', '--settle', '200', '--timeout', '6']);
      expect(code).toBe(3);
      expect(stdout).toMatch(/✗ heavy\.localhost  2 undeclared/);
      expect(stdout).toContain('    undeclared: _ga (heavy.localhost/, first party)');
      expect(stdout).toMatch(/undeclared: _pk_id\.3\.a1b2/);
      expect(stdout).toMatch(/! http:\/\/hanging\.localhost:\d+\/explore\/  could not be audited: .*(?:timeout|Timeout|took more than)/);
      // Under CI (or into a file) progress is one plain line per portal.
      expect(stderr).toMatch(/^\[\d\/2\] ✗ heavy\.localhost: 2 undeclared/m);
    } finally {
      await heavy.close();
      await hanging.close();
    }
  });

  it('audits each portal, writes its reports, reports the failed one, and exits non-zero', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
    const list = join(out, 'portals.txt');
    writeFileSync(list, `# portals to audit\n${dirty.url}\n\n${unreachable}\n`);
    const { code, stdout } = await run(['scan', clean.url, '--urls-file', list, '--out', out, '--format', 'json,html', '--settle', '500', '--timeout', '20']);
    expect(code).toBe(3);
    expect(stdout).toContain('✓ clean.localhost  0 undeclared, 3 declared, 2 declared but not seen');
    expect(stdout).toMatch(/✗ 127\.0\.0\.1  2 undeclared, 4 declared, 1 declared but not seen\n {4}recognised by: staticfileset-assets, [^\n]*manage-cookies[^\n]*; platform name demo-127\.opendatasoft\.com\n {4}undeclared: _ga \(127\.0\.0\.1\/, first party\), set by inline script of http:\/\/127\.0\.0\.1:\d+\/explore\/\n {4}undeclared: tracker/);
    expect(stdout).toMatch(new RegExp(`! ${unreachable.replace(/[.:/]/g, '\\$&')}  could not be audited: net::ERR_CONNECTION_REFUSED`));

    const files = readdirSync(out).filter((f) => f.startsWith('cookie-audit_')).sort();
    // Named by host and port (the demo portals are not on the scheme's port) and minute.
    expect(files.map((f) => f.replace(/_\d+_\d{8}-\d{4}/, ''))).toEqual(['cookie-audit_127.0.0.1.html', 'cookie-audit_127.0.0.1.json', 'cookie-audit_clean.localhost.html', 'cookie-audit_clean.localhost.json']);
    const report = JSON.parse(readFileSync(join(out, files[1]!), 'utf8'));
    expect(report.browser.name).toBe('Chrome');
    expect(report.catalogue.source).toMatchObject({ kind: 'portal', url: `${dirty.origin}/terms/cookies-policy/` });
    expect(report.cookies.filter((c: { status: string }) => c.status === 'undeclared').map((c: { name: string }) => c.name)).toEqual(['_ga', 'tracker']);
    expect(JSON.stringify(report)).not.toContain('secret-session-7f3a9c');
  });

  it('exits 0 when every portal is clean, and 1 when one sets undeclared cookies', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
    expect((await run(['scan', clean.url, '--out', out, '--settle', '300'])).code).toBe(0);
    expect((await run(['scan', dirty.url, '--out', out, '--settle', '300'])).code).toBe(1);
  });

  it('says what to install when no browser is found', async () => {
    const { code, stderr } = await run(['scan', clean.url, '--browser', '/nonexistent/chromium']);
    expect(code).toBe(2);
    expect(stderr).toContain('apt-get install chromium');
  });
});

describe('ods-cookie-audit demo (npm start)', { timeout: 120_000 }, () => {
  it("audits the bundled demo portal's three consent journeys with the real extension and shows its defects", async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-demo-'));
    const { code, stdout } = await run(['demo', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✗ 127\.0\.0\.1  1 undeclared, 2 declared, 2 declared but not seen/);
    expect(stdout).toContain('undeclared: _ga');
    expect(stdout).toContain("refuse-all reached (through the dialog: the dialog's refuse-all control); accept-all reached (through the dialog: the dialog's accept-all control)");
    expect(stdout).toContain('⚠ tracker-after-refusal: _ga set although the visitor refused every tracker (on /explore/)');
    expect(stdout).toMatch(/⚠ undeclared: _pk_id\.3\.a1b2/);
    expect(readdirSync(out).map((f) => f.split('.').pop()).sort()).toEqual(['csv', 'html', 'json', 'md']);
  });

  it('without any browser, audits the demo from its HTTP responses and says it is not the browser view', async () => {
    const { code, stdout, stderr } = await run(['demo'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(code).toBe(0);
    expect(stderr).toContain('apt-get install chromium');
    expect(stdout).toContain("this is not the browser's view");
    // Only the header cookies: the script-set _ga and cookies_preferences are out of sight.
    expect(stdout).toMatch(/127\.0\.0\.1: 2 cookies, 0 undeclared, 2 declared/);
  });

  it("neither saves a portal's downloads nor lets its window loop cost another portal its audit", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ods-home-'));
    const hostile = await startDemoPortal({ host: 'hostile.localhost', hostile: { download: true, popups: true } });
    const bystander = await startDemoPortal({ host: 'bystander.localhost', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga') });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-scan-'));
      // A home of its own, so that the browser's default download folder is one the test can read.
      const { stdout } = await run(['scan', hostile.url, bystander.url, '--out', out, '--format', 'json', '--settle', '1500', '--timeout', '10', '--concurrency', '2'], { HOME: home, XDG_DOWNLOAD_DIR: join(home, 'Downloads') });
      expect(JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(stdout)![1]!)).toMatchObject({ audited: 2, failed: 0 });
      expect(stdout).toMatch(/^✓ bystander\.localhost/m);
      const saved = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? saved(join(dir, e.name)) : [join(dir, e.name)]));
      expect(saved(home).filter((f) => /rapport|second\.bin/.test(f))).toEqual([]);
      expect(saved(out).filter((f) => /rapport|second\.bin/.test(f))).toEqual([]);
    } finally {
      await hostile.close();
      await bystander.close();
    }
  });

  it('gives up on a portal whose page never stops writing document.cookie when its time is up, and audits the one beside it', async () => {
    // A renderer that never returns to its event loop answers no DevTools call: only the portal's own
    // timeout ends it. 30 s: the portal beside it is done long before, however loaded the machine.
    const endless = await startDemoPortal({ host: 'endless-flood.localhost', cookieFlood: Infinity });
    const bystander = await startDemoPortal({ host: 'beside-endless.localhost', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga') });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-endless-'));
      const { stdout } = await run(['scan', endless.url, bystander.url, '--out', out, '--format', 'json', '--timeout', '30', '--concurrency', '2']);
      expect(JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(stdout)![1]!), stdout).toMatchObject({ audited: 1, failed: 1 });
      expect(stdout).toMatch(/! http:\/\/endless-flood\.localhost:\d+\/explore\/  could not be audited: .*(?:[Tt]imeout|took more than)/);
      expect(readdirSync(out).filter((f) => f.startsWith('cookie-audit_beside-endless.localhost') && f.endsWith('.json'))).toHaveLength(1);
    } finally {
      await endless.close();
      await bystander.close();
    }
  });

  it('audits a portal scanned beside one that floods document.cookie 200,000 times, and the flooding one too, its writes followed up to the cap', async () => {
    const flooding = await startDemoPortal({ host: 'flooding.localhost', cookieFlood: 200_000 });
    const bystander = await startDemoPortal({ host: 'beside-flood.localhost', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga') });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-flood-'));
      const { stdout } = await run(['scan', flooding.url, bystander.url, '--out', out, '--format', 'json', '--evidence', '--concurrency', '2']);
      expect(JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(stdout)![1]!), stdout).toMatchObject({ audited: 2, failed: 0 });
      const report = (host: string) => JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith(`cookie-audit_${host}`) && f.endsWith('.json'))!), 'utf8'));
      // The bystander's audit is whole: each of its cookies, each with who set it.
      const beside = report('beside-flood.localhost');
      expect(beside.cookies.map((c: { name: string }) => c.name).sort()).toEqual(DEMO_COOKIES.filter((c) => c.name !== '_ga').map((c) => c.name).sort());
      // The flooding portal is audited: its fifty names are there, each named as a script's write.
      const flooded = report('flooding.localhost');
      const floods = flooded.cookies.filter((c: { name: string }) => c.name.startsWith('flood'));
      expect(floods).toHaveLength(50);
      expect(floods.every((c: { setBy?: { how?: string } }) => c.setBy?.how === 'document.cookie')).toBe(true);
    } finally {
      await flooding.close();
      await bystander.close();
    }
  });
});
