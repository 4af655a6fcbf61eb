// The small rules the larger parts lean on, each at its edges: shards given as K/N, Set-Cookie
// headers read as a browser would, expiry dates kept printable, when a declared cookie is normally
// set, what is no policy at all, how the names of one portal compare, sites and cookie domains,
// the audit history and the policy row suggested for an undeclared cookie.
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { LATEST_EXPIRY_SECONDS, clampExpiry, expiryIso } from '../../src/core/audit/expiry.ts';
import { cookieDomainsFor, domainMatches, originsFor, siteOf } from '../../src/core/audit/party.ts';
import { whenSet } from '../../src/core/catalogue/when-set.ts';
import { suggestPolicyRow } from '../../src/core/explain/suggest-row.ts';
import { parseShard, shardOf } from '../../src/core/fleet/shard.ts';
import { parseSetCookie } from '../../src/core/har/set-cookie.ts';
import { notAPolicy } from '../../src/core/policy/looks-like-policy.ts';
import { comparePortalNames, platformId } from '../../src/core/portal/compare-names.ts';
import { diffAudits, pushHistory } from '../../src/core/report/history.ts';
import type { CatalogueSource } from '../../src/core/types.ts';

describe('shards', () => {
  it('takes K/N with 1 ≤ K ≤ N ≤ 1000, spaces around it allowed', () => {
    expect(parseShard(' 2/8 ')).toEqual({ k: 2, n: 8 });
    expect(parseShard('1/1')).toEqual({ k: 1, n: 1 });
    expect(parseShard('1000/1000')).toEqual({ k: 1000, n: 1000 });
    expect(parseShard('12/34')).toEqual({ k: 12, n: 34 });
    for (const bad of ['0/3', '4/3', '1/0', '1/1001', '3/3/3']) expect(typeof parseShard(bad), bad).toBe('string');
    expect(parseShard('a/3')).toBe('takes K/N, for example 2/8');
    expect(parseShard('x2/3')).toBe('takes K/N, for example 2/8');
    expect(parseShard('2/3x')).toBe('takes K/N, for example 2/8');
    expect(parseShard('4/3')).toBe('takes K/N with 1 ≤ K ≤ N ≤ 1000');
  });

  it('hashes the whole origin: portals differing in their last letter may go to other shards', () => {
    const shards = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((c) => shardOf(`https://data.example.f${c}/`, 8)));
    expect(shards.size).toBeGreaterThan(1);
    expect(shardOf('https://DATA.example.fr/x', 8)).toBe(shardOf('https://data.example.fr/', 8));
  });
});

describe('Set-Cookie headers', () => {
  const url = 'https://data.example.fr/explore/';
  it('reads name, value, and each attribute, the domain made a domain cookie', () => {
    expect(parseSetCookie(' a = b=c ; Domain=.Example.FR; Path=/x; Secure; HttpOnly; SameSite=Strict', url, 0)).toEqual({ name: 'a', value: 'b=c', domain: '.example.fr', path: '/x', hostOnly: false, secure: true, httpOnly: true, sameSite: 'strict', session: true });
    expect(parseSetCookie('a=1', url, 0)).toEqual({ name: 'a', value: '1', domain: 'data.example.fr', path: '/', hostOnly: true, secure: false, httpOnly: false, sameSite: 'unspecified', session: true });
  });

  it('ignores an empty domain, a path not starting with "/", a max-age that is no number, a date that is none', () => {
    expect(parseSetCookie('a=1; Domain=; Path=x; Max-Age=1e3; Expires=soon', url, 0)).toMatchObject({ domain: 'data.example.fr', hostOnly: true, path: '/', session: true });
  });

  it('takes max-age over expires, negative ones included, and dates the expiry from now', () => {
    expect(parseSetCookie('a=1; Max-Age=60; Expires=Wed, 21 Oct 2026 07:28:00 GMT', url, 1_000_000)).toMatchObject({ session: false, expirationDate: 1_060 });
    expect(parseSetCookie('a=1; Max-Age=-5', url, 1_000_000)).toMatchObject({ expirationDate: 995 });
    expect(parseSetCookie('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', url, 0)).toMatchObject({ expirationDate: Date.UTC(2026, 9, 21, 7, 28) / 1000 });
  });

  it('reads no cookie without a name', () => {
    expect(parseSetCookie('=1', url)).toBeUndefined();
    expect(parseSetCookie('novalue', url)).toBeUndefined();
    expect(parseSetCookie('', url)).toBeUndefined();
  });
});

