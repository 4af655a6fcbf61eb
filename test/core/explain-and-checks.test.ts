// Explanations from the vendored Open Cookie Database, consent, compliance checks and policy rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { defaultCatalogue } from '../../src/core/catalogue/default-catalogue.ts';
import { checkCookie } from '../../src/core/checks/compliance-checks.ts';
import { enrichAudit } from '../../src/core/checks/enrich-audit.ts';
import { readConsent } from '../../src/core/consent/read-consent.ts';
import { readConsentValue } from '../../src/core/consent/managers/opendatasoft-record.ts';
import { CookieKnowledge } from '../../src/core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../../src/core/explain/known-cookies.ts';
import { suggestPolicyRow } from '../../src/core/explain/suggest-row.ts';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import type { Cookie } from '../../src/core/types.ts';

// The file the build ships in the extension (global setup builds it from data/open-cookie-database).
const rows = JSON.parse(readFileSync(new URL('../../dist/data/open-cookie-database.json', import.meta.url), 'utf8')) as CompactRow[];
const knowledge = new CookieKnowledge(fromCompactRows(rows));

describe('explaining cookies with the Open Cookie Database', () => {
  it('ships the whole database', () => {
    expect(rows.length).toBeGreaterThan(2200);
  });

  it("takes the portal platform's own cookies before generic entries of the same name", () => {
    expect(knowledge.explain('sessionid', 'data.toulouse-metropole.fr')).toMatchObject({ platform: 'Opendatasoft', category: 'Security', source: 'opendatasoft-platform' });
    expect(knowledge.explain('csrftoken', 'opendata.paris.fr')?.platform).toBe('Opendatasoft');
    expect(knowledge.explain('_BEAMER_USER_ID_abc', 'opendata.paris.fr')).toMatchObject({ platform: 'Opendatasoft', matchedBy: 'prefix' });
  });

  it('prefers exact names to prefixes, and the longest prefix', () => {
    expect(knowledge.explain('_ga', 'example.fr')).toMatchObject({ platform: 'Google Analytics', category: 'Analytics', matchedBy: 'exact' });
    expect(knowledge.explain('_ga_ABC123', 'example.fr')).toMatchObject({ platform: 'Google Analytics', matchedBy: 'prefix' });
    // The database has both `_pk_id` (Matomo) and `_pk_id.` (Piwik, Matomo's former name): the longer wins.
    expect(knowledge.explain('_pk_id.1.a2b3', 'example.fr')).toMatchObject({ platform: 'Piwik', category: 'Analytics', name: '_pk_id.', matchedBy: 'prefix' });
  });

  it("takes the cookie's own domain into account where the database gives one", () => {
    const ide = knowledge.explain('IDE', '.doubleclick.net');
    expect(ide).toMatchObject({ category: 'Marketing', otherDomain: false });
  });

  it("keeps the database's own categories", () => {
    const categories = new Set(rows.map((r) => r[1]));
    expect(categories).toEqual(new Set(['Functional', 'Marketing', 'Analytics', 'Security', 'Necessary', 'Personalization']));
    const security = rows.find((r) => r[1] === 'Security')!;
    expect(knowledge.explain(security[2], security[3] || 'example.org')?.category).toBe('Security');
  });

  it('adds the trackers portals can enable where the database lacks them', () => {
    expect(knowledge.explain('etuix', 'example.fr')).toMatchObject({ platform: 'Eulerian', source: 'opendatasoft-trackers' });
    expect(knowledge.explain('totally_unknown_cookie', 'example.fr')).toBeUndefined();
  });
});

