// Who set each cookie, in the scan: on a portal whose HTML response sets csrftoken, whose API
// response sets ods_visit, which loads a script from another local origin that writes a tracker a
// second later, and embeds a frame of a third origin that sets its own. Plain and journeys scans
// name each setter, the page and the state; `--evidence` writes a folder with screenshots and a
// valid HAR per state; no cookie value the portal used appears in any file written.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/core/report/report-model.ts';
import { type DemoPortal, EVIDENCE_VALUES, STANDARD_COOKIES, startDemoPortal } from '../../src/demo/portal-server.ts';
import { harValidator } from '../har-schema.ts';
import { runCli, schemaValidator } from './run-cli.ts';



const validReport = schemaValidator('audit-report.schema.json');

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

/** Every cookie value the test portals set (long enough to be an identifier rather than a word). */
const VALUES = [...Object.values(EVIDENCE_VALUES), ...STANDARD_COOKIES.map((c) => c.value), 'w-7731', 'c-1902'].filter((v) => v.length >= 5);

describe('who set each cookie, in scans', { timeout: 240_000 }, () => {
  let cdn: DemoPortal;
  let widgets: DemoPortal;
  let portal: DemoPortal;

  beforeAll(async () => {
    cdn = await startDemoPortal({ host: 'cdn.localhost', portal: false });
    widgets = await startDemoPortal({ host: 'widgets.localhost', portal: false });
    portal = await startDemoPortal({ host: 'evidence.localhost', embed: `${widgets.origin}/widget`, evidence: { tracker: `${cdn.origin}/evidence-tracker.js` }, consent: { behaviour: 'correct', buttons: true } });
  });
  afterAll(async () => {
    await Promise.all([cdn, widgets, portal].map((p) => p?.close()));
  });

  const jsonReport = (out: string) => JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => /^cookie-audit_.*\.json$/.test(f))!), 'utf8')) as AuditReport;
  const setter = (report: AuditReport, name: string) => report.cookies.find((c) => c.name === name)?.setBy;

  /** The four setters the portal was built to tell apart, as any scan of it must name them. */
  function expectSetters(report: AuditReport, state?: string) {
    const inState = state ? { state } : {};
    expect(setter(report, 'csrftoken')).toMatchObject({ how: 'response', url: portal.url, page: portal.url, count: 1, ...inState });
    expect(setter(report, 'ods_visit')).toMatchObject({ how: 'response', url: `${portal.origin}/api/explore/v2.1/visits`, page: portal.url, ...inState });
    const tracker = setter(report, '_evid_trk')!;
    expect(tracker).toMatchObject({ how: 'document.cookie', url: `${cdn.origin}/evidence-tracker.js`, page: portal.url, ...inState });
    // The script waits before it writes: its write is timed after the page's own response, never before.
    expect(tracker.afterMs).toBeGreaterThan(setter(report, 'csrftoken')!.afterMs!);
    // The frame's own cookie (Chromium keeps the partitioned one), set by the frame's document response.
    expect(setter(report, 'widget_chips')).toMatchObject({ how: 'response', url: `${widgets.origin}/widget`, frame: `${widgets.origin}/widget`, page: portal.url });
    // The page's own inline script.
    expect(setter(report, '_ga')).toMatchObject({ how: 'document.cookie', url: portal.url });
    expect(report.evidence).toEqual({ responses: true, scripts: true });
  }

  function expectNoValue(out: string) {
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const value of VALUES) expect(text.includes(value), `${value} in ${file}`).toBe(false);
    }
  }

  it('names the setter of each cookie in a plain scan, and its report, evidence folder and HAR hold no value', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-evidence-'));
    const { stdout } = await runCli(['scan', portal.url, '--evidence', '--format', 'json,csv,md,html', '--timeout', '20', '--out', out]);
    expect(stdout).toContain(`undeclared: _evid_trk (evidence.localhost/, first party), set by script ${cdn.origin}/evidence-tracker.js`);
    const report = jsonReport(out);
    expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
    expectSetters(report);
    const folder = readdirSync(out).find((f) => f.endsWith('.evidence'))!;
    const bundle = readdirSync(join(out, folder)).sort();
    expect(bundle).toEqual(['SHA256SUMS', `${folder.replace('.evidence', '')}.csv`, `${folder.replace('.evidence', '')}.html`, `${folder.replace('.evidence', '')}.json`, `${folder.replace('.evidence', '')}.md`, 'page.har', 'page.png'].sort());
    const har = JSON.parse(readFileSync(join(out, folder, 'page.har'), 'utf8'));
    expect(harValidator()(har)).toEqual([]);
    const api = har.log.entries.find((e: { request: { url: string } }) => e.request.url.endsWith('/api/explore/v2.1/visits'));
    expect(api.response.cookies).toEqual([expect.objectContaining({ name: 'ods_visit', value: '' })]);
    // The tracker's beacon carried its identifier: the address is kept, the value removed.
    expect(har.log.entries.some((e: { request: { url: string } }) => e.request.url.includes('/collect?cid=%5Bremoved%5D'))).toBe(true);
    expectNoValue(out);

    // The fleet names the script behind the undeclared tracker; a report of schema 2 (before
    // evidence) still merges beside it.
    const old = mkdtempSync(join(tmpdir(), 'ods-evidence-old-'));
    const v2 = { ...report, schemaVersion: 2, portal: { ...report.portal, pageUrl: 'http://old.localhost:1/explore/', host: 'old.localhost' }, cookies: report.cookies.map(({ setBy: _, ...c }) => c) } as Record<string, unknown>;
    delete v2.evidence;
    writeFileSync(join(old, 'cookie-audit_old.localhost_1_20261201-0000.json'), JSON.stringify(v2));
    const fleetDir = mkdtempSync(join(tmpdir(), 'ods-evidence-fleet-'));
    const merged = await runCli(['merge', out, old, '--out', fleetDir]);
    expect(merged.stderr).not.toContain('skipped');
    expect(merged.stdout).toContain('2 portals:');
    expect(merged.stdout).toContain(`behind undeclared cookies on 1 portal: script ${new URL(cdn.origin).host}/evidence-tracker.js (_evid_trk)`);
    const fleet = JSON.parse(readFileSync(join(fleetDir, 'fleet.json'), 'utf8'));
    expect(fleet.topSetters.undeclared).toContainEqual({ setter: `script ${new URL(cdn.origin).host}/evidence-tracker.js`, host: new URL(cdn.origin).host, portals: 1, cookies: ['_evid_trk'] });
    expect(readFileSync(join(fleetDir, 'fleet.html'), 'utf8')).toContain('Scripts and responses most often behind undeclared cookies');
  });

  it('records a write made through a same-origin about:blank frame (no script of its own runs there), and keeps its value out', async () => {
    const sandboxed = await startDemoPortal({ host: 'sandboxed.localhost', evidence: { tracker: `${cdn.origin}/evidence-tracker.js`, blankFrame: true } });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-blank-'));
      await runCli(['scan', sandboxed.url, '--format', 'json', '--timeout', '20', '--out', out]);
      expect(setter(jsonReport(out), '_evid_blank')).toMatchObject({ how: 'document.cookie', url: sandboxed.url, page: sandboxed.url });
      expect(readFileSync(join(out, readdirSync(out).find((f) => /^cookie-audit_.*\.json$/.test(f))!), 'utf8')).not.toContain(EVIDENCE_VALUES.blank);
    } finally {
      await sandboxed.close();
    }
  });

  it('keeps out of every file a value a script wrote and removed before the audit, and sent in an address meanwhile (a cookie and a localStorage item)', async () => {
    const transient = await startDemoPortal({ host: 'transient.localhost', evidence: { tracker: `${cdn.origin}/evidence-tracker.js`, transient: true } });
    try {
      const out = mkdtempSync(join(tmpdir(), 'ods-transient-'));
      await runCli(['scan', transient.url, '--evidence', '--format', 'json,csv,md,html', '--timeout', '20', '--out', out]);
      // The sync request left with both identifiers; nothing of either was held at the audit.
      expect(transient.requested.some((r) => r.includes(`/api/sync?uid=${EVIDENCE_VALUES.transient}`))).toBe(true);
      const folder = readdirSync(out).find((f) => f.endsWith('.evidence'))!;
      const har = JSON.parse(readFileSync(join(out, folder, 'page.har'), 'utf8'));
      expect(har.log.entries.some((e: { request: { url: string } }) => e.request.url.includes('/api/sync?uid=%5Bremoved%5D&ls=%5Bremoved%5D'))).toBe(true);
      for (const file of filesUnder(out)) {
        const text = readFileSync(file).toString('latin1');
        for (const value of [EVIDENCE_VALUES.transient, EVIDENCE_VALUES.stored]) expect(text.includes(value), `${value} in ${file}`).toBe(false);
      }
    } finally {
      await transient.close();
    }
  });

  it('names the setter per state in a journeys scan, with a screenshot of the dialog before and after each choice, and a valid HAR per state', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-evidence-journeys-'));
    const { stdout, stderr } = await runCli(['scan', portal.url, '--journeys', '--pages', '1', '--evidence', '--format', 'json,csv,md,html', '--timeout', '20', '--out', out]);
    expect(stdout, stderr).toContain('accept-all reached');
    const report = jsonReport(out);
    expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
    expectSetters(report, 'no-choice');
    // The matrix keeps each state's setter.
    const row = report.journeys!.rows.find((r) => r.name === '_evid_trk')!;
    expect(row.setBy?.['accept-all']).toMatchObject({ how: 'document.cookie', url: `${cdn.origin}/evidence-tracker.js`, state: 'accept-all' });
    expect(report.journeys!.states.map((s) => s.screenshots)).toEqual([
      { found: 'no-choice_dialog-as-found.png' },
      { found: 'refuse-all_dialog-as-found.png', chosen: 'refuse-all_after-choice.png' },
      { found: 'accept-all_dialog-as-found.png', chosen: 'accept-all_after-choice.png' },
    ]);
    const folder = join(out, readdirSync(out).find((f) => f.endsWith('.evidence'))!);
    const names = readdirSync(folder);
    for (const state of ['no-choice', 'refuse-all', 'accept-all']) {
      const har = JSON.parse(readFileSync(join(folder, `${state}.har`), 'utf8'));
      expect(harValidator()(har), state).toEqual([]);
      expect(har.log.entries.length).toBeGreaterThan(3);
      expect(har.log.pages[0].title).toBe(portal.url);
    }
    for (const shot of names.filter((n) => n.endsWith('.png'))) expect(readFileSync(join(folder, shot)).subarray(1, 4).toString()).toBe('PNG');
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(5);
    // The bundle's HTML report shows the screenshots; the one beside the reports does not carry them.
    const html = readFileSync(join(folder, names.find((n) => n.endsWith('.html'))!), 'utf8');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(5);
    expect(readFileSync(join(out, readdirSync(out).find((f) => /^cookie-audit_.*\.html$/.test(f))!), 'utf8')).not.toContain('<img');
    // Every file of the folder is in SHA256SUMS with its digest.
    const sums = readFileSync(join(folder, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split('  '));
    expect(sums.map(([, n]) => n).sort()).toEqual(names.filter((n) => n !== 'SHA256SUMS').sort());
    for (const [digest, name] of sums) expect(createHash('sha256').update(readFileSync(join(folder, name!))).digest('hex')).toBe(digest);
    expect(statSync(folder).isDirectory()).toBe(true);
    expectNoValue(out);
  });
});
