import { describe, expect, it } from 'vitest';
import { readCookieFile, sameSiteOf } from '../../src/core/har/read-cookie-file.ts';
import { parseSetCookie } from '../../src/core/har/set-cookie.ts';
import { buildHar } from '../../src/core/har/write-har.ts';

describe('cookie files for the CLI', () => {
  it('reads a HAR 1.2 capture: request cookies for the request host, response cookies with their attributes', () => {
    const har = {
      log: {
        version: '1.2',
        entries: [
          {
            request: { url: 'https://data.example.fr/explore/', cookies: [{ name: 'csrftoken', value: 'x' }] },
            response: { cookies: [{ name: 'sessionid', value: 'y', path: '/', httpOnly: true, secure: true, expires: '2030-01-01T00:00:00.000Z' }, { name: '_ga', value: 'z', domain: 'example.fr' }] },
          },
        ],
      },
    };
    const reading = readCookieFile(JSON.stringify(har));
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.cookies).toEqual([
      { name: 'csrftoken', value: 'x', domain: 'data.example.fr', path: '/', hostOnly: true },
      { name: 'sessionid', value: 'y', domain: 'data.example.fr', path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'unspecified', session: false, expirationDate: Date.parse('2030-01-01T00:00:00.000Z') / 1000 },
      { name: '_ga', value: 'z', domain: '.example.fr', path: '/', hostOnly: false, httpOnly: false, secure: false, sameSite: 'unspecified', session: true },
    ]);
  });

  it('gives a reason for files it cannot use', () => {
    expect(readCookieFile('{not json')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    expect(readCookieFile('{"a":1}')).toEqual({ ok: false, reason: 'expected a JSON array of cookies or a HAR file' });
    expect(readCookieFile('[{"value":"x"}]')).toEqual({ ok: false, reason: 'cookie 1 has no name' });
    expect(readCookieFile('[{"name":"x"}]')).toEqual({ ok: false, reason: 'cookie 1 (x) has no domain' });
  });

  it('reads a JSON array in the WebExtensions shape, filling what a cookie leaves out', () => {
    const reading = readCookieFile(JSON.stringify([
      { name: 'a', value: 'v', domain: '.example.fr', expirationDate: 2_000_000_000, sameSite: 'None', storeId: 'firefox-container-1', partitionKey: { topLevelSite: 'https://example.fr' } },
      { name: 'b', value: 7, domain: 'data.example.fr', path: '/x', secure: true, httpOnly: true, sameSite: 'Lax', session: false },
      { name: 'c', domain: 'data.example.fr', hostOnly: false, partitionKey: {} },
    ]));
    expect(reading).toEqual({
      ok: true,
      warnings: [],
      cookies: [
        { name: 'a', value: 'v', domain: '.example.fr', path: '/', hostOnly: false, secure: false, httpOnly: false, sameSite: 'no_restriction', session: false, expirationDate: 2_000_000_000, storeId: 'firefox-container-1', partitionKey: { topLevelSite: 'https://example.fr' } },
        { name: 'b', value: '', domain: 'data.example.fr', path: '/x', hostOnly: true, secure: true, httpOnly: true, sameSite: 'lax', session: false },
        { name: 'c', value: '', domain: 'data.example.fr', path: '/', hostOnly: false, secure: false, httpOnly: false, sameSite: 'unspecified', session: true, partitionKey: {} },
      ],
    });
  });

  it('clamps what is out of range, and says so by cookie name', () => {
    const reading = readCookieFile(JSON.stringify([
      { name: 'far', domain: 'x.fr', expirationDate: 1e15 },
      { name: 'past', domain: 'x.fr', expirationDate: -5 },
      { name: 'odd\u0007name', domain: 'x.fr', partitionKey: { topLevelSite: 42 } },
    ]));
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.cookies.map((c) => [c.name, c.expirationDate, c.partitionKey])).toEqual([['far', 253402300799, undefined], ['past', 0, undefined], ['odd\u0007name', undefined, undefined]]);
    expect(reading.warnings).toEqual([
      'cookie "far": expiry 1000000000000000 is out of range, read as far future (9999-12-31)',
      'cookie "past": expiry -5 is out of range, read as expired',
      'cookie "odd\ufffdname": partitionKey ignored (topLevelSite is not a string)', // the control character shown as such, never sent to the terminal
    ]);
  });

  it('reads what a HAR gives and skips what it cannot place', () => {
    const har = { log: { entries: [
      { request: { url: 'not a url', cookies: [{ name: 'lost', value: '1' }] } },
      { request: { url: 'https://data.example.fr/', cookies: [{ value: 'nameless' }, { name: 'kept' }] }, response: { cookies: [{ name: 'plain', value: 'p', domain: 'example.fr', expires: 'not a date' }, { value: 'x' }, { name: 'own', domain: 'data.example.fr', path: '', sameSite: 'Strict' }] } },
      null,
    ] } };
    const reading = readCookieFile(JSON.stringify(har));
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.cookies).toEqual([
      { name: 'kept', value: '', domain: 'data.example.fr', path: '/', hostOnly: true },
      { name: 'plain', value: 'p', domain: '.example.fr', path: '/', hostOnly: false, httpOnly: false, secure: false, sameSite: 'unspecified', session: true },
      { name: 'own', value: '', domain: 'data.example.fr', path: '/', hostOnly: false, httpOnly: false, secure: false, sameSite: 'strict', session: true },
    ]);
    expect(readCookieFile('{"log":{}}')).toEqual({ ok: false, reason: 'HAR file without log.entries' });
    expect(readCookieFile('{"log":null}')).toEqual({ ok: false, reason: 'HAR file without log.entries' });
    expect(readCookieFile('[null]')).toEqual({ ok: false, reason: 'cookie 1 has no name' });
  });

  it("audits again the HAR of an evidence bundle: every cookie's name and domain, no value", () => {
    const har = buildHar([{ page: 'https://data.example.fr/', startedAt: 0, timeMs: 1, method: 'GET', url: 'https://data.example.fr/', requestHeaders: {}, status: 200, statusText: 'OK', responseHeaders: { 'set-cookie': 'csrftoken=secret-token-1; Path=/; HttpOnly\n_ga=GA1.1.5; Domain=example.fr' } }], { creator: { name: 't', version: '1' }, comment: 'test' });
    const reading = readCookieFile(JSON.stringify(har));
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.cookies.map((c) => [c.name, c.domain, c.value, c.httpOnly])).toEqual([['csrftoken', 'data.example.fr', '', true], ['_ga', '.example.fr', '', false]]);
  });
});

