// What the fleet takes from each report: the lists in a stable order, the severity that ranks the
// portals, where the catalogue came from, the setters grouped across portals, and the failures
// that a later report answered.
import { describe, expect, it } from 'vitest';
import { buildFleet, fleetPortal, setterKey } from '../../src/core/fleet/fleet-model.ts';
import { diffFleets } from '../../src/core/fleet/fleet-diff.ts';
import type { AuditReport } from '../../src/core/report/report-model.ts';
import type { CatalogueSource } from '../../src/core/types.ts';
import { portalReport } from './portal-report.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const report = portalReport;
/** The report with a setter on each named cookie. */
function setBy(base: AuditReport, setters: Record<string, { how: string; url?: string }>): AuditReport {
  return { ...base, cookies: base.cookies.map((c) => (setters[c.name] ? { ...c, setBy: { ...setters[c.name], page: base.portal.pageUrl } as never } : c)) };
}
const finding = (id: string, cookie: string | undefined, url?: string) => ({ id, severity: 'defect', cookie, detail: 'x', source: 'y', ...(url ? { setBy: { how: 'document.cookie', url, page: 'p' } } : {}) });
const withJourneys = (base: AuditReport, findings: ReturnType<typeof finding>[]): AuditReport => ({ ...base, journeys: { states: [], rows: [], neverSeen: [], findings } as never });

describe('what the fleet groups setters by', () => {
  it('the kind and the address without its query; nothing for a cookie no script or response was seen setting', () => {
    expect(setterKey({ how: 'response', url: 'https://cdn.example/px?id=1' } as never)).toBe('response cdn.example/px');
    expect(setterKey({ how: 'document.cookie', url: 'https://cdn.example:8443/tag.js?v=2#x' } as never)).toBe('script cdn.example:8443/tag.js');
    expect(setterKey({ how: 'cookieStore', url: 'https://cdn.example/tag.js' } as never)).toBe('script cdn.example/tag.js');
    for (const setter of [{ how: 'before-visit', url: 'https://x.example/' }, { how: 'not-seen' }, { how: 'response' }, { how: 'response', url: 'not a url' }, null, undefined]) {
      expect(setterKey(setter as never)).toBeUndefined();
    }
  });
});

describe('a portal in the fleet', () => {
  it('lists its cookies sorted, once each, and ranks refusals ignored over trackers before consent over undeclared cookies', () => {
    const base = withJourneys(report('a.example.fr', ['sessionid', 'zeta', 'alpha', 'alpha']), [
      finding('tracker-after-refusal', '_ga'),
      finding('tracker-before-consent', '_gid'), finding('tracker-before-consent', '_ga'), finding('tracker-before-consent', '_ga'),
      finding('tracker-before-consent', undefined),
      finding('exempt-audience-before-consent', '_pk_id'),
    ]);
    const portal = fleetPortal(base, 'a.json');
    expect(portal).toMatchObject({
      host: 'a.example.fr', report: 'a.json', undeclaredCookies: ['alpha', 'zeta'], cookieNames: ['alpha', 'sessionid', 'zeta'],
      trackersBeforeConsent: ['_ga', '_gid'], trackersAfterRefusal: ['_ga'], cautions: ['_pk_id'],
      severity: 1 * 10_000 + 2 * 100 + 2,
    });
  });

  it('takes the checks of the single audit when no journeys ran', () => {
    const portal = fleetPortal(report('a.example.fr', ['sessionid', '_ga', '_gid']), 'a.json');
    expect(portal).toMatchObject({ trackersBeforeConsent: ['_ga', '_gid'], trackersAfterRefusal: [], severity: 2 * 100 + 2 });
  });

  it('says where the catalogue came from: the portal’s policy with its hash, the user’s file, or the default and why', () => {
    expect(fleetPortal(report('a.example.fr', []), 'a').policy).toEqual({ found: true, url: 'https://a.example.fr/terms/cookies-policy/', sha256: 'a'.repeat(64), reason: null });
    expect(fleetPortal(report('a.example.fr', [], { source: { kind: 'user', url: 'file:///policy.html' } as CatalogueSource }), 'a').policy).toEqual({ found: false, url: 'file:///policy.html', sha256: null, reason: null });
    expect(fleetPortal(report('a.example.fr', [], { source: { kind: 'default', reason: 'no-policy-link' } as CatalogueSource }), 'a').policy).toEqual({ found: false, url: null, sha256: null, reason: 'no-policy-link' });
  });

  it('names the setters of its undeclared cookies and of its trackers before consent, from the journeys when they ran', () => {
    const plain = setBy(report('a.example.fr', ['sessionid', 'x_uid', '_ga']), {
      sessionid: { how: 'response', url: 'https://a.example.fr/' },
      x_uid: { how: 'document.cookie', url: 'https://cdn.example/tag.js?v=1' },
      _ga: { how: 'document.cookie', url: 'https://www.googletagmanager.com/gtag.js' },
    });
    expect(fleetPortal(plain, 'a').setters).toEqual({ undeclared: ['script cdn.example/tag.js', 'script www.googletagmanager.com/gtag.js'], beforeConsent: ['script www.googletagmanager.com/gtag.js'] });
    const journeys = withJourneys(plain, [finding('tracker-before-consent', '_hj', 'https://hotjar.example/h.js'), finding('tracker-after-refusal', '_ga', 'https://after.example/a.js')]);
    expect(fleetPortal(journeys, 'a').setters?.beforeConsent).toEqual(['script hotjar.example/h.js']);
  });
});

