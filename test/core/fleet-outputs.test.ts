// What a fleet's reader sees: every field of the diff between two nights, the CSV as a spreadsheet
// reads it, and the page's sections with their words, for fleets that exercise each of them.
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FleetDiff, diffFleets } from '../../src/core/fleet/fleet-diff.ts';
import { renderFleetCsv } from '../../src/core/fleet/fleet-csv.ts';
import { renderFleetHtml } from '../../src/core/fleet/fleet-html.ts';
import { type Fleet, buildFleet, hostOf, portalLabel, portalOrText } from '../../src/core/fleet/fleet-model.ts';
import { portalReport } from './portal-report.ts';

const report = (host: string, names: string[], at?: string, policyHash?: string) => portalReport(host, names, { ...(at ? { at } : {}), ...(policyHash ? { policyHash } : {}) });
const at = (iso: string) => new Date(iso);
/** The page's text without its markup, one space between words. */
const textOf = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/\s+/g, ' ');

describe('the diff between two nights', () => {
  // Built in each test (not at load): Stryker counts only what runs inside a test.
  let night1: Fleet;
  let night2: Fleet;
  let diff: FleetDiff;
  beforeEach(() => {
    night1 = buildFleet([
      { report: report('clean.example.fr', ['sessionid']), path: 'clean.json' },
      { report: report('bad.example.fr', ['sessionid', 'tracker']), path: 'bad.json' },
      { report: report('gone.example.fr', ['sessionid']), path: 'gone.json' },
      { report: report('flaky.example.fr', ['sessionid']), path: 'flaky.json' },
    ], [{ url: 'https://down.example.fr/', error: 'HTTP 503' }], [], at('2026-11-23T11:00:00Z'));
    night2 = buildFleet([
      { report: report('clean.example.fr', ['sessionid', '_ga', 'newcookie'], '2026-11-24T10:00:00Z', 'b'.repeat(64)), path: 'clean2.json' },
      { report: report('bad.example.fr', ['sessionid'], '2026-11-24T10:00:00Z'), path: 'bad2.json' },
      { report: report('new.example.fr', ['sessionid'], '2026-11-24T10:00:00Z'), path: 'new.json' },
      { report: report('down.example.fr', ['sessionid'], '2026-11-24T10:00:00Z'), path: 'down.json' },
    ], [{ url: 'https://flaky.example.fr/', error: 'timeout' }], [], at('2026-11-24T11:00:00Z'));
    diff = diffFleets(night1, night2);
  });

  it('names every change, each once, and what got worse', () => {
    expect(diff).toEqual({
      previousAt: night1.generatedAt,
      newlyNonCompliant: ['clean.example.fr'],
      newUndeclared: [{ host: 'clean.example.fr', cookies: ['_ga', 'newcookie'] }],
      newTrackers: [{ host: 'clean.example.fr', cookies: ['_ga'] }],
      newConsentFindings: [{ host: 'clean.example.fr', finding: 'tracker-before-consent', cookies: ['_ga'], reclassified: [] }],
      cookiesSet: [{ host: 'clean.example.fr', cookies: ['_ga', 'newcookie'] }],
      cookiesGone: [{ host: 'bad.example.fr', cookies: ['tracker'] }],
      policiesChanged: [{ host: 'clean.example.fr', before: 'a'.repeat(64), after: 'b'.repeat(64) }],
      // down was failing, not new; flaky fails now, it is not gone.
      portalsNew: ['new.example.fr'],
      portalsGone: ['gone.example.fr'],
      newlyFailing: ['https://flaky.example.fr/'],
      worse: true,
    });
  });

  it('is not worse when only good news came', () => {
    const better = diffFleets(night2, buildFleet([{ report: report('clean.example.fr', ['sessionid'], '2026-11-25T10:00:00Z'), path: 'c3.json' }], [], [], at('2026-11-25T11:00:00Z')));
    expect(better.worse).toBe(false);
    expect(better.cookiesGone).toEqual([{ host: 'clean.example.fr', cookies: ['_ga', 'newcookie'] }]);
    // Each kind of bad news alone makes the night worse: a new tracker on a portal that already had
    // one (not newly non-compliant), and a new undeclared cookie on a portal with undeclared ones.
    const already = (names: string[], day: string) => buildFleet([{ report: report('w.example.fr', names, `${day}T10:00:00Z`), path: 'w.json' }], [], [], at(`${day}T11:00:00Z`));
    const tracker = diffFleets(already(['sessionid', '_ga'], '2026-11-23'), already(['sessionid', '_ga', '_pk_id.1.a'], '2026-11-24'));
    expect([tracker.newlyNonCompliant, tracker.newTrackers.length, tracker.worse]).toEqual([[], 1, true]);
    const undeclared = diffFleets(already(['sessionid', 'x_one'], '2026-11-23'), already(['sessionid', 'x_one', 'x_two'], '2026-11-24'));
    expect([undeclared.newlyNonCompliant, undeclared.newTrackers, undeclared.newUndeclared, undeclared.worse]).toEqual([[], [], [{ host: 'w.example.fr', cookies: ['x_two'] }], true]);
  });

  it('shows every change in the page, with its words', async () => {
    const text = textOf(await renderFleetHtml(night2, diff));
    for (const line of [
      'Newly non-compliant: clean.example.fr', 'New trackers before consent on clean.example.fr : _ga', 'Newly undeclared on clean.example.fr: _ga , newcookie',
      'Gone from bad.example.fr: tracker', 'Policy changed on clean.example.fr', 'Newly failing: https://flaky.example.fr/',
      'New portal: new.example.fr', 'No longer listed: gone.example.fr', 'What changed (8)', 'compared with the run of 23 November 2026 at 11:00',
    ]) expect(text).toContain(line);
    expect(textOf(await renderFleetHtml(night2, diffFleets(night2, night2)))).toContain('What changed (0) Nothing changed.');
  });
});