describe('Set-Cookie headers', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it('reads every attribute RFC 6265 gives, Max-Age before Expires', () => {
    expect(parseSetCookie('sid = abc=def ; Domain=.Example.FR; Path=/app; Secure; HttpOnly; SameSite=None; Max-Age=60; Expires=Wed, 01 Dec 2027 10:00:00 GMT', 'https://data.example.fr/x', now)).toEqual({
      name: 'sid', value: 'abc=def', domain: '.example.fr', path: '/app', hostOnly: false, secure: true, httpOnly: true, sameSite: 'no_restriction', session: false, expirationDate: now / 1000 + 60,
    });
    expect(parseSetCookie('a=1; Expires=Wed, 01 Dec 2027 10:00:00 GMT; Path=relative; Max-Age=soon', 'https://x.fr/', now)).toMatchObject({ domain: 'x.fr', path: '/', hostOnly: true, session: false, expirationDate: Date.parse('2027-12-01T10:00:00Z') / 1000 });
    expect(parseSetCookie('a=1; Max-Age=-1', 'https://x.fr/', now)?.expirationDate).toBe(now / 1000 - 1);
    expect(parseSetCookie('a=1; Domain=', 'https://x.fr/', now)).toMatchObject({ domain: 'x.fr', hostOnly: true, session: true });
    expect(parseSetCookie('=nameless', 'https://x.fr/', now)).toBeUndefined();
    expect(parseSetCookie('novalue', 'https://x.fr/', now)).toBeUndefined();
    expect(['none', 'NO_RESTRICTION', 'Lax', 'STRICT', 'bogus', undefined].map(sameSiteOf)).toEqual(['no_restriction', 'no_restriction', 'lax', 'strict', 'unspecified', 'unspecified']);
  });
});

