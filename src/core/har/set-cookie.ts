// Set-Cookie headers (RFC 6265 §5.2) to cookies, for the audit from HTTP responses alone
// (when no browser is installed). Pure: header strings and the request URL in.
import type { Cookie } from '../types.ts';
import { sameSiteOf } from './read-cookie-file.ts';

export function parseSetCookie(header: string, requestUrl: string, now = Date.now()): Cookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const host = new URL(requestUrl).hostname;
  const cookie: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: host, path: '/', hostOnly: true, secure: false, httpOnly: false, sameSite: 'unspecified', session: true };
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attribute of attributes) {
    const [rawKey, ...rest] = attribute.split('=');
    const key = rawKey!.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'domain' && value) {
      cookie.domain = `.${value.replace(/^\./, '').toLowerCase()}`;
      cookie.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = sameSiteOf(value);
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value) / 1000;
  }
  const expiry = maxAge !== undefined ? now / 1000 + maxAge : expires;
  if (expiry !== undefined) {
    cookie.session = false;
    cookie.expirationDate = expiry;
  }
  return cookie;
}