describe('the fleet', () => {
  it('counts the portals with each defect, the policies read and the defaults used', () => {
    const fleet = buildFleet([
      { report: report('a.example.fr', ['sessionid', 'x_uid']), path: 'a' },
      { report: report('b.example.fr', ['sessionid', '_ga']), path: 'b' },
      { report: withJourneys(report('c.example.fr', ['sessionid'], { source: { kind: 'default', reason: 'no-policy-link' } as CatalogueSource }), [finding('tracker-after-refusal', '_ga')]), path: 'c' },
    ], [], [], NOW);
    expect(fleet.totals).toEqual({ portals: 3, failed: 0, withUndeclared: 2, withTrackersBeforeConsent: 1, withTrackersAfterRefusal: 1, refusalTested: 1, policyFound: 2, defaultUsed: 1 });
    expect(fleet.portals.map((p) => p.host)).toEqual(['c.example.fr', 'b.example.fr', 'a.example.fr']);
  });

  it('ranks portals of equal severity by host', () => {
    const fleet = buildFleet([{ report: report('b.example.fr', ['x_a']), path: 'b' }, { report: report('a.example.fr', ['x_b']), path: 'a' }], [], [], NOW);
    expect(fleet.portals.map((p) => p.host)).toEqual(['a.example.fr', 'b.example.fr']);
  });

  it('keeps each failure once, sorted, and none for a portal another report audited', () => {
    const fleet = buildFleet([{ report: report('a.example.fr', ['sessionid']), path: 'a' }], [
      { url: 'https://z.example.fr/', error: 'HTTP 500' },
      { url: 'https://a.example.fr/explore/', error: 'timeout' },
      { url: 'https://m.example.fr/', error: 'HTTP 503' },
      { url: 'https://z.example.fr/', error: 'HTTP 502' },
      { url: 'not a url', error: 'bad' },
    ], [], NOW);
    expect(fleet.failures).toEqual([{ url: 'https://m.example.fr/', error: 'HTTP 503' }, { url: 'https://z.example.fr/', error: 'HTTP 502' }, { url: 'not a url', error: 'bad' }]);
    expect(fleet.totals).toMatchObject({ portals: 4, failed: 3 });
  });

  it('ranks the cookies most often undeclared by portals, then by name', () => {
    const fleet = buildFleet([
      { report: report('a.example.fr', ['x_b', 'x_a', 'x_c']), path: 'a' },
      { report: report('b.example.fr', ['x_c', 'x_b']), path: 'b' },
    ], [], [], NOW);
    expect(fleet.topUndeclared).toEqual([{ name: 'x_b', portals: 2 }, { name: 'x_c', portals: 2 }, { name: 'x_a', portals: 1 }]);
  });

  it('ranks the setters by the portals they acted on, with their host and the cookies they set', () => {
    const tag = { how: 'document.cookie', url: 'https://cdn.example/tag.js?portal=1' };
    const fleet = buildFleet([
      { report: setBy(report('a.example.fr', ['x_uid', 'x_sid', 'y_one']), { x_uid: tag, x_sid: tag, y_one: { how: 'response', url: 'https://b.example/px' } }), path: 'a' },
      { report: setBy(report('b.example.fr', ['x_uid', '_ga']), { x_uid: { ...tag, url: 'https://cdn.example/tag.js?portal=2' }, _ga: { how: 'before-visit' } }), path: 'b' },
      { report: withJourneys(report('c.example.fr', ['sessionid']), [finding('tracker-before-consent', '_hj', 'https://hotjar.example/h.js'), finding('tracker-before-consent', undefined, 'https://no-cookie.example/x.js'), finding('tracker-after-refusal', '_z', 'https://after.example/a.js')]), path: 'c' },
    ], [], [], NOW);
    expect(fleet.topSetters?.undeclared).toEqual([
      { setter: 'script cdn.example/tag.js', host: 'cdn.example', portals: 2, cookies: ['x_sid', 'x_uid'] },
      { setter: 'response b.example/px', host: 'b.example', portals: 1, cookies: ['y_one'] },
    ]);
    expect(fleet.topSetters?.beforeConsent).toEqual([{ setter: 'script hotjar.example/h.js', host: 'hotjar.example', portals: 1, cookies: ['_hj'] }]);
  });

  it('accepts a report dated up to ten minutes ahead of the merge, for clocks that differ, and no further', () => {
    const fleet = buildFleet([
      { report: report('a.example.fr', [], { at: '2026-11-23T12:10:00Z' }), path: 'ahead' },
      { report: report('b.example.fr', [], { at: '2026-11-23T12:10:01Z' }), path: 'too-far' },
      { report: { ...report('c.example.fr', []), auditedAt: 'yesterday' }, path: 'undated' },
    ], [], [{ file: 'junk.json', reason: 'not JSON' }], NOW);
    expect(fleet.portals.map((p) => p.report)).toEqual(['ahead']);
    expect(fleet.skippedFiles.map((f) => f.file)).toEqual(['junk.json', 'too-far', 'undated']);
    expect(fleet.skippedFiles.slice(1).map((f) => f.reason)).toEqual([
      'dated in the future (2026-11-23T12:10:01.000Z, merged at 2026-11-23T12:00:00.000Z)',
      'no valid audit date (yesterday, merged at 2026-11-23T12:00:00.000Z)',
    ]);
  });

  it('keeps the first report of equal instants and the newer one of two, whichever comes first', () => {
    const older = report('a.example.fr', ['x_old'], { at: '2026-11-23T09:00:00Z' });
    const newer = report('a.example.fr', ['x_new'], { at: '2026-11-23T10:00:00Z' });
    expect(buildFleet([{ report: older, path: 'old' }, { report: newer, path: 'new' }], [], [], NOW).portals[0]!.undeclaredCookies).toEqual(['x_new']);
    expect(buildFleet([{ report: newer, path: 'new' }, { report: older, path: 'old' }], [], [], NOW).portals[0]!.undeclaredCookies).toEqual(['x_new']);
    const fleet = buildFleet([{ report: newer, path: 'new' }, { report: older, path: 'old' }], [], [], NOW);
    expect(fleet.duplicates).toEqual([{ portal: 'a.example.fr', kept: 'new', dropped: 'old', reason: 'newer (2026-11-23T10:00:00.000Z against 2026-11-23T09:00:00.000Z)' }]);
  });
});

