// The fleet, end to end with the real extension: shards scanned apart then merged give the fleet
// one scan gives; a killed shard resumed redoes only what is missing; a second night where a
// portal adds a tracker exits 1 and names it; the workflows validate against GitHub's schema.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCookie, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import type { Fleet } from '../../src/core/fleet/fleet-model.ts';
import { shardOf } from '../../src/core/fleet/shard.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = () => mkdtempSync(join(tmpdir(), 'ods-fleet-'));

function run(args: string[], killAfterLine?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/ods-cookie-audit.mjs'), ...args], { cwd: root, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (killAfterLine?.test(stderr)) child.kill('SIGTERM');
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
    expect((await run(['merge', whole, '--out', fleetWhole])).code).toBe(0);
    expect((await run(['merge', one, two, '--out', fleetSharded])).code).toBe(0);
    const [a, b] = [readFleet(fleetWhole), readFleet(fleetSharded)];
    expect(validFleet(a), JSON.stringify(validFleet.errors)).toBe(true);
    expect(verdicts(b)).toEqual(verdicts(a));
    expect(b.totals).toEqual(a.totals);
    expect(a.totals).toMatchObject({ portals: 5, withUndeclared: 3, withTrackersBeforeConsent: 3, failed: 0 });
    expect(a.topUndeclared).toEqual([{ name: '_ga', portals: 3 }]);
    // The page links each portal's own report, beside the JSON it was merged from.
    const html = readFileSync(join(fleetWhole, 'fleet.html'), 'utf8');
    expect(html).toMatch(/<a href="\.\.\/[^"]+\/cookie-audit_p1\.localhost_\d{8}-\d{4}\.html">p1\.localhost<\/a>/);
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

    // p2 now sets _ga before any consent choice.
    const p2 = portals[1]!;
    await p2.close();
    portals[1] = await startDemoPortal({ host: 'p2.localhost', cookies: withGa });
    const night2 = temp();
    await scan(night2);
    const fleet2 = temp();
    const merged = await run(['merge', night2, '--out', fleet2, '--previous', fleet1]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('worse: p2.localhost is newly non-compliant');
    expect(merged.stdout).toContain('worse: new trackers on p2.localhost: _ga');
    const diff = JSON.parse(readFileSync(join(fleet2, 'fleet-diff.json'), 'utf8'));
    expect(diff).toMatchObject({ worse: true, newlyNonCompliant: ['p2.localhost'], newTrackers: [{ host: 'p2.localhost', cookies: ['_ga'] }] });
    expect(readFileSync(join(fleet2, 'fleet.html'), 'utf8')).toContain('New trackers on <code>p2.localhost</code>: <code>_ga</code>');

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

describe('the workflows', () => {
  it.each(['ci.yml', 'fleet-scan.yml'])('%s validates against the published workflow schema', (file) => {
    expect(validateWorkflow(readFileSync(join(root, '.github/workflows', file), 'utf8')).errors).toEqual([]);
  });

  it('the validator does catch a broken workflow', () => {
    expect(validateWorkflow('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors.length).toBeGreaterThan(0);
  });
});
