// Reads every cookie the browser holds for a page: its host and parent domains, HttpOnly included,
// from the tab's own cookie store, partitioned cookies included where the browser has them.
// Browser differences are feature-detected once (Privacy Badger's habit), never version-sniffed.
import { cookieDomainsFor, domainMatches, siteOf } from '../core/audit/party.ts';
import { dedupeCookies } from '../core/audit/audit-jar.ts';
import type { Cookie } from '../core/types.ts';

/** The slice of `browser.cookies` we use: the real API, or an in-memory fake in tests. */
export interface CookiesApi {
  getAll(details: Record<string, unknown>): Promise<Cookie[]>;
}

export interface CookieFeatures {
  /** `partitionKey: {}` returns partitioned cookies too (Chrome 119+, Firefox); older Chrome rejects the key. */
  partitionKey: boolean;
  /** Firefox with first-party isolation on requires `firstPartyDomain` (null: every first party). */
  firstPartyDomain: boolean;
}

let features: CookieFeatures | undefined;

/** Tries the API shape once and remembers the answer. */
export async function detectCookieFeatures(api: CookiesApi): Promise<CookieFeatures> {
  if (features) return features;
  const probe = async (details: Record<string, unknown>) => {
    try {
      await api.getAll({ domain: 'feature-probe.invalid', ...details });
      return { ok: true, message: '' };
    } catch (error) {
      return { ok: false, message: String((error as Error)?.message ?? error) };
    }
  };
  const plain = await probe({});
  const firstPartyDomain = !plain.ok && /firstPartyDomain/i.test(plain.message);
  const base = firstPartyDomain ? { firstPartyDomain: null } : {};
  const partitioned = await probe({ ...base, partitionKey: {} });
  features = { partitionKey: partitioned.ok, firstPartyDomain };
  return features;
}

export function resetCookieFeatures(): void {
  features = undefined;
}

export interface JarRequest {
  host: string;
  storeId?: string;
}

/** Partitioned cookies are read from every partition: keep those of pages on this site only. */
function inPagePartition(cookie: Cookie, pageSite: string): boolean {
  const top = cookie.partitionKey?.topLevelSite;
  if (!top) return true;
  try {
    return siteOf(new URL(top).hostname) === pageSite;
  } catch {
    return false;
  }
}

async function extraDetails(api: CookiesApi, storeId: string | undefined): Promise<Record<string, unknown>> {
  const { partitionKey, firstPartyDomain } = await detectCookieFeatures(api);
  return {
    ...(storeId ? { storeId } : {}),
    ...(partitionKey ? { partitionKey: {} } : {}),
    ...(firstPartyDomain ? { firstPartyDomain: null } : {}),
  };
}

/** Every cookie of a third-party site (all its subdomains) that this page's frames could use. */
export async function readSiteCookies(api: CookiesApi, { site, pageHost, storeId }: { site: string; pageHost: string; storeId?: string }): Promise<Cookie[]> {
  const pageSite = siteOf(pageHost);
  const cookies = await api.getAll({ domain: site, ...(await extraDetails(api, storeId)) });
  return dedupeCookies(cookies.filter((c) => inPagePartition(c, pageSite)));
}

/** Every cookie sent to `host` or set for it, deduplicated on name, domain, path, store and partition. */
export async function readCookieJar(api: CookiesApi, { host, storeId }: JarRequest): Promise<Cookie[]> {
  const extra = await extraDetails(api, storeId);
  const lists = await Promise.all(cookieDomainsFor(host).map((domain) => api.getAll({ domain, ...extra })));
  // `domain` also returns sibling subdomains' cookies (www. when asking for the parent): keep only
  // those this host receives, and of partitioned ones those of pages on this site.
  const pageSite = siteOf(host);
  const cookies = lists.flat().filter((c) => domainMatches(host, c.domain, c.hostOnly ?? !c.domain.startsWith('.')) && inPagePartition(c, pageSite));
  return dedupeCookies(cookies);
}

/** Every cookie of the store the extension may read (every partition): for what was there before a recorded visit. */
export async function readWholeStore(api: CookiesApi, storeId?: string): Promise<Cookie[]> {
  return api.getAll(await extraDetails(api, storeId));
}
