// The CLI as users run it: the built binary, real files, a real local HTTP server, exit statuses.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { root, runCli } from './run-cli.ts';

const run = (...args: string[]) => runCli(args);

const fixtures = join(root, 'test/fixtures');


const dir = mkdtempSync(join(tmpdir(), 'ods-cli-'));
const jar = (cookies: object[]) => {
  const file = join(dir, `jar-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(cookies));
  return file;
};
const clean = jar([
  { name: 'sessionid', value: 'login-secret-123', domain: 'opendata.paris.fr', path: '/', httpOnly: true },
  { name: 'csrftoken', value: 'c', domain: 'opendata.paris.fr', path: '/' },
]);
const dirty = jar([
  { name: 'sessionid', value: 'login-secret-123', domain: 'opendata.paris.fr', path: '/', httpOnly: true },
  { name: '_ga', value: 'GA1.1.1', domain: '.paris.fr', path: '/' },
  { name: 'IDE', value: 'x', domain: '.doubleclick.net', path: '/' },
]);

let portal: DemoPortal;
beforeAll(async () => {
  portal = await startDemoPortal({ policy: 'statistics' });
});
afterAll(() => portal.close());

describe('ods-cookie-audit catalogue', () => {
  it('prints the catalogue of a policy file as JSON', async () => {
    const { code, stdout } = await run('catalogue', join(fixtures, 'policies/opendatasoft-com-fr.txt'), '--json');
    expect(code).toBe(0);
    const catalogue = JSON.parse(stdout);
    expect(catalogue.language).toBe('fr');
    expect(catalogue.entries.map((e: { pattern: string }) => e.pattern)).toEqual(['sessionid', 'django_language', 'csrftoken', 'cookies_preferences', '_BEAMER*']);
    expect(Object.keys(catalogue.entries[0])).toEqual(['pattern', 'provider', 'service', 'purpose', 'category']);
    expect(catalogue.warnings).toEqual([]);
  });

  it('reads a policy from a URL', async () => {
    const { code, stdout } = await run('catalogue', `${portal.origin}/terms/cookies-policy/`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).entries.map((e: { pattern: string }) => e.pattern)).toContain('_ga*');
  });
});

describe('ods-cookie-audit audit', () => {
  it('exits 0 when every cookie is declared (embedded default catalogue)', async () => {
    const { code, stdout } = await run('audit', '--cookies', clean, '--url', 'https://opendata.paris.fr/explore/', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ declared: 2, undeclared: 0, missing: 3 });
    expect(report.catalogue.source).toEqual({ kind: 'default', reason: 'no-policy-given' });
  });

  it('exits 1 and names the undeclared cookies, first or third party', async () => {
    const { code, stdout } = await run('audit', '--policy', join(fixtures, 'policies/paris-fr.txt'), '--cookies', dirty, '--url', 'https://opendata.paris.fr/', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.cookies.map((c: { name: string; party: string; status: string; pattern: string | null }) => [c.name, c.party, c.status, c.pattern])).toEqual([
      ['_ga', 'first', 'undeclared', null],
      ['IDE', 'third', 'undeclared', null],
      ['sessionid', 'first', 'declared', 'sessionid'],
    ]);
    expect(report.missing.map((m: { pattern: string }) => m.pattern)).toEqual(['django_language', 'csrftoken', 'cookies_preferences']);
    expect(stdout).not.toContain('login-secret-123');
  });

  it('prints a readable report by default', async () => {
    const { code, stdout } = await run('audit', '--cookies', dirty, '--url', 'https://opendata.paris.fr/');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^opendata\.paris\.fr: 3 cookies, 2 undeclared/);
    expect(stdout).toContain('UNDECLARED');
    expect(stdout).toMatch(/normally set: after login|normally set: consent/);
  });

  it('accepts a policy URL, so the portal declaring _ga* makes _ga declared', async () => {
    const { code, stdout } = await run('audit', '--policy', `${portal.origin}/terms/cookies-policy/`, '--cookies', jar([{ name: '_ga', value: '1', domain: '127.0.0.1', path: '/' }]), '--url', portal.url, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).cookies[0]).toMatchObject({ name: '_ga', status: 'declared', pattern: '_ga*' });
  });

  it.each([
    [['audit', '--cookies', join(dir, 'nope.json'), '--url', 'https://a.fr/'], /cookies .*nope\.json: no such file/],
    [['audit', '--cookies', jar([{ value: 'x' }]), '--url', 'https://a.fr/'], /cookie 1 has no name/],
    [['audit', '--cookies', clean], /needs --url/],
    [['audit', '--cookies', clean, '--url', 'ftp://a.fr/'], /not an http\(s\) URL/],
    [['audit', '--policy', join(fixtures, 'html/../portals/plain-site.html'), '--cookies', clean, '--url', 'https://a.fr/'], /no declared cookies found/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on bad input, with a one-line reason: %j', async (args, reason) => {
    const { code, stderr, stdout } = await run(...args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(reason);
    expect(stdout).toBe('');
  });

  it('exits 2 when a policy URL does not answer', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { code, stderr } = await run('catalogue', `http://127.0.0.1:${port}/terms/cookies-policy/`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  it('exits 2 when the policy URL answers 404', async () => {
    const { code, stderr } = await run('catalogue', `${portal.origin}/terms/nothing-here/`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/HTTP 404/);
  });
});

