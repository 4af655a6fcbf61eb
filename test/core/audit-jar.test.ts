import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { cookieDomainsFor, siteOf } from '../../src/core/audit/party.ts';
import { defaultCatalogue } from '../../src/core/catalogue/default-catalogue.ts';
import type { Cookie } from '../../src/core/types.ts';

const page = 'https://data.toulouse-metropole.fr/explore/dataset/communes/';
const cookie = (name: string, more: Partial<Cookie> = {}): Cookie => ({ name, value: `value-of-${name}`, domain: 'data.toulouse-metropole.fr', path: '/', hostOnly: true, ...more });

describe('auditing a cookie jar', () => {
  it('declares exact and wildcard matches, flags the rest, and lists what was not seen', () => {
    const result = auditJar({
      cookies: [cookie('sessionid', { httpOnly: true }), cookie('csrftoken'), cookie('_BEAMER_USER_ID_abc'), cookie('_ga', { domain: '.toulouse-metropole.fr', hostOnly: false })],
      pageUrl: page,
      entries: defaultCatalogue('fr'),
    });
    expect(result.summary).toEqual({ cookies: 4, declared: 3, undeclared: 1, missing: 2, firstParty: 4, thirdParty: 0 });
    const beamer = result.cookies.find((c) => c.name === '_BEAMER_USER_ID_abc')!;
    expect(beamer.status).toBe('declared');
    expect(beamer.entry?.pattern).toBe('_BEAMER*');
    expect(result.cookies.find((c) => c.name === '_ga')).toMatchObject({ status: 'undeclared', party: 'first' });
    expect(result.entries.filter((e) => e.status === 'missing').map((e) => e.entry.pattern)).toEqual(['django_language', 'cookies_preferences']);
    expect(result.entries.find((e) => e.entry.pattern === '_BEAMER*')?.matched).toEqual(['_BEAMER_USER_ID_abc']);
  });

  it('tells first from third party by registrable domain, not by host', () => {
    const result = auditJar({
      cookies: [cookie('a', { domain: '.toulouse-metropole.fr' }), cookie('b', { domain: 'www.toulouse-metropole.fr' }), cookie('c', { domain: '.doubleclick.net' }), cookie('d', { domain: 'toulouse.fr' })],
      pageUrl: page,
      entries: [],
    });
    expect(Object.fromEntries(result.cookies.map((c) => [c.name, c.party]))).toEqual({ a: 'first', b: 'first', c: 'third', d: 'third' });
    expect(result.site).toBe('toulouse-metropole.fr');
  });

  it('keeps the same name on two domains apart, and merges true duplicates', () => {
    const result = auditJar({
      cookies: [cookie('_ga', { domain: '.toulouse-metropole.fr' }), cookie('_ga'), cookie('_ga')],
      pageUrl: page,
      entries: [],
    });
    expect(result.cookies.map((c) => c.domain)).toEqual(['.toulouse-metropole.fr', 'data.toulouse-metropole.fr']);
  });

  it('keeps partitioned copies of one cookie apart by partition', () => {
    const result = auditJar({
      cookies: [cookie('widget'), cookie('widget', { partitionKey: { topLevelSite: 'https://opendata.paris.fr' } }), cookie('widget', { partitionKey: { topLevelSite: 'https://opendata.paris.fr' } })],
      pageUrl: page,
      entries: [],
    });
    expect(result.cookies.map((c) => c.partition ?? null)).toEqual([null, 'https://opendata.paris.fr']);
  });

  it('handles no cookies and an empty catalogue', () => {
    expect(auditJar({ cookies: [], pageUrl: page, entries: defaultCatalogue() }).summary).toEqual({ cookies: 0, declared: 0, undeclared: 0, missing: 5, firstParty: 0, thirdParty: 0 });
    const empty = auditJar({ cookies: [cookie('sessionid')], pageUrl: page, entries: [] });
    expect(empty.summary.undeclared).toBe(1);
    expect(empty.entries).toEqual([]);
  });

  it('never copies a cookie value into the result', () => {
    const secret = 'S3CRET-session-value-do-not-leak';
    const result = auditJar({ cookies: [cookie('sessionid', { value: secret })], pageUrl: page, entries: defaultCatalogue() });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result.cookies[0]!.size).toBe('sessionid'.length + secret.length);
  });

  it('reads the attributes users need: lifetime, flags, SameSite', () => {
    const [c] = auditJar({ cookies: [cookie('csrftoken', { secure: true, sameSite: 'lax', session: false, expirationDate: 1_900_000_000 })], pageUrl: page, entries: [] }).cookies;
    expect(c).toMatchObject({ secure: true, httpOnly: false, sameSite: 'lax', session: false, expirationDate: 1_900_000_000, hostOnly: true });
  });
});

