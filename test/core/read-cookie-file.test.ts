import { describe, expect, it } from 'vitest';
import { readCookieFile } from '../../src/core/har/read-cookie-file.ts';

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
});
