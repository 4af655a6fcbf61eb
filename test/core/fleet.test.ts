// The fleet's pure parts: shards that do not depend on the list's order, the diff between two
// nights, and a fleet page that stays inert whatever the reports hold.
import { describe, expect, it } from 'vitest';
import { diffFleets } from '../../src/core/fleet/fleet-diff.ts';
import { renderFleetCsv } from '../../src/core/fleet/fleet-csv.ts';
import { renderFleetHtml } from '../../src/core/fleet/fleet-html.ts';
import { buildFleet } from '../../src/core/fleet/fleet-model.ts';
import { parseShard, shardOf } from '../../src/core/fleet/shard.ts';
import { portalReport } from './portal-report.ts';

const report = (host: string, names: string[], at?: string) => portalReport(host, names, at ? { at } : {});

describe('shards', () => {
  const urls = Array.from({ length: 400 }, (_, i) => `https://portal-${i}.example.fr/explore/`);

  it('puts each portal in one shard, whatever the order of the list, and spreads them', () => {
    const shards = urls.map((u) => shardOf(u, 8));
    expect([...urls].reverse().map((u) => shardOf(u, 8))).toEqual([...shards].reverse());
    const sizes = Array.from({ length: 8 }, (_, k) => shards.filter((s) => s === k + 1).length);
    expect(Math.min(...sizes)).toBeGreaterThan(30);
    expect(Math.max(...sizes)).toBeLessThan(70);
    // The same portal under another path or case is the same portal.
    expect(shardOf('https://Portal-7.example.fr/p/home/', 8)).toBe(shardOf('https://portal-7.example.fr/explore/', 8));
  });

  it('reads K/N and says what is wrong otherwise', () => {
    expect(parseShard('2/8')).toEqual({ k: 2, n: 8 });
    for (const bad of ['0/8', '9/8', '2', 'a/b', '1/0']) expect(typeof parseShard(bad)).toBe('string');
  });
});