describe('the fleet diff and consent findings', () => {
  const fleetOf = (r: AuditReport, day: string) => buildFleet([{ report: r, path: 'w.json' }], [], [], new Date(`${day}T11:00:00Z`));
  const refused = (states: boolean) => ({ states: states ? [{ state: 'refuse-all', reached: true }] : [] }) as never;
  const journeys = (base: AuditReport, findings: ReturnType<typeof finding>[], tested = true): AuditReport => ({ ...base, journeys: { ...(refused(tested) as object), rows: [], neverSeen: [], findings } as never });

  it('tells an unchanged cookie newly judged a tracker from a new cookie, and counts both as worse', () => {
    // Night 1: a plain scan, _ga undeclared. Night 2: with --journeys, _ga stays after refusal.
    const before = fleetOf(report('w.example.fr', ['sessionid', '_ga'], { at: '2026-11-23T10:00:00Z' }), '2026-11-23');
    const after = fleetOf(journeys(report('w.example.fr', ['sessionid', '_ga', '_hj'], { at: '2026-11-24T10:00:00Z' }), [finding('tracker-after-refusal', '_ga'), finding('tracker-after-refusal', '_hj')]), '2026-11-24');
    const diff = diffFleets(before, after);
    expect(diff.newConsentFindings).toEqual([{ host: 'w.example.fr', finding: 'tracker-after-refusal', cookies: ['_ga', '_hj'], reclassified: ['_ga'] }]);
    expect(diff.newTrackers).toEqual([{ host: 'w.example.fr', cookies: ['_hj'] }]);
    expect(diff.worse).toBe(true);
  });

  it('flags a portal going from 0 to 1 tracker after refusal, though the cookie was already a tracker before consent', () => {
    const base = (at: string) => report('w.example.fr', ['sessionid', '_ga'], { at });
    const before = fleetOf(journeys(base('2026-11-23T10:00:00Z'), [finding('tracker-before-consent', '_ga')]), '2026-11-23');
    const after = fleetOf(journeys(base('2026-11-24T10:00:00Z'), [finding('tracker-before-consent', '_ga'), finding('tracker-after-refusal', '_ga')]), '2026-11-24');
    const diff = diffFleets(before, after);
    expect(diff.newConsentFindings).toEqual([{ host: 'w.example.fr', finding: 'tracker-after-refusal', cookies: ['_ga'], reclassified: ['_ga'] }]);
    expect(diff.newlyNonCompliant).toEqual([]);
    expect(diff.worse).toBe(true);
  });

  it('counts a refusal as tested only where the journeys reached it (or a tracker was found after one)', () => {
    const fleet = buildFleet([
      { report: report('plain.example.fr', ['sessionid']), path: 'a' },
      { report: journeys(report('tested.example.fr', ['sessionid']), []), path: 'b' },
      { report: journeys(report('unreached.example.fr', ['sessionid']), [], false), path: 'c' },
    ], [], [], NOW);
    expect(fleet.portals.map((p) => [p.host, p.refusalTested]).sort()).toEqual([['plain.example.fr', false], ['tested.example.fr', true], ['unreached.example.fr', false]]);
    expect(fleet.totals.refusalTested).toBe(1);
  });
});