describe('the failure contract: one line, a documented status, never a stack trace', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);
  const schema = JSON.parse(readFileSync(join(root, 'docs/audit-report.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it.each([
    ['a folder that does not exist', () => join(dir, 'no-such-folder', 'report.html')],
    ['a folder', () => dir],
  ])('exits 4 when --out names %s', async (_, out) => {
    const { code, stderr } = await run('audit', '--cookies', clean, '--url', 'https://opendata.paris.fr/', '--format', 'html', '--out', out());
    expect(code).toBe(4);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ods-cookie-audit: cannot write .*: (no such file or folder|is a folder)$/m);
    noStack(stderr);
  });

  it('clamps out-of-range expiry dates and ignores a malformed partition, with warnings; every format renders and JSON validates', async () => {
    const extreme = jar([
      { name: 'far', value: 'v', domain: 'opendata.paris.fr', path: '/', expirationDate: 1e300 },
      { name: 'later', value: 'v', domain: 'opendata.paris.fr', path: '/', expirationDate: 1e12 },
      { name: 'odd', value: 'v', domain: 'opendata.paris.fr', path: '/', partitionKey: { topLevelSite: 42 } },
      { name: 'cookies_preferences', value: encodeURIComponent(JSON.stringify({ ga: true, timestamp: 8e15 })), domain: 'opendata.paris.fr', path: '/' },
    ]);
    for (const format of ['json', 'csv', 'md', 'html']) {
      const { code, stdout, stderr } = await run('audit', '--cookies', extreme, '--url', 'https://opendata.paris.fr/', '--format', format);
      expect(code, `${format}: ${stderr}`).toBe(1);
      noStack(stderr);
      expect(stderr).toMatch(/cookie "far": expiry 1e\+300 is out of range, read as far future/);
      expect(stderr).toMatch(/cookie "odd": partitionKey ignored/);
      if (format === 'json') {
        const report = JSON.parse(stdout);
        expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
        expect(report.cookies.find((c: { name: string }) => c.name === 'later').expires).toBe('9999-12-31T23:59:59.000Z');
        expect(report.consent).toEqual({ status: 'chosen', manager: 'opendatasoft', choice: 'accept-all', choices: { ga: true } });
      }
    }
  });

  it('exits 2 for a binary file given as a policy, to catalogue and audit alike', async () => {
    const binary = join(dir, 'policy.pdf');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)));
    for (const args of [['catalogue', binary], ['audit', '--policy', binary, '--cookies', clean, '--url', 'https://opendata.paris.fr/']]) {
      const { code, stderr } = await run(...args);
      expect(code, args[0]).toBe(2);
      expect(stderr).toMatch(/no declared cookies found \(binary data/);
    }
  });

  it('never lets a terminal escape or a line break from a file reach the terminal', async () => {
    const hostile = join(dir, 'hostile.json');
    writeFileSync(hostile, '\u001b[2J\u001b]0;owned\u0007\nnot json');
    const bad = await run('audit', '--cookies', hostile, '--url', 'https://opendata.paris.fr/');
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const names = await run('audit', '--cookies', jar([{ name: '\u001b[31mred\u001b[0m\rfake line', value: 'v', domain: 'opendata.paris.fr', path: '/' }]), '--url', 'https://opendata.paris.fr/');
    expect(names.code).toBe(1);
    expect(names.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('reports an internal error as exit 4 without a stack trace, and with one under --debug', async () => {
    const { main } = await import('../../src/cli/ods-cookie-audit.ts');
    for (const debug of [false, true]) {
      const errors: string[] = [];
      const broken = () => {
        throw new Error('EIO: standard output failed');
      };
      const code = await main(['audit', '--cookies', clean, '--url', 'https://opendata.paris.fr/', ...(debug ? ['--debug'] : [])], broken, (s) => errors.push(s));
      expect(code).toBe(4);
      expect(errors[0]).toMatch(/^ods-cookie-audit: internal error: EIO: standard output failed/);
      expect(errors.join('\n').includes('    at '), `debug ${debug}`).toBe(debug);
    }
  });
});

describe('ods-cookie-audit audit: consent recorded by a site\'s own manager', () => {
  it('reads tarteaucitron\'s refusal as a refusal: _ga "set though refused", never "before consent", and says so in French', async () => {
    const refused = jar([
      { name: 'tarteaucitron', value: '!gtag=false!analytics=false', domain: 'data.exemple.fr', path: '/' },
      { name: '_ga', value: 'GA1.1.1', domain: '.exemple.fr', path: '/' },
    ]);
    const { stdout } = await run('audit', '--cookies', refused, '--url', 'https://data.exemple.fr/explore/', '--json');
    const report = JSON.parse(stdout);
    expect(report.consent).toEqual({ status: 'chosen', manager: 'tarteaucitron', choice: 'refuse-all', choices: { gtag: false, analytics: false } });
    const ga = report.cookies.find((c: { name: string }) => c.name === '_ga');
    expect(ga.failedChecks).toContain('set-though-refused');
    expect(ga.failedChecks).not.toContain('set-before-consent');
    const french = await run('audit', '--cookies', refused, '--url', 'https://data.exemple.fr/explore/', '--format', 'md', '--lang', 'fr');
    expect(french.stdout).toContain('tarteaucitron enregistre le choix du visiteur : tout refusé (gtag ✗, analytics ✗)');
    expect(french.stdout).not.toContain('records the visitor');
  });
});
