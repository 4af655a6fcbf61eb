// Trackers beyond cookies, judged in the core: who a request goes to (third-party-web's data as the
// build ships it), web storage against the declared catalogue, and the findings per consent state
// (EDPB Guidelines 2/2023: storage and pixels are in scope as cookies are).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { type JourneyRun, type JourneyState, consentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { findingRemedy, findingWords } from '../../src/core/consent/journey-words.ts';
import { CookieKnowledge } from '../../src/core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../../src/core/explain/known-cookies.ts';
import { reportText } from '../../src/core/report/report-strings.ts';
import { beyondCookies, withBeyondCookies } from '../../src/core/trackers/beyond-cookies.ts';
import { Organisations } from '../../src/core/trackers/organisations.ts';
import { type PageTrace, TraceLog, hookedTrace, storedValueParts, withoutQueryValues } from '../../src/core/trackers/traces.ts';
import type { CatalogueEntry } from '../../src/core/types.ts';

const organisations = Organisations.fromData(JSON.parse(readFileSync('dist/data/organisations.json', 'utf8')));
const knowledge = new CookieKnowledge(fromCompactRows(JSON.parse(readFileSync('dist/data/open-cookie-database.json', 'utf8')) as CompactRow[]));
const HOME = 'https://data.metropole.fr/explore/';
const coverage = { storage: true, requests: true };
const request = (url: string, type: 'beacon' | 'script' | 'image' | 'xhr' = 'script', script?: string): PageTrace => ({ kind: 'request', url: withoutQueryValues(url), type, ...(script ? { script } : {}), page: HOME, afterMs: 10 });
const stored = (kind: 'localStorage' | 'sessionStorage', name: string, script?: string): PageTrace => ({ kind, name, origin: 'https://data.metropole.fr', ...(script ? { script } : {}), page: HOME, afterMs: 20 });

describe('who a request goes to', () => {
  it('names the organisation of a host from third-party-web, a host under a listed domain included, and sharpens session replay', () => {
    expect(organisations.ofHost('www.google-analytics.com')).toMatchObject({ name: 'Google Analytics', company: 'Google', category: 'analytics' });
    expect(organisations.ofHost('region1.google-analytics.com')?.name).toBe('Google Analytics');
    expect(organisations.ofHost('static.hotjar.com')).toMatchObject({ name: 'Hotjar', category: 'session-replay' });
    expect(organisations.ofHost('ods.matomo.cloud')).toMatchObject({ name: 'Matomo', audience: 'matomo' });
    expect(organisations.ofHost('data.metropole.fr')).toBeUndefined();
    // A look-alike is not the organisation.
    expect(organisations.ofHost('google-analytics.com.evil.example')).toBeUndefined();
    expect(Organisations.fromData({ nope: 1 }).ofHost('www.google-analytics.com')).toBeUndefined();
  });

  it('knows the portal\'s own audience endpoints: a self-hosted Matomo may be exempt, Google Analytics through its host never is', () => {
    expect(Organisations.firstParty('/matomo.php')).toMatchObject({ name: 'Matomo', audience: 'matomo' });
    expect(Organisations.firstParty('/g/collect')).toMatchObject({ name: 'Google Analytics' });
    expect(Organisations.firstParty('/g/collect')?.audience).toBeUndefined();
    expect(Organisations.firstParty('/api/explore/v2.1/catalog/datasets')).toBeUndefined();
  });
});