describe('the consent cookie', () => {
  const prefs = (value: object | string) => (typeof value === 'string' ? value : encodeURIComponent(JSON.stringify(value)));

  it('reads per-tracker choices and the time they were made', () => {
    expect(readConsentValue(prefs({ functional_cookies: true, ga: false, matomo: true, timestamp: 1_763_900_000 }))).toEqual({
      status: 'chosen', manager: 'opendatasoft', choice: 'mixed', choices: { functional_cookies: true, ga: false, matomo: true }, timestamp: new Date(1_763_900_000_000).toISOString(),
    });
  });

  it.each([
    ['%E0%A4%A', 'not-url-encoded'],
    ['{broken', 'not-json'],
    [prefs('[1,2]'), 'not-an-object'],
    [prefs({ timestamp: 1 }), 'no-choice'],
  ])('names the problem of a malformed value (%s) as a code instead of failing', (value, problem) => {
    const state = readConsentValue(value);
    expect(state.status).toBe('unreadable');
    expect(state.status === 'unreadable' && state.problem).toBe(problem);
  });

  it('says when no choice was made', () => {
    expect(readConsent([{ name: '_ga', domain: 'a.fr', path: '/' }])).toEqual({ status: 'no-choice' });
  });
});

describe('compliance checks', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const inDays = (days: number) => now.getTime() / 1000 + days * 86400;
  const audit = (cookies: Cookie[], page = 'https://data.example.fr/') =>
    enrichAudit(auditJar({ cookies, pageUrl: page, entries: defaultCatalogue('en'), now }), { cookies, knowledge, language: 'en' });
  const checksOf = (result: ReturnType<typeof audit>, name: string) => result.cookies.find((c) => c.name === name)?.checks;

  it('flags lifetimes over 13 months, not 13 months themselves', () => {
    const result = audit([
      { name: 'long', domain: 'data.example.fr', path: '/', session: false, expirationDate: inDays(730) },
      { name: 'thirteen', domain: 'data.example.fr', path: '/', session: false, expirationDate: inDays(395) },
    ]);
    expect(checksOf(result, 'long')).toContain('lifetime-over-13-months');
    expect(checksOf(result, 'thirteen')).not.toContain('lifetime-over-13-months');
  });

  it('flags session and CSRF cookies without HttpOnly, Secure or SameSite where they need them', () => {
    const result = audit([
      { name: 'sessionid', domain: 'data.example.fr', path: '/', httpOnly: false, secure: false, sameSite: 'no_restriction' },
      { name: 'csrftoken', domain: 'data.example.fr', path: '/', httpOnly: false, secure: true, sameSite: 'lax' },
    ]);
    expect(checksOf(result, 'sessionid')).toEqual(['session-not-httponly', 'auth-not-secure', 'auth-samesite-none']);
    expect(checksOf(result, 'csrftoken')).toEqual([]); // Django's CSRF cookie is read by scripts by design
    expect(checksOf(audit([{ name: 'sessionid', domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'lax' }], 'http://127.0.0.1/'), 'sessionid')).toEqual([]);
  });

  it('flags a known analytics cookie declared as necessary', () => {
    const catalogue = readPolicy('<h2>Cookies nécessaires</h2><table><tr><th>Nom du cookie</th><th>Finalité</th></tr><tr><td>_ga</td><td>Fonctionnement</td></tr></table>');
    const cookies: Cookie[] = [{ name: '_ga', domain: '.example.fr', path: '/' }];
    const result = enrichAudit(auditJar({ cookies, pageUrl: 'https://data.example.fr/', entries: catalogue.entries, now }), { cookies, knowledge, language: 'fr' });
    expect(result.cookies[0]!.checks).toContain('necessary-but-analytics');
  });

  it('flags trackers set before any choice, and trackers the visitor refused', () => {
    const before = audit([{ name: '_ga', domain: '.example.fr', path: '/' }]);
    expect(checksOf(before, '_ga')).toContain('set-before-consent');
    const consent = encodeURIComponent(JSON.stringify({ functional_cookies: true, ga: false, matomo: true }));
    const refused = audit([{ name: 'cookies_preferences', value: consent, domain: 'data.example.fr', path: '/' }, { name: '_ga', domain: '.example.fr', path: '/' }, { name: '_pk_id.1.ab', domain: 'data.example.fr', path: '/' }]);
    expect(checksOf(refused, '_ga')).toContain('set-though-refused');
    expect(checksOf(refused, '_pk_id.1.ab')).not.toContain('set-though-refused');
    expect(refused.consent).toMatchObject({ status: 'chosen', choices: { ga: false } });
    expect(JSON.stringify(refused)).not.toContain(consent); // the consent value itself is not kept
  });

  it('explains undeclared cookies and suggests a policy row in the portal table layout', () => {
    const result = audit([{ name: '_ga', domain: '.example.fr', path: '/' }]);
    expect(result.cookies[0]).toMatchObject({ explanation: { platform: 'Google Analytics' }, suggestedRow: ['Google', 'Google Analytics (Audience measurement)', '_ga', 'ID used to identify users'] });
    expect(suggestPolicyRow('_pk_id.1.x', knowledge.explain('_pk_id.1.x', 'a.fr'), ['provider', 'name', 'lifetime', 'purpose'], 'fr')).toEqual(['Piwik', '_pk_id.*', '13 Months', 'Used to recognize visitors and hold their various properties.']);
    expect(suggestPolicyRow('mystery', undefined, ['name', 'purpose'], 'fr')).toEqual(['mystery', 'À compléter']);
  });

  it('records the layout of the portal table it read', () => {
    expect(readPolicy(readFileSync(new URL('../fixtures/html/newer-layout-en.html', import.meta.url), 'utf8')).layout).toEqual(['provider', 'name', 'lifetime', 'purpose']);
  });
});

