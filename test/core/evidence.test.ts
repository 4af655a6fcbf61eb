// Who set each cookie, from what a recorder saw: the writes (never values), the setter of each
// cookie of an audit, the words the reports use for it, and the HAR of a state's page loads.
import { beforeEach, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { consentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { buildFleet, setterKey } from '../../src/core/fleet/fleet-model.ts';
import { type CookieSetter, setterOf, setterSummary, withSetters } from '../../src/core/evidence/cookie-setters.ts';
import { type CookieWrite, hookedWrite, responseWrites, scriptUrlOfStack, scriptWrite, setCookieValues } from '../../src/core/evidence/cookie-writes.ts';
import { type NetEntry, REMOVED, buildHar, scrubList } from '../../src/core/har/write-har.ts';
import { buildReport } from '../../src/core/report/report-model.ts';
import { renderReport } from '../../src/core/report/render-report.ts';
import { reportText } from '../../src/core/report/report-strings.ts';
import { setterText } from '../../src/core/report/report-text.ts';
import { harValidator } from '../har-schema.ts';

const page = 'https://data.example.fr/explore/';
const now = Date.parse('2026-12-01T10:00:00Z');
const at = { page, afterMs: 120, now };

describe('writes a recorder saw', () => {
  it('reads Set-Cookie lines into writes for the domain they set, without their values', () => {
    const writes = responseWrites('csrftoken=abc123secret; Path=/; Max-Age=31536000\n_ga=GA1.2.3; Domain=.example.fr; Path=/\nold=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT\n\n=novalue', 'https://data.example.fr/explore/', at);
    expect(writes).toEqual([
      { kind: 'response', name: 'csrftoken', domain: 'data.example.fr', url: 'https://data.example.fr/explore/', page, afterMs: 120 },
      { kind: 'response', name: '_ga', domain: '.example.fr', url: 'https://data.example.fr/explore/', page, afterMs: 120 },
      { kind: 'response', name: 'old', domain: 'data.example.fr', url: 'https://data.example.fr/explore/', page, afterMs: 120, removal: true },
    ]);
    expect(JSON.stringify(writes)).not.toMatch(/abc123secret|GA1\.2\.3/);
    expect(responseWrites('a=1', 'not a url', at)).toEqual([]);
    // The values, for the recorder to remove from what it writes, and nothing else.
    expect(setCookieValues('csrftoken=abc123secret; Path=/\n_ga = GA1.2.3 ;Domain=x\nempty=; Path=/\nnovalue')).toEqual(['abc123secret', 'GA1.2.3']);
  });

  it("names a frame's write apart from the page, and a max-age of 0 as a removal", () => {
    expect(responseWrites('w=1; Max-Age=0', 'https://player.example/v', { ...at, frame: 'https://player.example/v#t=1' })).toEqual([
      { kind: 'response', name: 'w', domain: 'player.example', url: 'https://player.example/v', page, frame: 'https://player.example/v', afterMs: 120, removal: true },
    ]);
    expect(scriptWrite('document.cookie', 'x', 'path=/', page, undefined, { ...at, frame: `${page}#top` })).not.toHaveProperty('frame');
  });

  it('takes the first web address of a stack, in Chromium and Firefox forms, past the hook and extensions', () => {
    const chromium = ['Error', '    at HTMLDocument.set (<anonymous>:12:9)', '    at chrome-extension://abc/page/hook.js:3:1', '    at track (https://cdn.example/tag.js?id=G-1:1:200)', '    at https://data.example.fr/explore/:40:5'].join('\n');
    expect(scriptUrlOfStack(chromium)).toBe('https://cdn.example/tag.js?id=G-1');
    const firefox = ['set@moz-extension://uuid/page/hook.js:10:3', 'track@https://cdn.example/a/tag.js:1:50', '@https://data.example.fr/:3:1'].join('\n');
    expect(scriptUrlOfStack(firefox)).toBe('https://cdn.example/a/tag.js');
    expect(scriptUrlOfStack('Error\n    at eval (eval at run (https://x.example/a.js:1:1), <anonymous>:1:1)\n    at run (https://x.example/a.js:1:1)')).toBe('https://x.example/a.js');
    expect(scriptUrlOfStack('Error\n    at <anonymous>:1:1')).toBeUndefined();
  });

  it("checks a hook's report before keeping it: the page could forge one", () => {
    const report = (o: object) => JSON.stringify({ kind: 'document.cookie', name: '_ga', attributes: ' path=/; domain=.example.fr', stack: 'Error\n    at https://cdn.example/tag.js:1:1', document: page, at: now, ...o });
    expect(hookedWrite(report({}), at)).toEqual({ kind: 'document.cookie', name: '_ga', domain: '.example.fr', url: 'https://cdn.example/tag.js', page, afterMs: 120 });
    expect(hookedWrite(report({ kind: 'eval' }), at)).toBeUndefined();
    expect(hookedWrite(report({ name: 3 }), at)).toBeUndefined();
    expect(hookedWrite(report({ document: 'javascript:alert(1)' }), at)).toBeUndefined();
    expect(hookedWrite('{not json', at)).toBeUndefined();
    expect(hookedWrite(`"${'x'.repeat(20_000)}"`, at)).toBeUndefined();
    expect(hookedWrite(report({ kind: 'cookieStore', attributes: 'max-age=0' }), at)).toMatchObject({ kind: 'cookieStore', removal: true });
  });
});

describe('writes in their corner cases', () => {
  it('reads an expiry as a removal only once it is past, and takes the time now when none is given', () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const { now: _, ...noClock } = at;
    expect(responseWrites(`a=1; Expires=${past}\nb=2; Expires=${future}`, page, noClock).map((w) => [w.name, w.removal ?? false])).toEqual([['a', true], ['b', false]]);
    expect(scriptWrite('document.cookie', 'c', `expires=${past}`, page, undefined, noClock)).toMatchObject({ removal: true });
    expect(scriptWrite('document.cookie', 'c', 'max-age=60', page, undefined, { ...at, afterMs: -4.6 })).toEqual({ kind: 'document.cookie', name: 'c', domain: 'data.example.fr', page, afterMs: 0 });
  });

  it('reads no write from a line with spaces only, a script write with no name or from a page that is no web address', () => {
    expect(responseWrites('   \n\t', page, at)).toEqual([]);
    expect(scriptWrite('document.cookie', '', 'path=/', page, undefined, at)).toBeUndefined();
    expect(scriptWrite('document.cookie', 'x', 'path=/', 'not a url', undefined, at)).toBeUndefined();
  });

  it('keeps a frame’s address without its fragment, and ignores a page’s own fragment', () => {
    expect(responseWrites('w=1', 'https://p.example/v', { ...at, frame: 'https://p.example/v#a' })[0]!.frame).toBe('https://p.example/v');
    expect(responseWrites('w=1', page, { ...at, page: `${page}#x`, frame: page })[0]).not.toHaveProperty('frame');
  });

  it('reads only the first forty frames of a stack, its own lines trimmed', () => {
    const deep = [...Array.from({ length: 40 }, () => '    at <anonymous>:1:1'), '    at https://late.example/a.js:1:1'].join('\n');
    expect(scriptUrlOfStack(deep)).toBeUndefined();
    expect(scriptUrlOfStack('  x@https://a.example/b.js:10:2  ')).toBe('https://a.example/b.js');
    expect(scriptUrlOfStack('    at https://a.example/b.js:10:2 trailing')).toBeUndefined();
    expect(scriptUrlOfStack('http://a.example/b.js:1:1')).toBe('http://a.example/b.js');
  });

  it('bounds what a hook’s report may hold: 10 kB a report, 256 characters a name, 512 of attributes', () => {
    const report = (o: object) => JSON.stringify({ kind: 'document.cookie', name: '_ga', attributes: 'path=/', stack: '', document: page, at: now, ...o });
    expect(hookedWrite(report({ attributes: `path=/; ${'x'.repeat(9_000)}` }), at)).toMatchObject({ name: '_ga' });
    expect(hookedWrite(report({ name: 'n'.repeat(300) }), at)?.name).toHaveLength(256);
    expect(hookedWrite(report({ stack: 42 }), at)).not.toHaveProperty('url');
    expect(hookedWrite(report({ attributes: 7 }), at)).toBeUndefined();
    expect(hookedWrite(report({ document: 'http://data.example.fr/' }), at)).toMatchObject({ domain: 'data.example.fr' });
    expect(hookedWrite(42, at)).toBeUndefined();
  });
});

describe('the setter of each cookie', () => {
  const w = (o: Partial<CookieWrite>): CookieWrite => ({ kind: 'response', name: 'a', domain: 'data.example.fr', page, afterMs: 10, ...o });

  it('keeps the first write of a cookie as its setter, with the count of writes; removals set nothing', () => {
    const writes = [w({ name: '_ga', domain: '.example.fr', kind: 'document.cookie', url: 'https://cdn.example/tag.js', afterMs: 900 }), w({ name: '_ga', domain: 'example.fr', removal: true }), w({ name: '_ga', domain: '.EXAMPLE.fr', afterMs: 2000 })];
    expect(setterOf({ name: '_ga', domain: '.example.fr' }, writes, new Set(), 'accept-all')).toEqual({ how: 'document.cookie', url: 'https://cdn.example/tag.js', page, state: 'accept-all', afterMs: 900, count: 2 });
    // Same name, another domain: not this cookie's write.
    expect(setterOf({ name: '_ga', domain: 'other.fr' }, writes, new Set()).how).toBe('not-seen');
    // Only a removal seen: nothing set it during the visit.
    expect(setterOf({ name: 'x', domain: 'data.example.fr' }, [w({ name: 'x', removal: true })], new Set()).how).toBe('not-seen');
  });

  it('says "set before this visit" only for a cookie that was there when the recording started', () => {
    const audit = auditJar({ cookies: [{ name: 'sessionid', domain: 'data.example.fr', path: '/' }, { name: 'late', domain: 'data.example.fr', path: '/' }], pageUrl: page, entries: [], now: new Date(now) });
    const recorded = withSetters(audit, { writes: [], before: [{ name: 'sessionid', domain: '.data.example.fr' }], coverage: { responses: false, scripts: true, note: 'permission refused' } });
    expect(recorded.cookies.map((c) => [c.name, c.setBy?.how])).toEqual([['late', 'not-seen'], ['sessionid', 'before-visit']]);
    expect(recorded.evidence).toEqual({ responses: false, scripts: true, note: 'permission refused' });
  });

  it('removes the cookie values the recorder met from the addresses it keeps', () => {
    const audit = auditJar({ cookies: [{ name: 'sid', domain: 'track.example', path: '/' }], pageUrl: page, entries: [], now: new Date(now) });
    const recorded = withSetters(audit, { writes: [w({ name: 'sid', domain: 'track.example', url: 'https://track.example/c?cid=GA1.1.998877&x=1' })], values: ['GA1.1.998877'], coverage: { responses: true, scripts: true } });
    expect(recorded.cookies[0]!.setBy!.url).toBe(`https://track.example/c?cid=${REMOVED}&x=1`);
  });

  it('keeps the frame of the first write, every field of the setter unscrubbed when no value was met', () => {
    const audit = auditJar({ cookies: [{ name: 'wid', domain: 'widget.example', path: '/' }], pageUrl: page, entries: [], now: new Date(now) });
    const writes = [w({ name: 'wid', domain: 'WIDGET.example', kind: 'response', url: 'https://widget.example/f?k=abcdef', frame: 'https://widget.example/f?k=abcdef' })];
    expect(withSetters(audit, { writes, coverage: { responses: true, scripts: true } }).cookies[0]!.setBy).toEqual({ how: 'response', url: 'https://widget.example/f?k=abcdef', page, frame: 'https://widget.example/f?k=abcdef', afterMs: 10, count: 1 });
    expect(withSetters(audit, { writes, values: ['abcdef'], coverage: { responses: true, scripts: true } }).cookies[0]!.setBy).toMatchObject({ url: `https://widget.example/f?k=${REMOVED}`, frame: `https://widget.example/f?k=${REMOVED}`, page });
  });

  it('sums a setter up in a few words for lists and logs', () => {
    const base = { page, count: 1 } as const;
    expect(setterSummary({ ...base, how: 'document.cookie', url: `${page}#top` })).toBe(`inline script of ${page}#top`);
    expect(setterSummary({ ...base, how: 'cookieStore', url: page, page: `${page}#x` })).toBe(`inline script of ${page}`);
    expect(setterSummary({ ...base, how: 'document.cookie', url: 'https://cdn.example/a.js', page: undefined } as never)).toBe('script https://cdn.example/a.js');
    expect(setterSummary({ ...base, how: 'response' })).toBe('response');
    expect(setterSummary({ ...base, how: 'before-visit', count: 0 })).toBe('set before this visit');
    expect(setterSummary({ ...base, how: 'not-seen', count: 0 })).toBe('not seen being set');
  });

  it('carries each state\'s setter into the consent matrix and its findings', () => {
    const audit = (state: 'no-choice' | 'refuse-all') => withSetters(auditJar({ cookies: [{ name: '_ga', domain: '.example.fr', path: '/' }], pageUrl: page, entries: [], now: new Date(now) }), { writes: [w({ name: '_ga', domain: '.example.fr', kind: 'document.cookie', url: `https://cdn.example/${state}.js` })], state, coverage: { responses: true, scripts: true } });
    const matrix = consentMatrix([
      { state: 'no-choice', reached: true, how: 'arrived', pages: [{ url: page, audit: audit('no-choice'), timedOut: false }] },
      { state: 'refuse-all', reached: true, how: 'refused', pages: [{ url: page, audit: audit('refuse-all'), timedOut: false }] },
    ]);
    expect(matrix.rows[0]!.setBy).toMatchObject({ 'no-choice': { url: 'https://cdn.example/no-choice.js', state: 'no-choice' }, 'refuse-all': { url: 'https://cdn.example/refuse-all.js' } });
    expect(matrix.findings.find((f) => f.id === 'tracker-before-consent')?.setBy?.url).toBe('https://cdn.example/no-choice.js');
    expect(matrix.findings.find((f) => f.id === 'tracker-after-refusal')?.setBy?.url).toBe('https://cdn.example/refuse-all.js');
  });
});

describe('the setter in words', () => {
  const en = reportText('en');
  const fr = reportText('fr');
  const s = (o: Partial<CookieSetter>): CookieSetter => ({ how: 'response', page, count: 1, afterMs: 40, ...o });

  it("names the portal's own responses by path, other sites' by host and file, inline scripts as the page's", () => {
    expect(setterText(s({ url: 'https://data.example.fr/api/explore/v2.1/visits?x=1' }), en, { short: true })).toBe("the portal's response to /api/explore/v2.1/visits");
    expect(setterText(s({ url: 'https://tiles.example/t.png?k=1' }), en, { short: true })).toBe('the response to tiles.example/t.png');
    expect(setterText(s({ how: 'document.cookie', url: 'https://cdn.example/js/tag.js?id=1' }), en, { short: true })).toBe('the script cdn.example/js/tag.js');
    expect(setterText(s({ how: 'document.cookie', url: page }), en, { short: true })).toBe('a script inside the page data.example.fr/explore/');
    expect(setterText(s({ how: 'cookieStore' }), en)).toBe('a script without an address of its own (cookieStore) (40 ms after https://data.example.fr/explore/ started loading)');
    expect(setterText(s({ how: 'before-visit' }), fr)).toBe('déposé avant cette visite');
    expect(setterText(s({ how: 'not-seen' }), en)).toBe('not seen being set');
  });

  it('gives the full address, the time, the frame and the count in reports', () => {
    const text = setterText(s({ url: 'https://player.example/v?t=1', frame: 'https://player.example/v?t=1', count: 3, afterMs: 250 }), fr);
    expect(text).toBe('la réponse à https://player.example/v?t=1 (250 ms après le début du chargement de https://data.example.fr/explore/; dans le cadre https://player.example/v?t=1; écrit 3 fois)');
    expect(setterSummary(s({ how: 'document.cookie', url: 'https://cdn.example/a.js' }))).toBe('script https://cdn.example/a.js');
    expect(setterSummary(s({ url: 'https://x.example/' }))).toBe('response https://x.example/');
    expect(setterSummary(s({ how: 'cookieStore', url: undefined }))).toBe('script (cookieStore, no address)');
  });

  it('shows the setter in every report format, and what the recording covered', () => {
    const audit = withSetters(auditJar({ cookies: [{ name: '_evil', domain: 'data.example.fr', path: '/' }], pageUrl: page, entries: [], now: new Date(now) }), {
      writes: [{ kind: 'document.cookie', name: '_evil', domain: 'data.example.fr', url: 'https://cdn.example/t.js', page, afterMs: 1000 }],
      coverage: { responses: false, scripts: true, note: 'webRequest not granted' },
    });
    const report = buildReport(audit, { generatedAt: new Date(now), timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en' });
    expect(report.schemaVersion).toBe(5);
    expect(report.cookies[0]!.setBy).toMatchObject({ how: 'document.cookie', url: 'https://cdn.example/t.js', afterMs: 1000 });
    const csv = renderReport(report, 'csv');
    expect(csv).toContain('Set by,Set by (address),Set on page,Set after (ms),Writes seen');
    expect(csv).toContain(`document.cookie,https://cdn.example/t.js,${page},1000,1`);
    expect(renderReport(report, 'md')).toContain('Set by: the script https://cdn.example/t.js (1000 ms after https://data.example.fr/explore/ started loading)');
    const html = renderReport(report, 'html');
    expect(html).toContain('<th>Set by</th>');
    expect(html).toContain('<td>the script https://cdn.example/t.js (1000 ms after');
    expect(html).toContain("Recorded during this visit: scripts&#39; writes (document.cookie, cookieStore). Not recorded: HTTP responses (Set-Cookie) (webRequest not granted).");
    // No picture without the bundle's images; with them, PNG data only, under a CSP that allows no other.
    expect(html).not.toContain('img-src');
  });

  it('shows the dialog as the journey read it: which control "refuse all" really was', () => {
    const audit = auditJar({ cookies: [], pageUrl: page, entries: [], now: new Date(now) });
    const journeys = consentMatrix([
      { state: 'no-choice', reached: true, how: 'arrived and touched nothing', pages: [{ url: page, audit, timedOut: false }] },
      { state: 'refuse-all', reached: true, how: 'refuse-all button', via: 'dialog', dialogTitle: 'Gestion des cookies', controls: ['Tout refuser'], pages: [{ url: page, audit, timedOut: false }] },
      { state: 'accept-all', reached: true, how: 'every switch on', via: 'dialog', controls: ['Mesure d’audience', 'Enregistrer'], pages: [{ url: page, audit, timedOut: false }] },
    ]);
    const report = buildReport(audit, { generatedAt: new Date(now), timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'fr', journeys });
    const md = renderReport(report, 'md');
    expect(md).toContain('| Tout refuser | oui | refuse-all button | Gestion des cookies: « Tout refuser » |');
    expect(md).toContain('| Tout accepter | oui | every switch on | « Mesure d’audience », « Enregistrer » |');
    expect(md).toContain('| Aucun choix | oui | arrived and touched nothing |  |');
  });

  it('embeds the screenshots the journeys took, PNG data only', () => {
    const audit = auditJar({ cookies: [], pageUrl: page, entries: [], now: new Date(now) });
    const journeys = consentMatrix([{ state: 'refuse-all', reached: true, how: 'refused', screenshots: { found: 'r_found.png', chosen: 'r_chosen.png' }, pages: [{ url: page, audit, timedOut: false }] }]);
    const report = buildReport(audit, { generatedAt: new Date(now), timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en', journeys });
    const html = renderReport(report, 'html', { images: { 'r_found.png': 'data:image/png;base64,iVBORw0KGgo=', 'r_chosen.png': 'javascript:alert(1)' } });
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="Refuse all: the consent dialog as found"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain("img-src data:");
  });
});

describe('the HAR of a state', () => {
  const entries: NetEntry[] = [
    { page, startedAt: now, timeMs: 35.6, method: 'GET', url: page, requestHeaders: { cookie: 'sessionid=s3cr3t-login-token; django_language=fr', 'user-agent': 'Chromium' }, status: 200, statusText: 'OK', responseHeaders: { 'set-cookie': 'csrftoken=csrf-value-123456; Path=/; Expires=Wed, 01 Dec 2027 10:00:00 GMT; HttpOnly\nnovalue', 'content-type': 'text/html' } },
    { page, startedAt: now + 500, timeMs: 12, method: 'POST', url: `https://t.example/collect?cid=csrf-value-123456&v=2`, requestHeaders: { authorization: 'Bearer abcdefgh', ':authority': 't.example' }, failed: 'net::ERR_BLOCKED_BY_CLIENT' },
    { page: 'https://data.example.fr/p/videos/', startedAt: now + 900, timeMs: 5, method: 'GET', url: 'https://data.example.fr/p/videos/', requestHeaders: {}, status: 302, statusText: 'Found', responseHeaders: { location: '/p/x/' } },
  ];
  // Built in each test (not at load): Stryker counts only what runs inside a test.
  let har: ReturnType<typeof buildHar>;
  beforeEach(() => void (har = buildHar(entries, { creator: { name: 'ods-cookie-audit', version: 'test' }, values: ['s3cr3t-login-token', 'csrf-value-123456', 'fr'], comment: 'the no-choice journey' })));

  it('is valid HAR 1.2, one page per document, entries in time order', () => {
    expect(harValidator()(har)).toEqual([]);
    expect(har.log.pages.map((p) => [p.id, p.title])).toEqual([['page_1', page], ['page_2', 'https://data.example.fr/p/videos/']]);
    expect(har.log.entries.map((e) => [e.pageref, e.time, e.response.status])).toEqual([['page_1', 36, 200], ['page_1', 12, 0], ['page_2', 5, 302]]);
    expect(har.log.entries[2]!.response.redirectURL).toBe('/p/x/');
  });

  it('keeps cookie names and attributes, and removes values, credentials and bodies', () => {
    const [first, second] = har.log.entries;
    expect(first!.request.cookies).toEqual([{ name: 'sessionid', value: '' }, { name: 'django_language', value: '' }]);
    expect(first!.request.headers).toContainEqual({ name: 'cookie', value: 'sessionid=; django_language=' });
    expect(first!.response.cookies).toEqual([{ name: 'csrftoken', value: '', path: '/', expires: '2027-12-01T10:00:00.000Z', httpOnly: true }]);
    expect(first!.response.headers).toContainEqual({ name: 'set-cookie', value: 'csrftoken=; Path=/; Expires=Wed, 01 Dec 2027 10:00:00 GMT; HttpOnly' });
    expect(second!.request.headers).toEqual([{ name: 'authorization', value: REMOVED }]);
    expect(second!.request.url).toBe('https://t.example/collect?cid=%5Bremoved%5D&v=2');
    expect(second!.request.queryString).toContainEqual({ name: 'cid', value: REMOVED });
    expect(second!.response._error).toBe('net::ERR_BLOCKED_BY_CLIENT');
    expect(second!.request.bodySize).toBe(-1);
    const text = JSON.stringify(har);
    for (const secret of ['s3cr3t-login-token', 'csrf-value-123456', 'Bearer abcdefgh']) expect(text).not.toContain(secret);
    // Short values are words, not identifiers: "fr" stays where it is a word.
    expect(scrubList(['fr', 'a b c d e'])).toEqual(['a%20b%20c%20d%20e', 'a b c d e']);
  });
});

describe("the fleet's setters", () => {
  const reportOf = (host: string, writes: CookieWrite[], names: string[]) => {
    const pageUrl = `https://${host}/`;
    const cookies = names.map((name) => ({ name, domain: host, path: '/' }));
    const audit = withSetters(auditJar({ cookies, pageUrl, entries: [{ pattern: 'sessionid' }], now: new Date(now) }), { writes: writes.map((w) => ({ ...w, page: pageUrl })), coverage: { responses: true, scripts: true } });
    return buildReport(audit, { generatedAt: new Date(now), timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en' });
  };
  const tag = (name: string, domain: string, url = 'https://tags.example/gtag.js?id=G-1'): CookieWrite => ({ kind: 'document.cookie', name, domain, url, page: '', afterMs: 5 });

  it('groups setters by kind and address without query, counts portals, and lists the cookies they set', () => {
    const fleet = buildFleet([
      { report: reportOf('a.example.fr', [tag('_ga', 'a.example.fr'), { kind: 'response', name: 'px', domain: 'a.example.fr', url: 'https://a.example.fr/api/x?k=1', page: '', afterMs: 1 }], ['_ga', 'px', 'sessionid']), path: 'a.json' },
      { report: reportOf('b.example.fr', [tag('_gid', 'b.example.fr', 'https://tags.example/gtag.js?id=G-2'), tag('sessionid', 'b.example.fr')], ['_gid', 'sessionid', 'quiet']), path: 'b.json' },
    ], [], [], new Date(now + 60_000));
    expect(fleet.topSetters!.undeclared).toEqual([
      { setter: 'script tags.example/gtag.js', host: 'tags.example', portals: 2, cookies: ['_ga', '_gid'] },
      { setter: 'response a.example.fr/api/x', host: 'a.example.fr', portals: 1, cookies: ['px'] },
    ]);
    // A declared cookie's setter, and a cookie nothing was seen setting, are not counted.
    expect(fleet.portals.find((p) => p.host === 'b.example.fr')!.setters).toEqual({ undeclared: ['script tags.example/gtag.js'], beforeConsent: [] });
    expect(setterKey({ how: 'before-visit', count: 0 })).toBeUndefined();
    expect(setterKey({ how: 'response', url: 'not a url', count: 1 })).toBeUndefined();
    expect(setterKey({ how: 'cookieStore', url: 'https://x.example/a.js#h', count: 1 })).toBe('script x.example/a.js');
  });

  it("takes trackers before consent from the journeys' findings when there are journeys, else from the checks", () => {
    const audit = (state: 'no-choice') => withSetters(auditJar({ cookies: [{ name: '_ga', domain: '.example.fr', path: '/' }], pageUrl: page, entries: [], now: new Date(now) }), { writes: [tag('_ga', '.example.fr')], state, coverage: { responses: true, scripts: true } });
    const journeys = consentMatrix([{ state: 'no-choice', reached: true, how: 'arrived', pages: [{ url: page, audit: audit('no-choice'), timedOut: false }] }]);
    const withJourneys = buildReport(audit('no-choice'), { generatedAt: new Date(now), timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en', journeys });
    const fleet = buildFleet([{ report: withJourneys, path: 'j.json' }], [], [], new Date(now + 60_000));
    expect(fleet.topSetters!.beforeConsent).toEqual([{ setter: 'script tags.example/gtag.js', host: 'tags.example', portals: 1, cookies: ['_ga'] }]);
    expect(fleet.portals[0]!.setters!.beforeConsent).toEqual(['script tags.example/gtag.js']);
  });
});
