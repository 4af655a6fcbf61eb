// The command line's contract as a newcomer meets it: a mistyped flag is refused (exit 2) with the
// flag meant, every output flag does what it says, success names what it wrote, and --help lists
// what the code itself knows (formats, consent managers).
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestFlag } from '../../src/cli/args.ts';
import { extensionRefusal } from '../../src/scan/find-browser.ts';
import { managerLabel } from '../../src/core/consent/manager-names.ts';
import { MANAGERS } from '../../src/core/consent/managers/index.ts';
import { REPORT_FORMATS } from '../../src/core/report/render-report.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ods-args-'));
const jar = join(dir, 'jar.json');
writeFileSync(jar, JSON.stringify([
  { name: 'sessionid', value: 'login-secret-123', domain: 'data.example.fr', path: '/', httpOnly: true },
  { name: '_ga', value: 'GA1.1.1', domain: '.example.fr', path: '/' },
]));
const audit = (...more: string[]) => runCli(['audit', '--cookies', jar, '--url', 'https://data.example.fr/explore/', ...more]);

describe('flags the command does not have', () => {
  it('refuses a misspelt flag with exit 2 and names the one meant', async () => {
    const { code, stderr, stdout } = await audit('--fromat', 'html');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('ods-cookie-audit: unknown flag --fromat for audit; did you mean --format? (try --help)');
    expect(stdout).toBe('');
  });

  it('refuses an unknown flag with no likely match, and a flag of another command', async () => {
    const bogus = await audit('--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('unknown flag --bogus for audit (try --help)');
    const other = await runCli(['merge', dir, '--journeys']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unknown flag --journeys for merge');
  });

  it('refuses a value flag given no value, and a value given to a switch', async () => {
    const missing = await audit('--out');
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'ods-cookie-audit: --out needs a value']);
    const extra = await audit('--json=yes');
    expect([extra.code, extra.stderr.trim()]).toEqual([2, 'ods-cookie-audit: --json takes no value']);
  });

  it('suggests the command meant', async () => {
    const { code, stderr } = await runCli(['scna', 'https://data.example.fr/']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "scna"; did you mean scan?');
  });

  it('finds the closest flag only when it is a slip, not any flag', () => {
    expect(closestFlag('fromat', ['format', 'out'])).toBe('format');
    expect(closestFlag('concurency', ['concurrency', 'settle'])).toBe('concurrency');
    expect(closestFlag('x', ['format', 'out'])).toBeUndefined();
    expect(closestFlag('verbose', ['format', 'out', 'lang'])).toBeUndefined();
  });
});

describe('audit writes what it is asked, and says so', () => {
  it('--out FILE without --format writes the format its extension names', async () => {
    const file = join(dir, 'by-extension.html');
    const { code, stderr } = await audit('--out', file);
    expect(code).toBe(1);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(stderr).toContain(`wrote ${file}`);
  });

  it('--out FILE with no format in its name asks for one instead of writing nothing', async () => {
    const file = join(dir, 'report');
    const { code, stderr } = await audit('--out', file);
    expect(code).toBe(2);
    expect(stderr).toContain('say which --format to write');
    expect(existsSync(file)).toBe(false);
  });

  it('--format json,html writes both, beside each other, and names both', async () => {
    const { code, stderr } = await audit('--format', 'json,html', '--out', join(dir, 'both.json'));
    expect(code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'both.json'), 'utf8')).summary.undeclared).toBe(1);
    expect(readFileSync(join(dir, 'both.html'), 'utf8')).toContain('_ga');
    expect(stderr).toContain(`wrote ${join(dir, 'both.json')}`);
    expect(stderr).toContain(`wrote ${join(dir, 'both.html')}`);
  });

  it('--format json,html with no --out is refused: two documents cannot share the terminal', async () => {
    const { code, stderr } = await audit('--format', 'json,html');
    expect(code).toBe(2);
    expect(stderr).toContain('several formats need --out FILE');
  });

  it('says why the default catalogue stands in when no policy was given, not "you asked for it"', async () => {
    const text = await audit();
    expect(text.stdout).toContain('no policy was given');
    expect(text.stdout).not.toContain('you asked for it');
    const json = JSON.parse((await audit('--json')).stdout);
    expect(JSON.stringify(json)).toContain('"reason":"no-policy-given"');
  });
});

describe('--help', () => {
  it('lists every report format and every consent manager of the code, and each command\'s flags', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const format of REPORT_FORMATS) expect(stdout).toContain(format);
    expect(stdout).toMatch(/Opendatasoft, tarteaucitron, Klaro, Orejime, vanilla-cookieconsent, and \d{3} more through DuckDuckGo autoconsent's rules/);
    for (const manager of MANAGERS) expect(stdout).toContain(managerLabel(manager.id));
    for (const flagName of ['--fromat', '--bogus']) expect(stdout).not.toContain(flagName);
    for (const flagName of ['--value-hashes', '--consent-fallback', '--previous', '--open', '--resume']) expect(stdout).toContain(flagName);
  });
});

describe('a browser that cannot run the add-on', () => {
  const fake = (version: string) => {
    const path = join(dir, `browser-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, `#!/bin/sh\necho "${version}"\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it('names branded Google Chrome (no --load-extension since 137) and what to use instead, before any scan', async () => {
    const { code, stderr } = await runCli(['scan', 'https://data.example.fr/', '--browser', fake('Google Chrome 142.0.7444.59 ')]);
    expect(code).toBe(2);
    expect(stderr).toContain('is Google Chrome 142, which no longer loads an unpacked add-on (--load-extension) since version 137');
    expect(stderr).toContain('use Chromium');
    expect(stderr).not.toContain('the extension did not start');
  });

  it('lets Chrome for Testing, Chromium and Chrome before 137 through to the scan', () => {
    for (const version of ['Google Chrome for Testing 142.0.7444.59', 'Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)', 'Google Chrome 136.0.7103.92']) expect(extensionRefusal(fake(version)), version).toBeUndefined();
  });
});