describe('the fleet page and CSV', () => {
  let fleet: Fleet;
  beforeEach(() => {
      fleet = buildFleet([
        { report: report('one.example.fr', ['sessionid', '_ga', 'x_uid']), path: 'shard 1/one.html' },
        { report: report('two.example.fr', ['sessionid']), path: 'two.html' },
      ], [{ url: 'https://three.example.fr/', error: 'HTTP 500' }], [{ file: 'junk.json', reason: 'not JSON' }], at('2026-11-23T11:00:00Z'));
  });

  it('totals, ranks, failures, skipped files and the cookies most often undeclared, in words', async () => {
    const html = await renderFleetHtml(fleet);
    const text = textOf(html);
    expect(text).toContain('Cookie audit of 3 Opendatasoft portals');
    // Scanned without --journeys: the refusal was never tested, which is not zero trackers after it.
    expect(text).toMatch(/1 with undeclared cookies 1 with trackers before consent – trackers after refusal: not tested \(scan without --journeys\) 2 policy read 0 default catalogue used 1 not audited/);
    expect(text).not.toContain('0 with trackers after refusal');
    expect(text).toContain('Not audited (1) https://three.example.fr/ : HTTP 500');
    expect(text).toContain('Files skipped (1) junk.json : not JSON');
    expect(text).toMatch(/Cookies most often undeclared Cookie Portals _ga 1 x_uid 1/);
    expect(html).toContain('<a href="./shard%201/one.html">one.example.fr</a>');
    expect(html.indexOf('one.example.fr')).toBeLessThan(html.indexOf('two.example.fr'));
    expect(html).toContain('<td class="num" data-value="1"><span class="bad">1</span><br><code>_ga</code></td>');
    expect(html).toContain('<td class="num muted" data-value="-1">not tested</td>');
    expect(html).toContain(`<a href="https://one.example.fr/terms/cookies-policy/">policy</a>`);
    expect(text).toContain('2 shown');
  });

  it('writes one CSV row per portal and failure, readable by a spreadsheet', () => {
    const csv = renderFleetCsv(fleet);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(csv.slice(1).trim(), { header: true }).data;
    expect(Object.keys(rows[0]!)).toEqual(['host', 'page', 'audited at', 'undeclared', 'declared', 'declared but not seen', 'trackers before consent', 'trackers after refusal', 'cautions', 'policy found', 'policy', 'policy sha256', 'default because', 'undeclared cookies', 'set by (undeclared)', 'set by (trackers before consent)', 'organisations before consent', 'organisations after refusal', 'error', 'report']);
    expect(rows.map((r) => [r.host, r.undeclared, r['trackers before consent'], r['undeclared cookies'], r.error, r.report])).toEqual([
      ['one.example.fr', '2', '_ga', '_ga x_uid', '', 'shard 1/one.html'],
      ['two.example.fr', '0', '', '', '', 'two.html'],
      ['three.example.fr', '', '', '', 'HTTP 500', ''],
    ]);
    expect(rows[0]!['policy found']).toBe('true');
    expect(rows[0]!['policy sha256']).toBe('a'.repeat(64));
  });

  it('names portals and their failures as people and machines need', () => {
    expect(portalLabel('https://data.example.fr:8443/explore/')).toBe('data.example.fr:8443');
    expect(portalLabel('not a url')).toBe('not a url');
    expect(portalOrText('https://Data.Example.fr/x')).toBe('https://data.example.fr');
    expect(portalOrText('garbage')).toBe('garbage');
    expect(hostOf('https://data.example.fr:8443/')).toBe('data.example.fr');
    expect(hostOf('garbage')).toBe('garbage');
  });
});
