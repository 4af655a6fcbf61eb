// Without any browser: audit a page from its HTTP responses alone (Set-Cookie headers of the page,
// following redirects), against the same catalogue the extension would use. Cookies set by the
// page's scripts are not seen: callers must say this is not the browser's view.
import { catalogueForPage, type PageCatalogue } from '../audit/page-catalogue.ts';
import { auditJar } from '../core/audit/audit-jar.ts';
import { parseSetCookie } from '../core/har/set-cookie.ts';
import type { AuditResult, Cookie } from '../core/types.ts';
import { isPrivateHost } from '../net/address-kind.ts';
import { fetchText } from '../net/fetch-text.ts';
import { nodePublicFetch } from '../net/node-public-fetch.ts';

export async function auditFromHttp(pageUrl: string): Promise<{ audit: AuditResult; catalogue: PageCatalogue }> {
  const cookies: Cookie[] = [];
  let url = pageUrl;
  // The address the user gave may be private; a public one's redirects may not lead to one.
  const allowPrivate = isPrivateHost(new URL(pageUrl).hostname);
  for (let hop = 0; hop < 5; hop++) {
    if (!allowPrivate && isPrivateHost(new URL(url).hostname)) throw new Error(`${pageUrl} redirected to a private address (${new URL(url).host}): not followed`);
    // A public page's hops connect only to public addresses, whatever its names resolve to.
    const response = await (allowPrivate ? fetch : nodePublicFetch)(url, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    for (const header of response.headers.getSetCookie()) {
      const cookie = parseSetCookie(header, url);
      if (cookie) cookies.push(cookie);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    url = new URL(location, url).href;
  }
  const cache = new Map<string, PageCatalogue>();
  const catalogue = await catalogueForPage(url, {
    fetchText: (u, options) => fetchText(u, { ...options, publicFetch: nodePublicFetch }),
    cacheGet: async (k) => cache.get(k),
    cacheSet: async (k, v) => void cache.set(k, v),
    language: () => 'en',
    now: () => Date.now(),
  });
  return { audit: auditJar({ cookies, pageUrl: url, entries: catalogue.entries, source: catalogue.source }), catalogue };
}