describe('tracking organisations across the fleet', () => {
  const org = (id: string, name: string, category = 'analytics') => ({ id, severity: 'defect', detail: 'x', source: 'y', organisation: { name, category, count: 1, url: `https://${name}.example/` } });
  const withOrgs = (host: string, findings: ReturnType<typeof org>[]): AuditReport => ({ ...report(host, ['sessionid']), journeys: { states: [{ state: 'refuse-all', reached: true }], rows: [], neverSeen: [], findings, organisationRows: [] } as never });

  it('names the organisations each portal reached before any choice and after refusal, ranks portals by them, and counts them across the fleet', () => {
    const a = withOrgs('a.example.fr', [org('request-after-refusal', 'Hotjar', 'session-replay'), org('request-before-consent', 'Google Analytics'), org('request-before-consent', 'Hotjar', 'session-replay')]);
    const b = withOrgs('b.example.fr', [org('request-before-consent', 'Google Analytics')]);
    const c = withOrgs('c.example.fr', []);
    const portal = fleetPortal(a, 'a.json');
    expect(portal).toMatchObject({ organisationsBeforeConsent: ['Google Analytics', 'Hotjar'], organisationsAfterRefusal: ['Hotjar'], refusalTested: true });
    expect(portal.severity).toBe(10_000 + 200);
    const fleet = buildFleet([{ report: c, path: 'c.json' }, { report: b, path: 'b.json' }, { report: a, path: 'a.json' }], [], [], NOW);
    expect(fleet.portals.map((p) => p.host)).toEqual(['a.example.fr', 'b.example.fr', 'c.example.fr']);
    expect(fleet.topOrganisations).toEqual({
      beforeConsent: [{ organisation: 'Google Analytics', category: 'analytics', portals: 2 }, { organisation: 'Hotjar', category: 'session-replay', portals: 1 }],
      afterRefusal: [{ organisation: 'Hotjar', category: 'session-replay', portals: 1 }],
    });
  });

  it('without journeys, a first visit\'s tracking contacts are before any choice; a report before schema 5 says nothing of them', () => {
    const contacts = [{ organisation: 'Google Analytics', category: 'analytics', tracking: true }, { organisation: 'Matomo', category: 'analytics', tracking: true, audience: 'matomo' }, { organisation: 'jsdelivr.net', category: 'unknown', tracking: false }];
    const single = { ...report('d.example.fr', []), beyondCookies: { storage: [], contacts, coverage: { storage: true, requests: true } } } as never as AuditReport;
    expect(fleetPortal(single, 'd.json')).toMatchObject({ organisationsBeforeConsent: ['Google Analytics'], organisationsAfterRefusal: [] });
    expect(fleetPortal(report('e.example.fr', []), 'e.json').organisationsBeforeConsent).toBeUndefined();
  });
});
