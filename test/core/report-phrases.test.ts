// The phrases the Markdown and HTML reports (and the popup's line) share, each in its cases: where
// the catalogue came from, what set a cookie, what the recording covered, the consent, the fresh
// visit, the date in the report's time zone and a cookie's lifetime.
import { describe, expect, it } from 'vitest';
import type { AuditReport, ReportCookie } from '../../src/core/report/report-model.ts';
import { reportText } from '../../src/core/report/report-strings.ts';
import { auditDate, consentText, coverageText, freshVisitText, lifetimeText, setterText, sourceText } from '../../src/core/report/report-text.ts';

const t = reportText('en');
const PAGE = 'https://data.example.fr/explore/';
const report = (over: Partial<AuditReport> = {}) => ({ language: 'en', timeZone: 'UTC', auditedAt: '2026-12-01T10:00:00.000Z', ...over }) as AuditReport;
const setter = (over: object) => ({ how: 'document.cookie', page: PAGE, count: 1, ...over }) as never;

describe('where the catalogue came from', () => {
  it('names the user’s catalogue, how it was set and when, the file, or the default and why', () => {
    expect(sourceText({ kind: 'user', via: 'url', updatedAt: '2026-11-01', url: 'https://x.example/p' }, t)).toBe('Catalogue you set for this portal (policy read from another address, 2026-11-01). https://x.example/p');
    expect(sourceText({ kind: 'user', via: 'pasted', updatedAt: '2026-11-01' }, t)).toBe('Catalogue you set for this portal (pasted policy, 2026-11-01).');
    expect(sourceText({ kind: 'default', reason: 'no-policy-link', detail: 'HTTP 404' } as never, t)).toBe('Compared with the embedded Opendatasoft default catalogue: no cookie policy link was found on the portal. (HTTP 404)');
    expect(sourceText({ kind: 'default', reason: 'no-policy-link' } as never, t)).toBe('Compared with the embedded Opendatasoft default catalogue: no cookie policy link was found on the portal.');
    expect(sourceText({ kind: 'file', path: '/tmp/p.html' } as never, t)).toBe('/tmp/p.html');
    expect(sourceText(undefined, t)).toBe('');
  });
});

describe('what set a cookie', () => {
  it('names the portal’s own response by its path on the popup’s line and by its address in reports', () => {
    const own = setter({ how: 'response', url: 'https://data.example.fr/api/x?a=1' });
    expect(setterText(own, t)).toBe("the portal's response to https://data.example.fr/api/x?a=1");
    expect(setterText(own, t, { short: true })).toBe("the portal's response to /api/x");
  });

  it('names another site’s response by host and path, or says the address is unknown', () => {
    expect(setterText(setter({ how: 'response', url: 'https://cdn.example/px?a=1' }), t, { short: true })).toBe('the response to cdn.example/px');
    expect(setterText(setter({ how: 'response', url: 'https://cdn.example/px' }), t)).toBe('the response to https://cdn.example/px');
    expect(setterText(setter({ how: 'response', url: 'https://data.example.fr/px', page: undefined }), t)).toBe('the response to https://data.example.fr/px');
    expect(setterText(setter({ how: 'response' }), t)).toBe('the response to ?');
  });

  it('tells a script of its own address from one inside the page and one without an address', () => {
    expect(setterText(setter({ url: 'https://cdn.example/t.js' }), t)).toBe('the script https://cdn.example/t.js');
    expect(setterText(setter({ url: PAGE }), t)).toBe(`a script inside the page ${PAGE}`);
    expect(setterText(setter({}), t)).toBe('a script without an address of its own (document.cookie)');
    expect(setterText(setter({ how: 'cookieStore' }), t)).toBe('a script without an address of its own (cookieStore)');
  });

  it('adds when, in which frame and how many times, in reports only', () => {
    const busy = setter({ how: 'cookieStore', url: 'https://cdn.example/t.js?x', count: 3, afterMs: 5, frame: 'https://w.example/f' });
    expect(setterText(busy, t)).toBe(`the script https://cdn.example/t.js?x (5 ms after ${PAGE} started loading; in the frame https://w.example/f; written 3 times)`);
    expect(setterText(busy, t, { short: true })).toBe('the script cdn.example/t.js');
    expect(setterText(setter({ url: 'https://cdn.example/t.js', afterMs: 5, page: undefined }), t)).toBe('the script https://cdn.example/t.js');
    expect(setterText(setter({ url: 'https://cdn.example/t.js', frame: 'not a url' }), t)).toBe('the script https://cdn.example/t.js');
  });

  it('says a cookie was there before the visit, or never seen being set', () => {
    expect(setterText(setter({ how: 'before-visit' }), t)).toBe('set before this visit');
    expect(setterText(setter({ how: 'not-seen', count: 0 }), t)).toBe('not seen being set');
  });
});

