import { getDomain } from 'tldts';

/**
 * The registrable domain (eTLD+1) of a host by the Public Suffix List, private section included as
 * browsers use it for cookies; the host itself for IP addresses, localhost and other single labels.
 */
export function siteOf(host: string): string {
  const bare = host.replace(/^\./, '').replace(/\.$/, '').toLowerCase();
  return getDomain(bare, { allowPrivateDomains: true }) ?? bare;
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