describe('the fleet and its diff', () => {
  it('keeps the latest report of a host, ranks worst first, and names what got worse', () => {
    const night1 = buildFleet([
      { report: report('a.example.fr', ['sessionid']), path: 'a.json' },
      { report: report('b.example.fr', ['sessionid', 'tracker']), path: 'b.json' },
    ], [{ url: 'https://c.example.fr/', error: 'HTTP 503' }], [], new Date('2026-11-23T11:00:00Z'));
    expect(night1.portals.map((p) => p.host)).toEqual(['b.example.fr', 'a.example.fr']);
    expect(night1.totals).toMatchObject({ portals: 3, failed: 1, withUndeclared: 1 });

    const night2 = buildFleet([
      { report: report('a.example.fr', ['sessionid', '_ga'], '2026-11-24T10:00:00Z'), path: 'a2.json' },
      { report: report('a.example.fr', ['sessionid'], '2026-11-24T09:00:00Z'), path: 'a-older.json' },
      { report: report('b.example.fr', ['sessionid']), path: 'b.json' },
      { report: report('c.example.fr', ['sessionid']), path: 'c.json' },
    ], [], [], new Date('2026-11-24T11:00:00Z'));
    expect(night2.portals.find((p) => p.host === 'a.example.fr')).toMatchObject({ report: 'a2.json', trackersBeforeConsent: ['_ga'] });
    const diff = diffFleets(night1, night2);
    expect(diff).toMatchObject({
      worse: true,
      newlyNonCompliant: ['a.example.fr'],
      newTrackers: [{ host: 'a.example.fr', cookies: ['_ga'] }],
      cookiesGone: [{ host: 'b.example.fr', cookies: ['tracker'] }],
      portalsNew: [],
    });
    expect(diffFleets(night2, night2).worse).toBe(false);
  });

  it('writes a fleet page that stays inert whatever the reports hold', async () => {
    const hostile = report('evil.example.fr', ['</script><img src=x onerror=alert(1)>', '=HYPERLINK("x")']);
    const fleet = buildFleet([{ report: hostile, path: '../r/"><script>alert(2)</script>.json' }], [{ url: 'https://x.example/<b>', error: '<img src=y onerror=alert(3)>' }], [], new Date());
    const html = await renderFleetHtml(fleet);
    expect(html).not.toMatch(/<img/i);
    expect(html.match(/<script/gi)).toHaveLength(2); // the JSON data block and the page's own script
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(html).not.toContain('"><script>alert(2)');
    const csv = renderFleetCsv(buildFleet([{ report: report('f.example.fr', ['=HYPERLINK("x")']), path: 'f.json' }], [], [], new Date()));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toMatch(/(?:^|,)"?[=+@]/m);
  });
});

describe('the fleet with journeys', () => {
  it('takes trackers before consent and after refusal from the journeys when they ran', () => {
    const base = report('j.example.fr', ['sessionid']);
    const withJourneys = {
      ...base,
      journeys: {
        states: [],
        rows: [],
        neverSeen: [],
        findings: [
          { id: 'tracker-after-refusal' as const, severity: 'defect' as const, cookie: '_ga', detail: 'x', source: 'y' },
          { id: 'tracker-before-consent' as const, severity: 'defect' as const, cookie: '_ga', detail: 'x', source: 'y' },
          { id: 'tracker-before-consent' as const, severity: 'defect' as const, cookie: 'atuserid', detail: 'x', source: 'y' },
        ],
      },
    };
    const [portal] = buildFleet([{ report: withJourneys, path: 'j.json' }], [], [], new Date()).portals;
    expect(portal).toMatchObject({ trackersBeforeConsent: ['_ga', 'atuserid'], trackersAfterRefusal: ['_ga'] });
  });
});

describe('merging reports of one portal', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('keeps the newer instant, not the greater string, and says which and why', () => {
    const tokyo = report('data.example.fr', ['_ga'], '2026-12-01T10:00:00+09:00'); // 01:00Z
    const utc = report('data.example.fr', ['sessionid'], '2026-12-01T02:00:00Z');
    const fleet = buildFleet([{ report: utc, path: 'b/utc.json' }, { report: tokyo, path: 'a/tokyo.json' }], [], [], now);
    expect(fleet.portals).toHaveLength(1);
    expect(fleet.portals[0]!.report).toBe('b/utc.json');
    expect(fleet.duplicates).toEqual([{ portal: 'data.example.fr', kept: 'b/utc.json', dropped: 'a/tokyo.json', reason: 'newer (2026-12-01T02:00:00.000Z against 2026-12-01T01:00:00.000Z)' }]);
  });

  it('says so when two reports have the same time', () => {
    const a = report('data.example.fr', ['_ga']);
    const fleet = buildFleet([{ report: a, path: 'one.json' }, { report: a, path: 'two.json' }], [], [], now);
    expect(fleet.duplicates[0]).toMatchObject({ kept: 'one.json', dropped: 'two.json', reason: expect.stringContaining('both audited at') });
  });

  it('refuses a report dated in the future, which would pin its portal for ever', () => {
    const future = report('data.example.fr', ['_ga'], '9999-01-01T00:00:00Z');
    const today = report('data.example.fr', ['sessionid'], '2026-12-01T11:00:00Z');
    const fleet = buildFleet([{ report: future, path: 'future.json' }, { report: today, path: 'today.json' }], [], [], now);
    expect(fleet.portals.map((p) => p.report)).toEqual(['today.json']);
    expect(fleet.skippedFiles).toEqual([{ file: 'future.json', reason: expect.stringContaining('dated in the future') }]);
  });

  it('tells two portals on one host apart by their port', () => {
    const a = report('127.0.0.2:9100', ['_ga']);
    const b = report('127.0.0.2:9101', ['sessionid']);
    const fleet = buildFleet([{ report: a, path: 'a.json' }, { report: b, path: 'b.json' }], [], [], now);
    expect(fleet.portals.map((p) => p.host).sort()).toEqual(['127.0.0.2:9100', '127.0.0.2:9101']);
    expect(fleet.duplicates).toEqual([]);
  });
});

describe('the diff on large portals', () => {
  it('summarises long lists in the page and keeps them whole in the JSON', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `_t${i}`);
    const before = buildFleet([{ report: report('data.example.fr', []), path: 'a.json' }], [], [], new Date('2026-12-01T12:00:00Z'));
    const after = buildFleet([{ report: report('data.example.fr', names, '2026-12-01T11:00:00Z'), path: 'b.json' }], [], [], new Date('2026-12-01T12:00:00Z'));
    const diff = diffFleets(before, after);
    expect(diff.newUndeclared[0]!.cookies).toHaveLength(300);
    const html = await renderFleetHtml(after, diff);
    expect(html).toContain('and 250 more');
    expect(html).not.toContain('<code>_t299</code>, <code>');
  });
});

describe('links in the fleet page', () => {
  it('can never become a URL with a scheme, whatever the folder is called', async () => {
    const { relativeHref } = await import('../../src/core/fleet/fleet-html.ts');
    expect(relativeHref('javascript:alert(1)/cookie-audit_x.html')).toBe('./javascript%3Aalert(1)/cookie-audit_x.html');
    expect(relativeHref('../shard 1/cookie-audit_x.html')).toBe('../shard%201/cookie-audit_x.html');
    expect(relativeHref('https:/evil.example/x.html')).toBe('./https%3A/evil.example/x.html');
    const fleet = buildFleet([{ report: report('data.example.fr', ['_ga']), path: 'javascript:alert(1)/r.html' }], [], [], new Date('2026-12-01T12:00:00Z'));
    const html = await renderFleetHtml(fleet);
    expect(html).toContain('<a href="./javascript%3Aalert(1)/r.html">');
    expect(html).not.toMatch(/href="javascript:/i);
  });
});
