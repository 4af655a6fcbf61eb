// The HAR of a recorded state, entry by entry: what a case file keeps (names, attributes, the order
// and timing of requests) and what it never holds (values, credentials, bodies).
import { describe, expect, it } from 'vitest';
import { type NetEntry, REMOVED, buildHar, scrubList, scrubValues } from '../../src/core/har/write-har.ts';

const PAGE = 'https://data.example.fr/';
const entry = (over: Partial<NetEntry>): NetEntry => ({ page: PAGE, startedAt: Date.UTC(2026, 10, 23, 10), timeMs: 12.4, method: 'GET', url: PAGE, requestHeaders: {}, ...over });
const har = (entries: NetEntry[], values: string[] = []) => buildHar(entries, { creator: { name: 'ods-cookie-audit', version: '1.0.0' }, values, comment: 'no-choice' });

describe('a HAR entry', () => {
  it('keeps the request line, its query, its timing and its page, in the order the requests started', () => {
    const log = har([
      entry({ url: 'https://data.example.fr/api/x?q=a&r=b', startedAt: Date.UTC(2026, 10, 23, 10, 0, 2), timeMs: -3, method: 'POST', page: 'https://data.example.fr/other' }),
      entry({ startedAt: Date.UTC(2026, 10, 23, 10, 0, 1), resourceType: 'Document', httpVersion: 'h2', status: 200, statusText: 'OK' }),
    ]).log;
    expect(log.pages.map((p) => [p.id, p.title, p.startedDateTime])).toEqual([['page_1', 'https://data.example.fr/other', '2026-11-23T10:00:02.000Z'], ['page_2', PAGE, '2026-11-23T10:00:01.000Z']]);
    const [first, second] = log.entries;
    expect(first).toMatchObject({ pageref: 'page_2', time: 12, _resourceType: 'Document', request: { method: 'GET', httpVersion: 'h2', bodySize: 0, queryString: [] }, response: { status: 200, statusText: 'OK', httpVersion: 'h2' }, timings: { send: 0, wait: 12, receive: 0 } });
    expect(second).toMatchObject({ pageref: 'page_1', time: 0, request: { method: 'POST', httpVersion: 'HTTP/1.1', bodySize: -1, queryString: [{ name: 'q', value: 'a' }, { name: 'r', value: 'b' }] }, response: { status: 0, statusText: '', httpVersion: 'HTTP/1.1' } });
    expect('_resourceType' in second!).toBe(false);
    expect(log.comment).toBe('no-choice. Cookie values, credentials and request bodies removed; response bodies not recorded.');
  });

  it('says what kind of content came back and where a redirect pointed, without the body', () => {
    const [e] = har([entry({ status: 302, responseHeaders: { 'Content-Type': 'text/html', Location: '/explore/' } })]).log.entries;
    expect(e!.response).toMatchObject({ content: { size: -1, mimeType: 'text/html', comment: 'bodies are not recorded' }, redirectURL: '/explore/', bodySize: -1, headersSize: -1 });
    const [none] = har([entry({ status: 204 })]).log.entries;
    expect(none!.response).toMatchObject({ content: { mimeType: 'x-unknown' }, redirectURL: '' });
    const [failed] = har([entry({ failed: 'net::ERR_BLOCKED_BY_CLIENT' })]).log.entries;
    expect(failed!.response._error).toBe('net::ERR_BLOCKED_BY_CLIENT');
    expect('_error' in none!.response).toBe(false);
  });

  it('keeps cookie names and attributes, never their values; credentials removed; pseudo-headers left out', () => {
    const [e] = har([entry({
      requestHeaders: { Cookie: 'sessionid=abc; csrftoken=def; =x; flag', Authorization: 'Bearer t0k3n', 'X-CSRFToken': 'def', ':authority': 'data.example.fr', Accept: 'text/html' },
      responseHeaders: { 'Set-Cookie': 'a=1; Path=/x; Domain=.example.fr; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure\nb=2; expires=never\n=3; Path=/\nnovalue\n', 'Cache-Control': 'no-store' },
    })]).log.entries;
    expect(e!.request.cookies).toEqual([{ name: 'sessionid', value: '' }, { name: 'csrftoken', value: '' }]);
    expect(e!.request.headers).toEqual([{ name: 'Cookie', value: 'sessionid=; csrftoken=' }, { name: 'Authorization', value: REMOVED }, { name: 'X-CSRFToken', value: REMOVED }, { name: 'Accept', value: 'text/html' }]);
    expect(e!.response.cookies).toEqual([
      { name: 'a', value: '', path: '/x', domain: '.example.fr', expires: '2026-10-21T07:28:00.000Z', httpOnly: true, secure: true },
      { name: 'b', value: '' },
    ]);
    expect(e!.response.headers).toEqual([
      { name: 'Set-Cookie', value: 'a=; Path=/x; Domain=.example.fr; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure' },
      { name: 'Set-Cookie', value: 'b=; expires=never' },
      { name: 'Set-Cookie', value: '; Path=/' },
      { name: 'Cache-Control', value: 'no-store' },
    ]);
  });

  it('removes the visit’s cookie values from every string, and keeps an address a valid URI', () => {
    const log = har([entry({ url: 'https://t.example/b?cid=GA1.2.3456&x=1', requestHeaders: { Referer: 'https://data.example.fr/?id=GA1.2.3456' } })], ['GA1.2.3456', 'fr']).log;
    expect(log.entries[0]!.request.url).toBe(`https://t.example/b?cid=${encodeURIComponent(REMOVED)}&x=1`);
    expect(log.entries[0]!.request.queryString).toEqual([{ name: 'cid', value: REMOVED }, { name: 'x', value: '1' }]);
    expect(log.entries[0]!.request.headers).toEqual([{ name: 'Referer', value: `https://data.example.fr/?id=${REMOVED}` }]);
    expect(JSON.stringify(log)).toContain('data.example.fr');
  });
});

describe('the values removed', () => {
  it('are those of five characters or more, raw, encoded and decoded, longest first', () => {
    expect(scrubList(['abcd', 'abcde', 'a%20bcd', 'x y z'])).toEqual(['a%2520bcd', 'x%20y%20z', 'a%20bcd', 'abcde', 'a bcd', 'x y z']);
    expect(scrubList(['%E0%A4%A', 'short'])).toEqual(['%25E0%25A4%25A', '%E0%A4%A', 'short']);
  });

  it('go wherever they appear, each occurrence, longer ones before their parts', () => {
    expect(scrubValues('id=abcdef&again=abcdef&part=abcde', ['abcdef', 'abcde'])).toBe(`id=${REMOVED}&again=${REMOVED}&part=${REMOVED}`);
    expect(scrubValues('nothing here', ['abcdef'])).toBe('nothing here');
  });
});
