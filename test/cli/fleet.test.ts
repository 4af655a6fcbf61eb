// The fleet, end to end with the real extension: shards scanned apart then merged give the fleet
// one scan gives; a killed shard resumed redoes only what is missing; a second night where a
// portal adds a tracker exits 1 and names it; the workflows validate against GitHub's schema.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCookie, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import type { Fleet } from '../../src/core/fleet/fleet-model.ts';
import { shardOf } from '../../src/core/fleet/shard.ts';
import { root, runCli } from './run-cli.ts';

const run = (args: string[], killAfterLine?: RegExp) => runCli(args, killAfterLine ? { killAfterLine } : {});

const temp = () => mkdtempSync(join(tmpdir(), 'ods-fleet-'));


const fleetSchema = JSON.parse(readFileSync(join(root, 'docs/fleet.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: true });
addFormats(ajv);
const validFleet = ajv.compile(fleetSchema);
const readFleet = (dir: string) => JSON.parse(readFileSync(join(dir, 'fleet.json'), 'utf8')) as Fleet;
/** What a fleet says of its portals, without where and when each was written. */
const verdicts = (fleet: Fleet) => fleet.portals.map(({ report: _r, auditedAt: _a, ...rest }) => rest);

const clean: DemoCookie[] = [
  { name: 'csrftoken', value: 'c', via: 'header', sameSite: 'Lax' },
  { name: 'django_language', value: 'fr', via: 'header', sameSite: 'Lax' },
];
const withGa: DemoCookie[] = [...clean, { name: '_ga', value: 'GA1.1.1.1', via: 'script', maxAgeSeconds: 86400 }];

describe('the fleet: shards, resume, merge and the nightly diff', { timeout: 180_000 }, () => {
  let portals: DemoPortal[];
  const scan = (out: string, ...more: string[]) => run(['scan', ...portals.map((p) => p.url), '--out', out, '--format', 'json,html', '--settle', '200', '--timeout', '20', '--concurrency', '1', ...more]);

  beforeAll(async () => {
    const start = (i: number) => startDemoPortal({ host: `p${i + 1}.localhost`, cookies: i % 2 === 0 ? withGa : clean });
    portals = await Promise.all([0, 1, 2, 3, 4].map(start));
    // Shards hash the origin, port included, and the ports are random: about one draw in sixteen
    // puts all five in one shard. Move p5 to another port until both shards have a portal, so the
    // test always checks a real split.
    for (let tries = 0; new Set(portals.map((p) => shardOf(p.url, 2))).size < 2; tries++) {
      if (tries === 50) throw new Error('no port split the five portals over two shards');
      await portals[4]!.close();
      portals[4] = await start(4);
    }
  });
  afterAll(async () => {
    await Promise.all(portals.map((p) => p.close()));
  });

  it('gives the same fleet from two shards scanned apart as from one scan', async () => {
    const whole = temp();
    const [one, two] = [temp(), temp()];
    const results = await Promise.all([scan(whole), scan(one, '--shard', '1/2'), scan(two, '--shard', '2/2')]);
    for (const r of results) expect(r.stdout).toMatch(/^ods-cookie-audit summary \{"shard":"\d\/\d","portals":\d/m);
    const counted = results.slice(1).map((r) => JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(r.stdout)![1]!).portals as number);
    expect(counted).toEqual([1, 2].map((k) => portals.filter((p) => shardOf(p.url, 2) === k).length));
    expect(counted.every((n) => n > 0)).toBe(true);

    const [fleetWhole, fleetSharded] = [temp(), temp()];
    const merged = await run(['merge', whole, '--out', fleetWhole]);
    expect(merged.code).toBe(0);
    // Scanned without --journeys: no refusal was tested, and the fleet says so rather than "0".
    expect(merged.stdout).toContain('trackers after refusal not tested (no --journeys)');
    expect(readFileSync(join(fleetWhole, 'fleet.html'), 'utf8')).toContain('trackers after refusal: not tested (scan without --journeys)');
    const french = temp();
    expect((await run(['merge', whole, '--out', french, '--lang', 'fr'])).code).toBe(0);
    const page = readFileSync(join(french, 'fleet.html'), 'utf8');
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('traceurs malgré un refus : non testé (analyse sans --journeys)');
    expect((await run(['merge', one, two, '--out', fleetSharded])).code).toBe(0);
    const [a, b] = [readFleet(fleetWhole), readFleet(fleetSharded)];
    expect(validFleet(a), JSON.stringify(validFleet.errors)).toBe(true);
    expect(verdicts(b)).toEqual(verdicts(a));
    expect(b.totals).toEqual(a.totals);
    expect(a.totals).toMatchObject({ portals: 5, withUndeclared: 3, withTrackersBeforeConsent: 3, failed: 0 });
    expect(a.topUndeclared).toEqual([{ name: '_ga', portals: 3 }]);
    // The page links each portal's own report, beside the JSON it was merged from.
    const html = readFileSync(join(fleetWhole, 'fleet.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<a href="\\.\\./[^"]+/cookie-audit_p1\\.localhost_${new URL(portals[0]!.url).port}_\\d{8}-\\d{4}\\.html">p1\\.localhost:${new URL(portals[0]!.url).port}</a>`));
  });

  it('redoes only the missing portals when a killed shard is resumed', async () => {
    const out = temp();
    const first = await run(['scan', ...portals.map((p) => p.url), '--out', out, '--format', 'json', '--settle', '200', '--timeout', '20', '--concurrency', '1'], /\[2\/5\]/);
    expect(first.code).not.toBe(0);
    const done = readdirSync(out).filter((f) => f.endsWith('.json') && f.startsWith('cookie-audit_')).length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(5);
    const resumed = await run(['scan', ...portals.map((p) => p.url), '--out', out, '--format', 'json', '--settle', '200', '--timeout', '20', '--resume']);
    expect(resumed.stderr).toContain(`resume: ${done} portals already reported`);
    expect(JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(resumed.stdout)![1]!)).toMatchObject({ portals: 5 - done, resumed: done });
    expect(readdirSync(out).filter((f) => f.endsWith('.json') && f.startsWith('cookie-audit_'))).toHaveLength(5);
  });

  it('exits 1 the night a portal adds a tracker, and the diff names it; 0 when nothing got worse', async () => {
    const night1 = temp();
    await scan(night1);
    const fleet1 = temp();
    await run(['merge', night1, '--out', fleet1]);

    // p2 now sets _ga before any consent choice (the same portal: same origin, same port).
    const p2 = portals[1]!;
    const port = Number(new URL(p2.url).port);
    await p2.close();
    portals[1] = await startDemoPortal({ host: 'p2.localhost', cookies: withGa }, port);
    const p2Host = `p2.localhost:${port}`;
    const night2 = temp();
    await scan(night2);
    const fleet2 = temp();
    const merged = await run(['merge', night2, '--out', fleet2, '--previous', fleet1]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain(`worse: ${p2Host} is newly non-compliant`);
    expect(merged.stdout).toContain(`worse: new trackers before consent on ${p2Host}: _ga`);
    const diff = JSON.parse(readFileSync(join(fleet2, 'fleet-diff.json'), 'utf8'));
    expect(diff).toMatchObject({ worse: true, newlyNonCompliant: [p2Host], newTrackers: [{ host: p2Host, cookies: ['_ga'] }] });
    expect(readFileSync(join(fleet2, 'fleet.html'), 'utf8')).toContain(`New trackers before consent on <code>${p2Host}</code>: <code>_ga</code>`);

    const again = temp();
    const same = await run(['merge', night2, '--out', again, '--previous', fleet2]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('nothing got worse since');
  });

  it('names a bad file and merges the rest', async () => {
    const dir = temp();
    cpSync(join(__dirname, '../fixtures/registry/ods-entry.yaml'), join(dir, 'cookie-audit_broken.example_20261124-0101.json'));
    const out = temp();
    const merged = await run(['merge', dir, '--out', out]);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toMatch(/skipped .*cookie-audit_broken\.example_20261124-0101\.json: not JSON/);
    expect(readFleet(out).skippedFiles).toHaveLength(1);
  });
});

describe('scans and merges never lose or invent a result', { timeout: 180_000 }, () => {
  let a: DemoPortal;
  let b: DemoPortal;
  const scanArgs = ['--format', 'json,html', '--settle', '200', '--timeout', '20', '--concurrency', '1'];
  beforeAll(async () => {
    // Two portals on one host, told apart by their port only.
    [a, b] = await Promise.all([startDemoPortal({ cookies: withGa }), startDemoPortal({ cookies: clean })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('writes a report per portal when two share a host, keeps every scan summary of one --out, and merges them all', async () => {
    const out = temp();
    const first = await run(['scan', a.url, b.url, '--out', out, ...scanArgs]);
    expect(first.stdout).toMatch(/"audited":2/);
    // A second scan into the same folder, whose only portal cannot be reached.
    const closed = await startDemoPortal();
    const gone = closed.url;
    await closed.close();
    const second = await run(['scan', gone, '--out', out, ...scanArgs]);
    expect(second.code).toBe(3);
    const files = readdirSync(out);
    expect(files.filter((f) => /^cookie-audit_127\.0\.0\.1_\d+_\d{8}-\d{4}\.json$/.test(f))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('scan-summary_1-of-1_'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    const fleetDir = temp();
    const merged = await run(['merge', out, '--out', fleetDir]);
    const fleet = readFleet(fleetDir);
    expect(fleet.portals.map((p) => p.host).sort()).toEqual([new URL(a.url).host, new URL(b.url).host].sort());
    expect(fleet.failures.map((f) => f.url)).toEqual([gone]);
    expect(merged.stdout).toContain('3 portals:');
  });

  it('exits on every portal it reports: a resume that skipped a portal with undeclared cookies exits 1', async () => {
    // Hosts of their own: cookies are not told apart by port, so a shared host would share _ga.
    const [dirty, tidy] = await Promise.all([startDemoPortal({ host: 'dirty-resume.localhost', cookies: withGa }), startDemoPortal({ host: 'tidy-resume.localhost', cookies: clean })]);
    try {
      const out = temp();
      const args = (...urls: string[]) => ['scan', ...urls, '--out', out, ...scanArgs];
      expect((await run(args(dirty.url, tidy.url))).code).toBe(1);
      const resumed = await run([...args(dirty.url, tidy.url), '--resume']);
      expect(resumed.stderr).toContain('resume: 2 portals already reported');
      expect(resumed.stderr).toContain('resume: 1 of the portals already reported have undeclared cookies or consent defects');
      expect(resumed.code).toBe(1);
      // Only the clean one asked for: the other's report in the folder does not speak for it.
      expect((await run([...args(tidy.url), '--resume'])).code).toBe(0);
    } finally {
      await Promise.all([dirty.close(), tidy.close()]);
    }
  });

  it('resumes a portal whose report was cut short or is not a report at all', async () => {
    const out = temp();
    await run(['scan', a.url, b.url, '--out', out, ...scanArgs]);
    const [reportA] = readdirSync(out).filter((f) => f.endsWith('.json') && f.includes(`_${new URL(a.url).port}_`));
    // A kill mid-write used to leave this; and a stray file named like a report of b.
    const text = readFileSync(join(out, reportA!), 'utf8');
    writeFileSync(join(out, reportA!), text.slice(0, text.length / 2));
    for (const f of readdirSync(out).filter((f) => f.includes(`_${new URL(b.url).port}_`))) unlinkSync(join(out, f));
    writeFileSync(join(out, `cookie-audit_127.0.0.1_${new URL(b.url).port}_20261201-0000.json`), '{"schemaVersion": 2}');
    const resumed = await run(['scan', a.url, b.url, '--out', out, ...scanArgs, '--resume']);
    expect(resumed.stderr).toContain('resume: 0 portals already reported');
    expect(resumed.stderr).toMatch(/does not count \(not JSON\)/);
    expect(resumed.stderr).toMatch(/does not count \(not a valid audit report/);
    expect(JSON.parse(/ods-cookie-audit summary (.*)$/m.exec(resumed.stdout)![1]!)).toMatchObject({ portals: 2, audited: 2, resumed: 0 });
    // The broken file stays (never overwritten); the new report stands beside it and merge takes it.
    const fleetDir = temp();
    await run(['merge', out, '--out', fleetDir]);
    expect(readFleet(fleetDir).portals).toHaveLength(2);
  });

  it('fails with status 5, and says so in the page, when the previous fleet cannot be read', async () => {
    const out = temp();
    await run(['scan', a.url, '--out', out, ...scanArgs]);
    for (const previous of [temp(), (() => { const d = temp(); writeFileSync(join(d, 'fleet.json'), '{"schemaVersion": 1}'); return d; })()]) {
      const fleetDir = temp();
      const merged = await run(['merge', out, '--out', fleetDir, '--previous', previous]);
      expect(merged.code).toBe(5);
      expect(merged.stderr).toContain('not compared:');
      expect(readFileSync(join(fleetDir, 'fleet.html'), 'utf8')).toMatch(/role="alert">Not compared: the previous fleet/);
      expect(readFleet(fleetDir).comparisonError).toMatch(/previous fleet/);
    }
  });

  it('reads only regular files (a FIFO named like a report does not hang it) and cleans report text again', async () => {
    const out = temp();
    await run(['scan', a.url, '--out', out, '--format', 'json', '--settle', '200', '--timeout', '20']);
    const [name] = readdirSync(out).filter((f) => f.startsWith('cookie-audit_'));
    const report = JSON.parse(readFileSync(join(out, name!), 'utf8'));
    // A report edited by hand or by a hostile tool: bidi overrides and terminal escapes.
    const evil = '_ga\u202egnp.exe\u001b[31m\u0007';
    report.cookies.find((c: { name: string }) => c.name === '_ga').name = evil;
    writeFileSync(join(out, name!), JSON.stringify(report));
    execFileSync('mkfifo', [join(out, 'cookie-audit_fifo.example_20261201-0000.json')]);
    const fleetDir = temp();
    const merged = await run(['merge', out, '--out', fleetDir]);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toMatch(/cookie-audit_fifo\.example_20261201-0000\.json: not a regular file/);
    for (const file of ['fleet.json', 'fleet.csv', 'fleet.html']) {
      const text = readFileSync(join(fleetDir, file), 'utf8');
      expect(text, file).not.toMatch(/[\u202e\u001b\u0007]/);
      expect(text, file).not.toContain('\\u202e');
    }
  });
});

describe('a fleet is never lost to a file', { timeout: 180_000 }, () => {
  /** A report the CLI wrote, then `edit`ed, saved named as a scan names it. */
  async function reportFile(dir: string, name: string, edit: (report: Record<string, any>) => void): Promise<string> {
    const jar = join(dir, 'jar.json');
    writeFileSync(jar, JSON.stringify([{ name: 'sessionid', value: 'x', domain: 'data.example.fr', path: '/' }]));
    const report = JSON.parse((await run(['audit', '--cookies', jar, '--url', 'https://data.example.fr/explore/', '--json'])).stdout);
    edit(report);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(report));
    return file;
  }

  it('merges the others and names a schema-valid report whose portal.pageUrl is not an address', async () => {
    const dir = temp();
    await reportFile(dir, 'cookie-audit_good_20261201-1000.json', () => undefined);
    const bad = await reportFile(dir, 'cookie-audit_bad_20261201-1000.json', (r) => void (r.portal.pageUrl = 'not a url'));
    const { validReport } = await import('../../src/cli/report-files.ts');
    expect(validReport(JSON.parse(readFileSync(bad, 'utf8')))).toBe(true);
    const out = temp();
    const merged = await run(['merge', dir, '--out', out]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain(`skipped ${bad}: portal.pageUrl is not an address`);
    expect(readFleet(out).portals).toHaveLength(1);
  });

  it('resumes a scan whose folder holds such a report, naming it, instead of stopping before the scan', async () => {
    const portal = await startDemoPortal({ host: 'resume-bad.localhost', cookies: clean });
    try {
      const dir = temp();
      await reportFile(dir, 'cookie-audit_bad_20261201-1000.json', (r) => void (r.portal.pageUrl = 'not a url'));
      const resumed = await run(['scan', portal.url, '--out', dir, '--format', 'json', '--settle', '200', '--timeout', '20', '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/resume: \S+cookie-audit_bad_20261201-1000\.json does not count \(portal\.pageUrl is not an address\)/);
      expect(resumed.stdout).toContain('"audited":1');
    } finally {
      await portal.close();
    }
  });

  it('replaces a symlink named fleet.json, never writing through it to the file it points at', async () => {
    const dir = temp();
    await reportFile(dir, 'cookie-audit_good_20261201-1000.json', () => undefined);
    const outside = join(temp(), 'precious.txt');
    writeFileSync(outside, 'keep me');
    const out = temp();
    symlinkSync(outside, join(out, 'fleet.json'));
    expect((await run(['merge', dir, '--out', out])).code).toBe(0);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(join(out, 'fleet.json')).isSymbolicLink()).toBe(false);
    expect(readFleet(out).portals).toHaveLength(1);
  });

  it('skips a FIFO named like a report without waiting on it', async () => {
    const dir = temp();
    await reportFile(dir, 'cookie-audit_good_20261201-1000.json', () => undefined);
    execFileSync('mkfifo', [join(dir, 'cookie-audit_fifo_20261201-1000.json')]);
    const merged = await run(['merge', dir, '--out', temp()]);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toMatch(/skipped \S+cookie-audit_fifo_20261201-1000\.json: not a regular file/);
  });

  it('lets a rerun in the same minute with --evidence and another --format finish, beside the first', async () => {
    const portal = await startDemoPortal({ host: 'rerun.localhost', cookies: clean });
    try {
      const out = temp();
      const args = (format: string) => ['scan', portal.url, '--out', out, '--format', format, '--evidence', '--settle', '200', '--timeout', '20'];
      const first = await run(args('json'));
      const second = await run(args('md'));
      expect([first.code, second.code], second.stderr).toEqual([0, 0]);
      const files = readdirSync(out);
      expect(files.filter((f) => f.endsWith('.evidence'))).toHaveLength(2);
      expect(files.filter((f) => f.startsWith('cookie-audit_') && (f.endsWith('.json') || f.endsWith('.md')))).toHaveLength(2);
    } finally {
      await portal.close();
    }
  });
});

describe('the workflows', () => {
  it.each(['ci.yml', 'fleet-scan.yml'])('%s validates against the published workflow schema', (file) => {
    expect(validateWorkflow(readFileSync(join(root, '.github/workflows', file), 'utf8')).errors).toEqual([]);
  });

  it('the validator does catch a broken workflow', () => {
    expect(validateWorkflow('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors.length).toBeGreaterThan(0);
  });
});