describe('domains', () => {
  it('knows registrable domains from the Public Suffix List, private section included', () => {
    expect(siteOf('data.toulouse-metropole.fr')).toBe('toulouse-metropole.fr');
    expect(siteOf('.example.co.uk')).toBe('example.co.uk');
    expect(siteOf('someone.github.io')).toBe('someone.github.io');
    expect(siteOf('127.0.0.1')).toBe('127.0.0.1');
  });

  it('lists the host and its parents down to the site, whose cookies the page receives', () => {
    expect(cookieDomainsFor('a.data.toulouse-metropole.fr')).toEqual(['a.data.toulouse-metropole.fr', 'data.toulouse-metropole.fr', 'toulouse-metropole.fr']);
    expect(cookieDomainsFor('localhost')).toEqual(['localhost']);
  });
});

describe('the audit of a jar, field by field', () => {
  it('reads each cookie’s own attributes, and infers host-only and session where the browser did not say', () => {
    const result = auditJar({ pageUrl: 'https://data.example.fr/', entries: [{ pattern: 'sessionid' }], now: new Date('2026-12-01T10:00:00Z'), cookies: [
      { name: 'sessionid', value: 'é', domain: 'data.example.fr', path: '', expirationDate: 1_900_000_000, storeId: '0', partitionKey: { topLevelSite: 'https://example.fr' } },
      { name: 'wide', domain: '.example.fr', path: '/x', session: true, expirationDate: 1_900_000_000, hostOnly: true },
      { name: 'zz', domain: 'Data.Example.fr', path: '/', session: false, partitionKey: {} },
    ] });
    const [sessionid, wide, zz] = result.cookies;
    expect(sessionid).toEqual({ name: 'sessionid', domain: 'data.example.fr', path: '/', hostOnly: true, secure: false, httpOnly: false, sameSite: 'unspecified', session: false, size: 11, party: 'first', status: 'declared', expirationDate: 1_900_000_000, storeId: '0', partition: 'https://example.fr', entry: { pattern: 'sessionid' } });
    expect(wide).toMatchObject({ hostOnly: true, session: true, status: 'undeclared' });
    expect('expirationDate' in wide!).toBe(false);
    expect(zz).toMatchObject({ hostOnly: true, session: false });
    expect(['storeId', 'partition', 'entry', 'expirationDate'].filter((k) => k in zz!)).toEqual([]);
    expect(result).toMatchObject({ host: 'data.example.fr', site: 'example.fr', auditedAt: '2026-12-01T10:00:00.000Z' });
    expect('catalogueSource' in result).toBe(false);
  });

  it('takes a cookie on the same domain in another case, path or store for another cookie, an exact copy for the same', () => {
    const base = { name: 'a', domain: 'data.example.fr', path: '/' };
    const result = auditJar({ pageUrl: 'https://data.example.fr/', entries: [], cookies: [base, { ...base, domain: 'DATA.example.fr' }, { ...base, path: '/x' }, { ...base, storeId: '1' }, { ...base, firstPartyDomain: 'example.fr' }, { ...base }] });
    expect(result.cookies).toHaveLength(4);
  });

  it('lists each name a declaration matched once, and counts first and third parties', () => {
    const result = auditJar({ pageUrl: 'https://[::1]:8080/', entries: [{ pattern: '_pk_id.*' }, { pattern: 'gone' }], cookies: [
      { name: '_pk_id.1', domain: '::1', path: '/' }, { name: '_pk_id.1', domain: '::1', path: '/x' }, { name: '_pk_id.2', domain: '::1', path: '/' }, { name: 't', domain: '.tracker.example', path: '/' },
    ] });
    expect(result.host).toBe('::1');
    expect(result.entries).toEqual([{ entry: { pattern: '_pk_id.*' }, status: 'seen', matched: ['_pk_id.1', '_pk_id.2'] }, { entry: { pattern: 'gone' }, status: 'missing', matched: [] }]);
    expect(result.summary).toEqual({ cookies: 4, declared: 3, undeclared: 1, missing: 1, firstParty: 3, thirdParty: 1 });
  });

  it('reads every cookie as first party when the page has no host', () => {
    const result = auditJar({ pageUrl: 'not a url', entries: [], cookies: [{ name: 'a', domain: 'x.example', path: '/' }] });
    expect(result).toMatchObject({ host: '', site: '', summary: { firstParty: 1, thirdParty: 0 } });
  });
});