describe('the other facts of a report', () => {
  it('says what the recording covered and what it did not, and why', () => {
    expect(coverageText(report({ evidence: { responses: true, scripts: true } }))).toBe("Recorded during this visit: HTTP responses (Set-Cookie), scripts' writes (document.cookie, cookieStore).");
    expect(coverageText(report({ evidence: { responses: false, scripts: false, note: 'no permission' } }))).toBe("Not recorded: HTTP responses (Set-Cookie), scripts' writes (document.cookie, cookieStore) (no permission).");
    expect(coverageText(report({ evidence: { responses: false, scripts: true } }))).toBe("Recorded during this visit: scripts' writes (document.cookie, cookieStore). Not recorded: HTTP responses (Set-Cookie).");
    expect(coverageText(report())).toBe('');
  });

  it('says the consent as recorded: none, unreadable, or each choice with the keys not reported', () => {
    expect(consentText(report())).toBe('');
    expect(consentText(report({ consent: { status: 'no-choice' } } as never))).toBe("No consent choice recorded yet (no consent manager's record among the portal's cookies): trackers present were set before consent.");
    // A report of schema 3 said why in English, and named no manager: the platform's.
    expect(consentText(report({ consent: { status: 'unreadable', warning: 'bad JSON' } } as never))).toBe('The consent record of Opendatasoft could not be read: bad JSON');
    expect(consentText(report({ consent: { status: 'unreadable', manager: 'klaro', problem: 'not-json' } } as never))).toBe('The consent record of Klaro could not be read: its value is not JSON');
    expect(consentText(report({ consent: { status: 'chosen', choices: { ga: true, matomo: false }, otherKeys: 2 } } as never))).toBe("Opendatasoft records the visitor's choice: ga ✓, matomo ✗; 2 other keys, not reported");
    expect(consentText(report({ consent: { status: 'chosen', manager: 'tarteaucitron', choice: 'refuse-all', choices: { gtag: false, analytics: false } } } as never))).toBe("tarteaucitron records the visitor's choice: everything refused (gtag ✗, analytics ✗)");
    const french = (consent: object) => consentText({ ...report({ consent } as never), language: 'fr' });
    expect(french({ status: 'chosen', manager: 'orejime', choice: 'refuse-all', choices: { analytics: false } })).toBe('Orejime enregistre le choix du visiteur : tout refusé (analytics ✗)');
    expect(french({ status: 'unreadable', manager: 'opendatasoft', problem: 'no-choice' })).toBe('L’enregistrement du consentement de Opendatasoft est illisible : il ne contient aucun choix');
    expect(consentText(report({ consent: { status: 'chosen', choices: { ga: true } } } as never))).toBe("Opendatasoft records the visitor's choice: ga ✓");
  });

  it('says whether the visit was fresh and which of the user’s cookies could not be put back', () => {
    expect(freshVisitText(report())).toBe('');
    expect(freshVisitText(report({ freshVisit: { performed: true, unrestoredCookies: [] } } as never))).toBe("audited as a first-time visitor sees the portal (the user's cookies set aside meanwhile)");
    expect(freshVisitText(report({ freshVisit: { performed: false, unrestoredCookies: ['a', 'b'] } } as never))).toBe("2 of the user's cookies could not be put back: a, b");
  });

  it('dates the audit in the report’s time zone and language, and exactly, or as given when the zone is unknown', () => {
    expect(auditDate(report())).toBe('1 December 2026 at 10:00:00 UTC (2026-12-01T10:00:00.000Z)');
    expect(auditDate(report({ language: 'fr', timeZone: 'Europe/Paris' }))).toBe('1 décembre 2026 à 11:00:00 UTC+1 (2026-12-01T10:00:00.000Z)');
    expect(auditDate(report({ timeZone: 'Nowhere/Bad' }))).toBe('2026-12-01T10:00:00.000Z (Nowhere/Bad)');
  });

  it('says a cookie lasts the session, has expired, or how long it has left', () => {
    const life = (session: boolean, lifetimeSeconds: number | null) => lifetimeText({ session, lifetimeSeconds } as ReportCookie, report());
    expect([life(false, 0), life(false, -5), life(false, null), life(true, 50), life(false, 1)]).toEqual(['expired', 'expired', 'session cookie', 'session cookie', 'expires in under a minute']);
  });
});
