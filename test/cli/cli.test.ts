// The CLI as users run it: the built binary, real files, a real local HTTP server, exit statuses.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures');

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/ods-cookie-audit.mjs'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

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
    expect(report.catalogue.source).toEqual({ kind: 'default', reason: 'requested' });
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