describe('never a value', () => {
  it('keeps an address\'s query names and drops their values, its credentials and fragment', () => {
    expect(withoutQueryValues('https://user:pw@www.google-analytics.com/g/collect?v=2&cid=555.17&cid=1#x')).toBe('https://www.google-analytics.com/g/collect?v=&cid=');
    expect(withoutQueryValues('javascript:alert(1)')).toBe('');
    expect(withoutQueryValues('not a url')).toBe('');
  });

  it('takes nothing a page forges for a trace: another kind, an address that is not a page\'s, a value smuggled in the address', () => {
    const context = { page: HOME, afterMs: 5 };
    expect(hookedTrace(JSON.stringify({ kind: 'cookieJar', name: 'x', document: HOME, at: 0 }), context)).toBeUndefined();
    expect(hookedTrace(JSON.stringify({ kind: 'localStorage', name: 'x', document: 'about:blank', at: 0 }), context)).toBeUndefined();
    expect(hookedTrace(JSON.stringify({ kind: 'localStorage', name: '', document: HOME, at: 0 }), context)).toBeUndefined();
    expect(hookedTrace('x'.repeat(20_000), context)).toBeUndefined();
    expect(hookedTrace(JSON.stringify({ kind: 'request', name: 'https://t.example/p?uid=secret', attributes: 'img', document: HOME, at: 0 }), context)).toMatchObject({ url: 'https://t.example/p?uid=', type: 'image' });
    // The writer's address keeps no query value either.
    expect(hookedTrace(JSON.stringify({ kind: 'localStorage', name: 'k', stack: 'Error\n    at f (https://static.hotjar.com/c/hotjar-1.js?sv=6&u=secret:1:2)', document: HOME, at: 0 }), context)).toMatchObject({ script: 'https://static.hotjar.com/c/hotjar-1.js?sv=&u=' });
  });

  it('scrubs a stored value whole and, where it is JSON, each identifier in it (a tracker sends the id, not the JSON)', () => {
    expect(storedValueParts('{"id":"hj-abc123-user","created":1700000000123,"nested":{"sid":"s-99887766"},"ok":true}')).toEqual(['{"id":"hj-abc123-user","created":1700000000123,"nested":{"sid":"s-99887766"},"ok":true}', 'hj-abc123-user', '1700000000123', 's-99887766']);
    expect(storedValueParts('plain-value')).toEqual(['plain-value']);
    expect(storedValueParts('{not json')).toEqual(['{not json']);
  });

  it('keeps each kind of trace up to its own cap: a flood of requests never evicts a storage write', () => {
    const log = new TraceLog(3);
    for (let i = 0; i < 10; i++) log.push(request(`https://t.example/${i}`));
    log.push(stored('localStorage', 'k'));
    expect(log.all().map((t) => t.kind)).toEqual(['request', 'request', 'request', 'localStorage']);
  });
});

