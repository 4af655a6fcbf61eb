/** A host's registrable domain by the Public Suffix List, or null (an IP address, a suffix itself). */
export type SiteLookup = (host: string) => string | null;

// Who answers it: tldts in Node (src/core/audit/tldts-site.ts: the CLI, the tests), the list the
// extension ships in its background (src/browser/public-suffixes.ts, read once the worker starts,
// so a cold worker does not evaluate the list's code before it can answer the popup).
let lookup: SiteLookup | undefined;

/** Sets how registrable domains are found; every entry point does so before it audits. */
export function useSiteLookup(found: SiteLookup): void {
  lookup = found;
}

/**
 * The registrable domain (eTLD+1) of a host by the Public Suffix List, private section included as
 * browsers use it for cookies; the host itself for IP addresses, localhost and other single labels.
 */
export function siteOf(host: string): string {
  if (!lookup) throw new Error('The public suffix list is not loaded: cookie domains cannot be told apart.');
  const bare = host.replace(/^\./, '').replace(/\.$/, '').toLowerCase();
  return lookup(bare) ?? bare;
}

/** The domains whose cookies a page on `host` receives: the host and its parents, down to its site. */
export function cookieDomainsFor(host: string): string[] {
  const site = siteOf(host);
  const domains: string[] = [];
  let current = host.toLowerCase();
  for (;;) {
    domains.push(current);
    if (current === site || !current.includes('.')) break;
    current = current.slice(current.indexOf('.') + 1);
  }
  return domains;
}

/** The host permissions that reading a host's cookies needs: the host and its parent domains. */
export function originsFor(host: string): string[] {
  return cookieDomainsFor(host).map((domain) => `*://${domain}/*`);
}

/** Whether a cookie set for `cookieDomain` is sent to `host` (RFC 6265 domain-match). */
export function domainMatches(host: string, cookieDomain: string, hostOnly: boolean): boolean {
  const domain = cookieDomain.replace(/^\./, '').toLowerCase();
  const h = host.toLowerCase();
  return h === domain || (!hostOnly && h.endsWith(`.${domain}`));
}