describe('consent as the platform configures it', () => {
  const page = 'https://data.metropole.fr/explore/';
  const at = (name: string): Cookie => ({ name, value: 'v', domain: 'data.metropole.fr', path: '/', session: true });
  const EXEMPT_POLICY = `Charte cookies
Nom du prestataire Service et emplacement Nom du cookies Finalités
Opendatasoft Authentification sessionid Se souvenir de l'utilisateur.
Matomo Mesure d'audience _pk_id.*, _pk_ses.* Mesurer la fréquentation du portail
La mesure d'audience réalisée avec Matomo est exemptée de consentement, conformément aux recommandations de la CNIL.`;
  const run = (policy: string, cookies: Cookie[], consentControl?: boolean) => {
    const catalogue = readPolicy(policy);
    return enrichAudit(auditJar({ cookies, pageUrl: page, entries: catalogue.entries, now: new Date('2026-11-23T10:00:00Z') }), {
      cookies,
      language: 'fr',
      ...(catalogue.consentExemption ? { exemption: catalogue.consentExemption } : {}),
      ...(consentControl !== undefined ? { consentControl } : {}),
    });
  };
  const checks = (result: ReturnType<typeof run>, name: string) => result.cookies.find((c) => c.name === name)?.checks;

  it('reads a Matomo cookie set before any choice as a caution when the policy claims the exemption, and _ga as a defect', () => {
    const result = run(EXEMPT_POLICY, [at('_pk_id.1.a1b2'), at('_ga')], true);
    expect(result.consentExemption).toMatch(/^La mesure d'audience réalisée avec Matomo est exemptée de consentement/);
    expect(checks(result, '_pk_id.1.a1b2')).toEqual(['exempt-audience-before-consent']);
    expect(checks(result, '_ga')).toEqual(['set-before-consent']);
    expect(result.checksApplied?.find((c) => c.id === 'exempt-audience-before-consent')).toMatchObject({ severity: 'caution', source: expect.stringContaining('CNIL') });
  });

  it('without the claim, Matomo before any choice is a defect like any tracker', () => {
    const result = run(EXEMPT_POLICY.split('\n').slice(0, -1).join('\n'), [at('_pk_id.1.a1b2')], true);
    expect(result.consentExemption).toBeUndefined();
    expect(checks(result, '_pk_id.1.a1b2')).toEqual(['set-before-consent']);
  });

  it('flags trackers on a portal whose page has no consent control, and never a consent or opt-out cookie', () => {
    const result = run(EXEMPT_POLICY.split('\n').slice(0, -1).join('\n'), [at('atuserid'), at('_pcid'), at('pa_user'), at('mtm_consent_removed'), at('matomo_ignore')], false);
    expect(checks(result, 'atuserid')).toEqual(['set-before-consent', 'tracker-without-consent-control']);
    expect(checks(result, '_pcid')).toEqual(['set-before-consent', 'tracker-without-consent-control']);
    expect(checks(result, 'pa_user')).toContain('set-before-consent');
    expect(checks(result, 'mtm_consent_removed')).toEqual([]);
    expect(checks(result, 'matomo_ignore')).toEqual([]);
  });

  it('does not take a general sentence about statistics for a claim of exemption', () => {
    const template = readPolicy(readFileSync(new URL('../fixtures/policies/opendatasoft-com-fr.txt', import.meta.url), 'utf8'));
    expect(template.consentExemption).toBeUndefined();
    expect(readPolicy('Our audience measurement (Matomo) is configured so that it does not require your consent.\nCookie Purpose Duration\n_pk_id.* statistics 13 months').consentExemption).toMatch(/does not require your consent/);
  });
});

describe('each check at its edge', () => {
  const now = 1_800_000_000;
  const cookie = (over: object) => ({ name: 'x', domain: 'data.example.fr', path: '/', hostOnly: true, secure: true, httpOnly: true, sameSite: 'lax', session: true, size: 1, party: 'first', status: 'declared', ...over }) as never;
  const context = (over: object = {}) => ({ now, pageIsHttps: true, consent: { status: 'no-choice' as const }, explanations: new Map(), ...over });

  it('flags a lifetime one second past 396 days, and not 396 days', () => {
    expect(checkCookie(cookie({ expirationDate: now + 396 * 86400 }), context())).toEqual([]);
    expect(checkCookie(cookie({ expirationDate: now + 396 * 86400 + 1 }), context())).toEqual(['lifetime-over-13-months']);
  });

  it('flags an authentication cookie whose SameSite is unspecified or None, not Lax or Strict', () => {
    expect(checkCookie(cookie({ name: 'sessionid', sameSite: 'unspecified' }), context())).toEqual(['auth-samesite-none']);
    expect(checkCookie(cookie({ name: 'PHPSESSID', sameSite: 'strict' }), context())).toEqual([]);
    expect(checkCookie(cookie({ name: 'x-csrf', sameSite: 'no_restriction', secure: false }), context({ pageIsHttps: false }))).toEqual(['auth-samesite-none']);
  });

  it('flags a declaration as necessary only against an analytics or marketing explanation', () => {
    const explained = (category: string) => context({ explanations: new Map([['x', { category }]]) });
    expect(checkCookie(cookie({ entry: { pattern: 'x', category: 'necessary' } }), explained('Marketing'))).toEqual(['necessary-but-analytics']);
    expect(checkCookie(cookie({ entry: { pattern: 'x', category: 'necessary' } }), explained('Functional'))).toEqual([]);
    expect(checkCookie(cookie({ entry: { pattern: 'x', category: 'functional' } }), explained('Analytics'))).toEqual([]);
  });

  it('takes a claimed exemption for audience measurement only, and names a tracker no control could refuse', () => {
    const claim = context({ exemption: 'La mesure d’audience est exemptée' });
    expect(checkCookie(cookie({ name: '_pk_id.1.ab' }), claim)).toEqual(['exempt-audience-before-consent']);
    expect(checkCookie(cookie({ name: '_ga' }), claim)).toEqual(['set-before-consent']);
    expect(checkCookie(cookie({ name: '_ga' }), context({ consentControl: false }))).toEqual(['set-before-consent', 'tracker-without-consent-control']);
    expect(checkCookie(cookie({ name: '_ga' }), context({ consentControl: true }))).toEqual(['set-before-consent']);
  });

  it('flags a tracker set after a choice only when that choice refused it, and says nothing on an unreadable record', () => {
    const chosen = (choices: Record<string, boolean>) => context({ consent: { status: 'chosen', choices } });
    expect(checkCookie(cookie({ name: '_ga' }), chosen({ ga: false }))).toEqual(['set-though-refused']);
    expect(checkCookie(cookie({ name: '_ga' }), chosen({ matomo: false }))).toEqual([]);
    expect(checkCookie(cookie({ name: '_ga' }), chosen({ ga: true }))).toEqual([]);
    expect(checkCookie(cookie({ name: '_ga' }), context({ consent: { status: 'unreadable', warning: 'x' } }))).toEqual([]);
  });
});