describe('a page beyond cookies, against its policy', () => {
  const entries: CatalogueEntry[] = [{ pattern: 'csrftoken', provider: 'Opendatasoft' }, { pattern: '_ga*', provider: 'Google', service: 'Mesure d\'audience' }, { pattern: 'ods-theme' }];
  const page = (traces: PageTrace[], held: { area: 'localStorage' | 'sessionStorage'; name: string }[] = []) => beyondCookies({ pageUrl: HOME, traces, held: held.map((h) => ({ ...h, origin: 'https://data.metropole.fr' })), coverage, entries, organisations, knowledge });

  it('groups requests by organisation, counts them, keeps the first address and what started it; the portal\'s own requests stay out', () => {
    const b = page([
      request('https://www.google-analytics.com/g/collect?cid=1', 'beacon', 'https://www.googletagmanager.com/gtag/js?id='),
      request('https://region1.google-analytics.com/g/collect?cid=1', 'beacon'),
      request('https://static.hotjar.com/c/hotjar-1.js?sv=6'),
      request('https://data.metropole.fr/api/explore/v2.1/catalog/datasets?limit=10', 'xhr'),
      request('https://tiles.example.net/1/2/3.png', 'image'),
    ]);
    expect(b.contacts.map((c) => [c.organisation, c.category, c.count, c.declared, c.tracking])).toEqual([
      ['Google Analytics', 'analytics', 2, true, true],
      ['Hotjar', 'session-replay', 1, false, true],
      ['example.net', 'unknown', 1, false, false],
    ]);
    expect(b.contacts[0]).toMatchObject({ firstUrl: 'https://www.google-analytics.com/g/collect?cid=', types: ['beacon'], script: 'https://www.googletagmanager.com/gtag/js?id=' });
  });

  it('matches storage keys against the catalogue like cookie names, and tells a tracker\'s key by who wrote it or what it is known as', () => {
    const b = page([stored('localStorage', '_hjSessionUser_1', 'https://static.hotjar.com/c/hotjar-1.js?sv='), stored('localStorage', 'ods-theme', 'https://data.metropole.fr/static/app.js')], [
      { area: 'localStorage', name: '_hjSessionUser_1' },
      { area: 'localStorage', name: 'ods-theme' },
      { area: 'sessionStorage', name: '_hjSession_1' },
      { area: 'localStorage', name: 'widget-layout' },
    ]);
    const byName = Object.fromEntries(b.storage.map((s) => [s.name, s]));
    expect(byName['_hjSessionUser_1']).toMatchObject({ pattern: null, tracker: true, organisation: 'Hotjar', held: true, writtenBy: 'https://static.hotjar.com/c/hotjar-1.js?sv=' });
    // No write seen (written before, or by assignment): the Open Cookie Database names it Hotjar's.
    expect(byName['_hjSession_1']).toMatchObject({ tracker: true, organisation: 'Hotjar', held: true });
    expect(byName['_hjSession_1']!.writtenBy).toBeUndefined();
    expect(byName['ods-theme']).toMatchObject({ pattern: 'ods-theme', tracker: false });
    expect(byName['widget-layout']).toMatchObject({ pattern: null, tracker: false });
    expect(b.storage[0]!.tracker).toBe(true);
  });

  it('joins the audit it is of, and classifies nothing without the data to do it', () => {
    const audit = auditJar({ cookies: [], pageUrl: HOME, entries, now: new Date('2026-12-06T00:00:00Z') });
    const withTraces = withBeyondCookies(audit, { traces: [request('https://static.hotjar.com/c/hotjar-1.js')], coverage }, {});
    expect(withTraces.beyondCookies!.contacts).toMatchObject([{ organisation: 'hotjar.com', category: 'unknown', tracking: false }]);
  });
});

