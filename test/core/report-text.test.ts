// The audit as the terminal shows it (`audit`, `demo`), and the lifetimes people read in every
// format: what each line says of each cookie, for a privacy officer reading a CI log.
import { beforeEach, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { withSetters } from '../../src/core/evidence/cookie-setters.ts';
import { humanLifetime, humanSeconds } from '../../src/core/report/duration.ts';
import { formatAuditText } from '../../src/core/report/format-text.ts';
import { reportText } from '../../src/core/report/report-strings.ts';
import { sourceText } from '../../src/core/report/report-text.ts';
import type { AuditResult, CatalogueEntry, Cookie } from '../../src/core/types.ts';

const now = new Date('2026-12-01T10:00:00Z');
const page = 'https://data.example.fr/explore/';
const entries: CatalogueEntry[] = [
  { pattern: 'csrftoken', provider: 'Opendatasoft', service: 'API (CSRF)', purpose: 'Récupérer des données' },
  { pattern: '_BEAMER*', provider: 'Beamer', purpose: 'Notifications' },
  { pattern: 'sessionid', provider: 'Opendatasoft', purpose: 'Authentification' },
  { pattern: 'old_cookie', purpose: 'Rien de connu' },
  { pattern: 'bare', service: 'Service seul' },
];
const cookies: Cookie[] = [
  { name: 'csrftoken', domain: 'data.example.fr', path: '/', httpOnly: false, secure: true, sameSite: 'lax', session: false, expirationDate: now.getTime() / 1000 + 400 * 86400 },
  { name: '_BEAMER_USER_ID_1', domain: 'data.example.fr', path: '/', sameSite: 'no_restriction', session: true },
  { name: 'bare', domain: 'data.example.fr', path: '/', session: true },
  { name: 'x_uid', domain: '.tracker.example', path: '/t', httpOnly: true, sameSite: 'strict', session: false, expirationDate: now.getTime() / 1000 - 10, partitionKey: { topLevelSite: 'https://example.fr' } },
];

describe('the audit in a terminal', () => {
  // Built in each test (not at load): Stryker counts only what runs inside a test.
  let audit: AuditResult;
  beforeEach(() => void (audit = auditJar({ cookies, pageUrl: page, entries, now, source: { kind: 'portal', url: 'https://data.example.fr/terms/cookies-policy/' } })));

  it('says the verdict first, then where the catalogue came from', () => {
    const [verdict, source] = formatAuditText(audit, now).split('\n');
    expect(verdict).toBe('data.example.fr: 4 cookies, 1 undeclared, 3 declared, 2 declared but not seen');
    expect(source).toBe('catalogue: Declared in the portal\'s policy: https://data.example.fr/terms/cookies-policy/');
    expect(formatAuditText({ ...audit, catalogueSource: undefined }, now).split('\n')[1]).toBe('catalogue: given');
    expect(formatAuditText({ ...audit, host: '' }, now).split('\n')[0]).toMatch(/^https:\/\/data\.example\.fr\/explore\/: /);
  });

  it('lists undeclared, declared and missing cookies with their attributes, pattern, purpose and when they are set', () => {
    const text = formatAuditText(audit, now);
    expect(text).toContain('\n\nUNDECLARED\n  ✗ x_uid  .tracker.example/t  (third-party, HttpOnly, SameSite=strict, expired, partitioned (https://example.fr))');
    expect(text).toContain('\n\nDECLARED AND PRESENT\n');
    expect(text).toContain('  ✓ csrftoken  data.example.fr/  (first-party, Secure, SameSite=lax, 1 year)\n      Opendatasoft · API (CSRF): Récupérer des données');
    expect(text).toContain('  ✓ _BEAMER_USER_ID_1 [_BEAMER*]  data.example.fr/  (first-party, SameSite=no_restriction, session)\n      Beamer: Notifications');
    // No purpose: no line under it.
    expect(text).toContain('  ✓ bare  data.example.fr/  (first-party, SameSite=unspecified, session)\n');
    expect(text).not.toContain('Service seul');
    expect(text.endsWith('\n\nDECLARED BUT NOT SEEN\n  · sessionid  (normally set: login)\n  · old_cookie')).toBe(true);
  });

  it('explains an undeclared cookie, suggests its row and names what set it', () => {
    const explained = { ...audit, cookies: audit.cookies.map((c) => (c.name === 'x_uid' ? { ...c, checks: ['lifetime-over-13-months' as const], explanation: { platform: 'Tracker', category: 'Marketing', description: 'Follows visitors', retention: '1 year', controller: 'Tracker Inc.', source: 'open-cookie-database' as const, matchedBy: 'exact' as const, name: 'x_uid', otherDomain: false }, suggestedRow: ['Tracker', 'Ads', 'x_uid', 'Follows visitors'] } : c)) };
    const recorded = withSetters(explained, { writes: [{ kind: 'response', name: 'x_uid', domain: '.tracker.example', url: 'https://tracker.example/p.gif', page, afterMs: 300 }], coverage: { responses: true, scripts: true } });
    const text = formatAuditText(recorded, now);
    expect(text).toContain('  ✗ x_uid  .tracker.example/t  (! lifetime-over-13-months, third-party,');
    expect(text).toContain('\n      likely Tracker (Marketing): Follows visitors\n      policy row: Tracker | Ads | x_uid | Follows visitors\n      set by response https://tracker.example/p.gif');
    // Only undeclared cookies get the line: declared ones were not recorded here.
    expect(text.match(/set by/g)).toHaveLength(1);
  });

  it('names every kind of catalogue source', () => {
    const t = reportText('en');
    expect(sourceText({ kind: 'file', path: 'policy.html' }, t)).toBe('policy.html');
    expect(sourceText({ kind: 'default', reason: 'no-policy-link', detail: 'no footer' }, t)).toMatch(/\(no footer\)$/);
    expect(sourceText({ kind: 'user', via: 'pasted', updatedAt: '2026-11-30', url: 'https://x.fr/p' }, t)).toMatch(/2026-11-30.* https:\/\/x\.fr\/p$/);
    expect(sourceText({ kind: 'portal', url: 'https://x.fr/p', fetchedAt: '2026-12-01', contentHash: 'abc' }, t)).toBe("Declared in the portal's policy: https://x.fr/p (2026-12-01), SHA-256 abc");
    expect(sourceText(undefined, t)).toBe('');
  });
});

describe('lifetimes in words', () => {
  it('takes the largest whole unit, in English and French, singular and plural', () => {
    const day = 86400;
    expect(humanSeconds(400 * day, 'en')).toBe('1 year');
    expect(humanSeconds(800 * day, 'fr')).toBe('2 ans');
    expect(humanSeconds(390 * day, 'en')).toBe('1 year');
    expect(humanSeconds(364 * day, 'en')).toBe('12 months');
    expect(humanSeconds(30 * day, 'fr')).toBe('1 mois');
    expect(humanSeconds(29 * day, 'en')).toBe('4 weeks');
    expect(humanSeconds(7 * day, 'en')).toBe('1 week');
    expect(humanSeconds(6 * day, 'fr')).toBe('6 jours');
    expect(humanSeconds(day, 'en')).toBe('1 day');
    expect(humanSeconds(day - 1, 'en')).toBe('23 hours');
    expect(humanSeconds(3600, 'fr')).toBe('1 heure');
    expect(humanSeconds(3599, 'en')).toBe('59 minutes');
    expect(humanSeconds(60, 'en')).toBe('1 minute');
    expect(humanSeconds(59, 'en')).toBe('under a minute');
    expect(humanSeconds(-5, 'fr')).toBe("moins d'une minute");
  });

  it('says session, expired, or the time left', () => {
    expect(humanLifetime({ session: true, expirationDate: 1e10 }, now, 'en')).toBe('session');
    expect(humanLifetime({ session: false }, now, 'en')).toBe('session');
    expect(humanLifetime({ session: false, expirationDate: now.getTime() / 1000 }, now, 'en')).toBe('expired');
    expect(humanLifetime({ session: false, expirationDate: now.getTime() / 1000 - 1 }, now, 'fr')).toBe('expiré');
    expect(humanLifetime({ session: false, expirationDate: now.getTime() / 1000 + 7200 }, now, 'en')).toBe('2 hours');
  });
});