describe('expiry dates', () => {
  it('keeps a date within [0, 9999-12-31], and says when it had to move it', () => {
    expect(clampExpiry(undefined)).toEqual({ seconds: undefined, clamped: false });
    expect(clampExpiry(Number.NaN)).toEqual({ seconds: undefined, clamped: true });
    expect(clampExpiry(1e300)).toEqual({ seconds: LATEST_EXPIRY_SECONDS, clamped: true });
    expect(clampExpiry(LATEST_EXPIRY_SECONDS)).toEqual({ seconds: LATEST_EXPIRY_SECONDS, clamped: false });
    expect(clampExpiry(-1)).toEqual({ seconds: 0, clamped: true });
    expect(clampExpiry(0)).toEqual({ seconds: 0, clamped: false });
    expect(expiryIso(1e300)).toBe('9999-12-31T23:59:59.000Z');
    expect(expiryIso(Number.NaN)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('when a declared cookie is normally set', () => {
  it('knows the platform’s own cookies, then reads the declaration’s service and purpose', () => {
    expect(whenSet({ pattern: 'csrftoken', purpose: 'langue' })).toBe('form');
    expect(whenSet({ pattern: 'x', service: 'Authentification' })).toBe('login');
    expect(whenSet({ pattern: 'x', purpose: 'Mémorise vos préférences de cookies' })).toBe('consent');
    expect(whenSet({ pattern: 'x', service: 'Sélection de la langue (front et back office)' })).toBe('language-switch');
    expect(whenSet({ pattern: 'x', purpose: 'Outil du back-office' })).toBe('back-office');
    expect(whenSet({ pattern: 'x', purpose: 'Front et back office' })).toBeUndefined();
    expect(whenSet({ pattern: 'x', purpose: 'Sécurité des formulaires' })).toBe('form');
    expect(whenSet({ pattern: 'x' })).toBeUndefined();
  });
});

describe('what is no policy at all', () => {
  it('calls binary data what holds a NUL or more than 5% odd characters in its first 8 kB', () => {
    expect(notAPolicy('cookies\u0000')).toBe('binary data, not a text or HTML policy');
    expect(notAPolicy(`cookies ${'\u0001'.repeat(6)}${'a'.repeat(94)}`)).toBe('binary data, not a text or HTML policy');
    expect(notAPolicy(`cookies ${'\ufffd'.repeat(4)}${'a'.repeat(100)}`)).toBeUndefined();
    // Past the first 8 kB, odd bytes are not looked at.
    expect(notAPolicy(`cookies ${'a'.repeat(9000)}${'\u0000'.repeat(50)}`)).toBeUndefined();
  });

  it('says a text that never mentions cookies, traceurs or témoins is none', () => {
    expect(notAPolicy('')).toBe('it never mentions cookies');
    expect(notAPolicy('Nos traceurs')).toBeUndefined();
    expect(notAPolicy('Les TÉMOINS de connexion')).toBeUndefined();
    expect(notAPolicy('Les temoins')).toBeUndefined();
    expect(notAPolicy(`${'x'.repeat(2_000_000)} cookies`)).toBe('it never mentions cookies');
  });
});

describe('the names of one portal', () => {
  const named = (host: string, names: string[], source?: CatalogueSource, platformHost?: string) => ({
    host, ...(platformHost ? { platformHost } : {}),
    audit: auditJar({ cookies: names.map((name) => ({ name, domain: host, path: '/' })), pageUrl: `https://${host}/`, entries: [{ pattern: 'sessionid' }], ...(source ? { source } : {}) }),
  });

  it('reads the platform’s id from its hosts, regional ones included', () => {
    expect(platformId('Paris.OpenDataSoft.com')).toBe('paris');
    expect(platformId('paris.eu.huwise.com')).toBe('paris');
    expect(platformId('data.paris.fr')).toBeUndefined();
    expect(platformId('x.opendatasoft.com.evil.fr')).toBeUndefined();
    expect(platformId('evil-paris.opendatasoft.co')).toBeUndefined();
  });

  it('says where two names of a portal differ: catalogue, trackers, other cookies, undeclared counts', () => {
    const [paris] = comparePortalNames([
      named('opendata.paris.fr', ['sessionid', '_ga', 'x_a'], { kind: 'portal', url: 'https://opendata.paris.fr/terms/cookies-policy/' }, 'paris.opendatasoft.com'),
      named('paris.opendatasoft.com', ['sessionid'], { kind: 'default', reason: 'no-policy-link' }),
      named('other.opendatasoft.com', ['sessionid']),
    ]);
    expect(paris).toEqual({ portal: 'paris', names: ['opendata.paris.fr', 'paris.opendatasoft.com'], differences: [
      'catalogue: policy read at https://opendata.paris.fr/terms/cookies-policy/ on opendata.paris.fr; embedded default (no-policy-link) on paris.opendatasoft.com',
      'trackers set on opendata.paris.fr only: _ga',
      'cookies set on opendata.paris.fr only: x_a',
      'undeclared: 2 on opendata.paris.fr, 0 on paris.opendatasoft.com',
    ] });
  });

  it('names the user’s catalogue, a file and none, and says nothing of names that agree', () => {
    const words = (source?: CatalogueSource) => comparePortalNames([named('a.opendatasoft.com', [], source), named('a.huwise.com', [])])[0]!.differences;
    expect(words({ kind: 'user', via: 'pasted', updatedAt: 'x' })).toEqual(['catalogue: catalogue set by the user on a.opendatasoft.com; no catalogue on a.huwise.com']);
    expect(words({ kind: 'file', path: 'p.html' } as CatalogueSource)).toEqual(['catalogue: catalogue from p.html on a.opendatasoft.com; no catalogue on a.huwise.com']);
    expect(words()).toEqual([]);
    expect(comparePortalNames([named('a.opendatasoft.com', []), named('a.opendatasoft.com', [])])).toEqual([]);
    expect(comparePortalNames([named('data.example.fr', []), named('data2.example.fr', [])])).toEqual([]);
  });
});

describe('sites, cookie domains and history', () => {
  it('reads a host’s site with or without its dots and case, and the domains whose cookies it receives', () => {
    expect(siteOf('.Data.Example.FR.')).toBe('example.fr');
    expect(siteOf('localhost')).toBe('localhost');
    expect(cookieDomainsFor('A.B.Example.fr')).toEqual(['a.b.example.fr', 'b.example.fr', 'example.fr']);
    expect(cookieDomainsFor('localhost')).toEqual(['localhost']);
    expect(originsFor('data.example.fr')).toEqual(['*://data.example.fr/*', '*://example.fr/*']);
    expect(domainMatches('data.example.fr', '.Example.fr', false)).toBe(true);
    expect(domainMatches('data.example.fr', 'example.fr', true)).toBe(false);
    expect(domainMatches('badexample.fr', 'example.fr', false)).toBe(false);
    expect(domainMatches('DATA.example.fr', 'data.example.fr', true)).toBe(true);
  });

  it('keeps the newest audits first, one per time, at most the length asked, and diffs by name, domain and path', () => {
    const digest = (at: string, cookies: { name: string; domain: string; path: string }[] = []) => ({ auditedAt: at, pageUrl: 'https://x.example/', undeclared: 0, cookies });
    const history = pushHistory(pushHistory([digest('1'), digest('2')], digest('2')), digest('3'), 2);
    expect(history.map((h) => h.auditedAt)).toEqual(['3', '2']);
    const a = { name: 'a', domain: 'x.example', path: '/' };
    expect(diffAudits(digest('1', [a, { ...a, path: '/p' }]), digest('2', [a, { ...a, domain: 'y.example' }]))).toEqual({ previousAt: '1', added: [{ ...a, domain: 'y.example' }], gone: [{ ...a, path: '/p' }] });
  });

  it('suggests a policy row in the portal’s layout, in its language, with a prefix as a wildcard', () => {
    const explanation = { platform: 'Matomo', category: 'Analytics', description: 'Visitor id', retention: '13 months', controller: '', name: '_pk_id.', matchedBy: 'prefix' as const, otherDomain: false, source: 'open-cookie-database' as const };
    expect(suggestPolicyRow('_pk_id.1.ab', explanation, ['name', 'provider', 'service', 'purpose', 'lifetime', 'category'], 'fr')).toEqual(['_pk_id.*', 'Matomo', "Matomo (Mesure d'audience)", 'Visitor id', '13 months', "Mesure d'audience"]);
    expect(suggestPolicyRow('x', { ...explanation, category: 'Odd', matchedBy: 'exact', controller: 'Ctl' }, ['name', 'provider', 'service'], 'en')).toEqual(['x', 'Ctl', 'Matomo (Odd)']);
    expect(suggestPolicyRow('x', undefined, ['name', 'provider', 'purpose', 'category'], 'en')).toEqual(['x', 'To be completed', 'To be completed', '']);
    expect(suggestPolicyRow('x', undefined, ['service', 'lifetime'], 'fr')).toEqual(['À compléter', 'À compléter']);
  });
});
