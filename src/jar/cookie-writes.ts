// The details cookies.remove and cookies.set need to take a cookie out and put it back exactly:
// host-only or domain, path, Secure, HttpOnly, SameSite, expiry, store, partition, first party.
import type { Cookie } from '../core/types.ts';

export interface CookieWriter {
  remove(details: Record<string, unknown>): Promise<unknown>;
  set(details: Record<string, unknown>): Promise<unknown>;
}

/** The URL a cookie belongs to, as the API wants it for remove and set. */
export function cookieUrl(c: Cookie): string {
  return `${c.secure ? 'https' : 'http'}://${c.domain.replace(/^\./, '')}${c.path || '/'}`;
}

function scope(c: Cookie): Record<string, unknown> {
  return {
    ...(c.storeId ? { storeId: c.storeId } : {}),
    ...(c.partitionKey ? { partitionKey: c.partitionKey } : {}),
    ...(c.firstPartyDomain !== undefined ? { firstPartyDomain: c.firstPartyDomain } : {}),
  };
}

export function removeDetails(c: Cookie): Record<string, unknown> {
  return { url: cookieUrl(c), name: c.name, ...scope(c) };
}

export function setDetails(c: Cookie): Record<string, unknown> {
  return {
    url: cookieUrl(c),
    name: c.name,
    value: c.value ?? '',
    // No domain makes a host-only cookie again; a domain makes it a domain cookie.
    ...(c.hostOnly ? {} : { domain: c.domain }),
    path: c.path || '/',
    secure: c.secure === true,
    httpOnly: c.httpOnly === true,
    ...(c.sameSite && c.sameSite !== 'unspecified' ? { sameSite: c.sameSite } : {}),
    ...(c.session || c.expirationDate === undefined ? {} : { expirationDate: c.expirationDate }),
    ...scope(c),
  };
}
