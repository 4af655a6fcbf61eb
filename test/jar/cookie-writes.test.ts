import { describe, expect, it } from 'vitest';
import { cookieUrl, removeDetails, setDetails } from '../../src/jar/cookie-writes.ts';

describe('putting a cookie back exactly', () => {
  it('keeps host-only cookies host-only and domain cookies on their domain', () => {
    expect(setDetails({ name: 'a', value: '1', domain: 'data.example.fr', path: '/', hostOnly: true, secure: true, httpOnly: true, sameSite: 'lax', session: false, expirationDate: 1_900_000_000 })).toEqual({
      url: 'https://data.example.fr/', name: 'a', value: '1', path: '/', secure: true, httpOnly: true, sameSite: 'lax', expirationDate: 1_900_000_000,
    });
    expect(setDetails({ name: 'b', value: '2', domain: '.example.fr', path: '/x', hostOnly: false, session: true })).toEqual({
      url: 'http://example.fr/x', name: 'b', value: '2', domain: '.example.fr', path: '/x', secure: false, httpOnly: false,
    });
  });

  it('addresses the same store, partition and first party when removing and setting', () => {
    const cookie = { name: 'c', value: '3', domain: 'w.example.com', path: '/', hostOnly: true, secure: true, storeId: 'firefox-container-1', partitionKey: { topLevelSite: 'https://example.fr' }, firstPartyDomain: '' };
    expect(removeDetails(cookie)).toEqual({ url: 'https://w.example.com/', name: 'c', storeId: 'firefox-container-1', partitionKey: { topLevelSite: 'https://example.fr' }, firstPartyDomain: '' });
    expect(setDetails(cookie)).toMatchObject({ storeId: 'firefox-container-1', partitionKey: { topLevelSite: 'https://example.fr' }, firstPartyDomain: '' });
    expect(cookieUrl({ name: 'd', domain: '.a.fr', path: '' })).toBe('http://a.fr/');
  });
});