describe('cookie files at their edges', () => {
  const har = (entries: unknown) => readCookieFile(JSON.stringify({ log: { entries } }));

  it('reads a HAR response cookie’s domain, path, expiry and flags, and defaults what it leaves out', () => {
    const reading = har([{ request: { url: 'https://data.example.fr/x', cookies: [{ name: 'r' }, { value: 'no name' }] }, response: { cookies: [
      { name: 'a', value: 1, domain: 'example.fr', path: '/p', expires: '2030-01-01T00:00:00Z', httpOnly: true, secure: true, sameSite: 'None' },
      { name: 'b', domain: '', path: '', expires: 'never', httpOnly: 'yes' },
      { name: 'c', domain: '.example.fr', expires: 7 },
      { name: 'd', domain: 'data.example.fr' },
      null,
    ] } }]);
    expect(reading).toEqual({ ok: true, warnings: [], cookies: [
      { name: 'r', value: '', domain: 'data.example.fr', path: '/', hostOnly: true },
      { name: 'a', value: '1', domain: '.example.fr', path: '/p', hostOnly: false, httpOnly: true, secure: true, sameSite: 'no_restriction', session: false, expirationDate: Date.UTC(2030, 0, 1) / 1000 },
      { name: 'b', value: '', domain: 'data.example.fr', path: '/', hostOnly: true, httpOnly: false, secure: false, sameSite: 'unspecified', session: true },
      { name: 'c', value: '', domain: '.example.fr', path: '/', hostOnly: false, httpOnly: false, secure: false, sameSite: 'unspecified', session: true },
      { name: 'd', value: '', domain: 'data.example.fr', path: '/', hostOnly: false, httpOnly: false, secure: false, sameSite: 'unspecified', session: true },
    ] });
  });

  it('skips HAR entries without a web address, and says an out-of-range HAR expiry', () => {
    const reading = har([null, { request: { url: 42 } }, { request: { url: 'not a url' } }, { request: { url: 'https://x.example/' }, response: { cookies: [{ name: 'old', expires: '1960-01-01T00:00:00Z' }] } }]);
    expect(reading).toEqual({ ok: true, cookies: [expect.objectContaining({ name: 'old', expirationDate: 0, session: false })], warnings: ['cookie "old": expiry -315619200 is out of range, read as expired'] });
    expect(readCookieFile('{"log": null}')).toEqual({ ok: false, reason: 'HAR file without log.entries' });
  });

  it('reads a cookie array’s optional fields only when they have the right type', () => {
    const reading = readCookieFile(JSON.stringify([
      { name: 'a', domain: 'x.example', value: 5, path: 3, hostOnly: 'no', session: 'no', expirationDate: '1', storeId: 1, sameSite: 'LAX' },
      { name: 'b', domain: '.x.example', session: false, expirationDate: 1_900_000_000, storeId: 'firefox-private', partitionKey: { topLevelSite: 'https://x.example' } },
      { name: 'c', domain: 'x.example', partitionKey: {} },
      { name: 'd', domain: 'x.example', partitionKey: null },
      { name: 'e', domain: 'x.example', partitionKey: { topLevelSite: 7 } },
      { name: 'f', domain: 'x.example', partitionKey: 'site' },
    ]));
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.cookies[0]).toEqual({ name: 'a', value: '', domain: 'x.example', path: '/', hostOnly: true, secure: false, httpOnly: false, sameSite: 'lax', session: true });
    expect(reading.cookies[1]).toEqual({ name: 'b', value: '', domain: '.x.example', path: '/', hostOnly: false, secure: false, httpOnly: false, sameSite: 'unspecified', session: false, expirationDate: 1_900_000_000, storeId: 'firefox-private', partitionKey: { topLevelSite: 'https://x.example' } });
    expect(reading.cookies.slice(2).map((c) => c.partitionKey)).toEqual([{}, undefined, undefined, undefined]);
    expect(reading.warnings).toEqual(['cookie "e": partitionKey ignored (topLevelSite is not a string)', 'cookie "f": partitionKey ignored (topLevelSite is not a string)']);
  });

  it('refuses what is no cookie list, naming the cookie at fault', () => {
    expect(readCookieFile('{"cookies": []}')).toEqual({ ok: false, reason: 'expected a JSON array of cookies or a HAR file' });
    expect(readCookieFile('null')).toEqual({ ok: false, reason: 'expected a JSON array of cookies or a HAR file' });
    expect(readCookieFile('[null]')).toEqual({ ok: false, reason: 'cookie 1 has no name' });
    expect(readCookieFile('[{"name":"a","domain":"x"},{"name":"b","domain":""}]')).toEqual({ ok: false, reason: 'cookie 2 (b) has no domain' });
    expect(readCookieFile('[{"name":"a","domain":3}]')).toEqual({ ok: false, reason: 'cookie 1 (a) has no domain' });
  });

  it('names a cookie in a warning on one line, cut at 80 characters', () => {
    const name = `a\nb${'c'.repeat(100)}`;
    const reading = readCookieFile(JSON.stringify([{ name, domain: 'x.example', expirationDate: 1e300 }]));
    expect(reading.ok && reading.warnings[0]).toBe(`cookie ${JSON.stringify(`a b${'c'.repeat(77)}`)}: expiry 1e+300 is out of range, read as far future (9999-12-31)`);
  });
});