describe('the matrix beyond cookies', () => {
  const entries: CatalogueEntry[] = [{ pattern: 'csrftoken' }, { pattern: '_ga*', provider: 'Google' }];
  const audit = (traces: PageTrace[], exemption?: string) => {
    const a = withBeyondCookies(auditJar({ cookies: [], pageUrl: HOME, entries, now: new Date('2026-12-06T00:00:00Z') }), { traces, held: traces.flatMap((t) => (t.kind === 'localStorage' ? [{ area: t.kind, name: t.name, origin: t.origin }] : [])), coverage }, { organisations, knowledge });
    return exemption ? { ...a, consentExemption: exemption } : a;
  };
  const run = (state: JourneyState, traces: PageTrace[], reached = true, exemption?: string): JourneyRun => ({ state, reached, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: audit(traces, exemption) }] });
  const ga = request('https://www.google-analytics.com/g/collect?cid=1', 'beacon');
  const hotjar = stored('localStorage', '_hjSessionUser_1', 'https://static.hotjar.com/c/hotjar-1.js');
  // The cookies' own findings aside (`_ga*` is declared and, with no cookie here, never seen).
  const ids = (m: ReturnType<typeof consentMatrix>) => m.findings.filter((f) => f.id !== 'declared-never-seen').map((f) => `${f.severity} ${f.id} ${f.organisation?.name ?? f.storage?.name ?? f.cookie ?? ''}`.trim());

  it('a tracker reached or storing before any choice and after refusal is a defect, refusals first; in the acceptance alone, nothing', () => {
    const faulty = consentMatrix([run('no-choice', [ga, hotjar]), run('refuse-all', [ga, hotjar]), run('accept-all', [ga, hotjar])]);
    expect(ids(faulty)).toEqual([
      'defect request-after-refusal Google Analytics',
      'defect storage-after-refusal _hjSessionUser_1',
      'defect request-before-consent Google Analytics',
      'defect storage-before-consent _hjSessionUser_1',
      'defect undeclared-storage _hjSessionUser_1',
    ]);
    expect(faulty.organisationRows![0]).toMatchObject({ organisation: 'Google Analytics', declared: true, firstSeen: { 'no-choice': HOME, 'refuse-all': HOME, 'accept-all': HOME } });
    expect(faulty.organisationRows![0]!.requests['refuse-all']).toEqual({ count: 1, firstUrl: 'https://www.google-analytics.com/g/collect?cid=', types: ['beacon'] });
    const correct = consentMatrix([run('no-choice', []), run('refuse-all', []), run('accept-all', [ga])]);
    expect(ids(correct)).toEqual([]);
    expect(correct.organisationRows![0]!.firstSeen).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': HOME });
  });

  it('a refusal not reached says nothing of what follows a refusal', () => {
    const m = consentMatrix([run('no-choice', []), run('refuse-all', [ga], false), run('accept-all', [ga])]);
    expect(ids(m).filter((f) => f.includes('after-refusal'))).toEqual([]);
  });

  it('a tracking organisation the policy names nowhere is an undeclared third party, whatever the state', () => {
    const m = consentMatrix([run('no-choice', []), run('refuse-all', []), run('accept-all', [request('https://static.hotjar.com/c/hotjar-1.js')])]);
    expect(ids(m)).toEqual(['defect undeclared-third-party Hotjar']);
  });

  it('first-party audience measurement before a choice is a caution naming what the auditor cannot see, never a defect and never silence', () => {
    const matomo = request('https://data.metropole.fr/matomo.php?idsite=1&rec=1', 'image');
    const m = consentMatrix([run('no-choice', [matomo]), run('refuse-all', []), run('accept-all', [matomo])]);
    expect(ids(m)).toEqual(['caution audience-request-before-consent Matomo']);
    const t = reportText('en');
    const words = findingWords(m.findings[0]!, t as never, (s) => s, 'en');
    expect(words).toMatch(/^Matomo measures the audience before any choice: 1 request, to https:\/\/data\.metropole\.fr\/matomo\.php\?idsite=&rec=\. The CNIL's exemption covers it only if .*cannot see.*25 months at most$/);
    expect(reportText('fr')('finding_audienceRequestBeforeConsent', 'Matomo', 'x')).toMatch(/^Matomo mesure l’audience avant tout choix/);
    // A third-party tool offering the exemption's configuration is a caution only where the policy claims it.
    const cloud = request('https://ods.matomo.cloud/matomo.php?idsite=1', 'image');
    expect(ids(consentMatrix([run('no-choice', [cloud]), run('refuse-all', []), run('accept-all', [])]))).toEqual(['defect request-before-consent Matomo', 'defect undeclared-third-party Matomo']);
    expect(ids(consentMatrix([run('no-choice', [cloud], true, 'exemptés de consentement'), run('refuse-all', []), run('accept-all', [])]))).toEqual(['defect undeclared-third-party Matomo', 'caution audience-request-before-consent Matomo']);
  });

  it('words each finding in the reader\'s language, counted in its plural forms, and cures it in the consent manager', () => {
    const m = consentMatrix([run('no-choice', [ga, ga]), run('refuse-all', []), run('accept-all', [])]);
    const finding = m.findings.find((f) => f.id === 'request-before-consent')!;
    const state = (s: string) => s;
    expect(findingWords(finding, reportText('en') as never, state, 'en')).toBe('Google Analytics (analytics) reached before any consent choice: 2 requests, the first to https://www.google-analytics.com/g/collect?cid=');
    expect(findingWords(finding, reportText('fr') as never, state, 'fr')).toBe('Google Analytics (mesure d’audience) contacté avant tout choix de consentement : 2 requêtes, la première vers https://www.google-analytics.com/g/collect?cid=');
    expect(findingRemedy(finding, reportText('fr') as never, 'tarteaucitron')).toMatch(/^Ne charger cette balise qu’une fois le consentement donné, par son service dans le gestionnaire de consentement \(tarteaucitron\)/);
  });
});
