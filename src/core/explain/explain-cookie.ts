// Explains an undeclared cookie from what is known about its name. Matched carefully, where a
// widely used peer takes the first hit on the name alone: the platform's own cookies first, then
// exact names before prefixes, the entry tied to the cookie's own domain before generic ones, and
// the longest prefix. The explanation is a hint beside the verdict, never a declaration.
import { siteOf } from '../audit/party.ts';
import { type KnownCookie, PLATFORM_COOKIES, PORTAL_TRACKERS } from './known-cookies.ts';

export interface Explanation {
  platform: string;
  category: string;
  description: string;
  retention: string;
  controller: string;
  /** The name or prefix that matched, and how. */
  name: string;
  matchedBy: 'exact' | 'prefix';
  /** The database ties this entry to another domain than the cookie's: a weaker hint. */
  otherDomain: boolean;
  source: KnownCookie['source'];
}

/** Whether a database domain ("doubleclick.net (3rd party)", ".hotjar.com") is the cookie's. */
function sameDomain(known: string, cookieDomain: string): boolean {
  const domain = known.replace(/\(.*\)/, '').trim().replace(/^\.|\.$/g, '').toLowerCase();
  return domain !== '' && siteOf(domain) === siteOf(cookieDomain);
}

function pick(candidates: KnownCookie[], cookieDomain: string, matchedBy: Explanation['matchedBy']): Explanation | undefined {
  if (candidates.length === 0) return undefined;
  const own = candidates.find((k) => sameDomain(k.domain, cookieDomain));
  const generic = candidates.find((k) => !k.domain.replace(/\(.*\)/, '').trim());
  const chosen = own ?? generic ?? candidates[0]!;
  return {
    platform: chosen.platform,
    category: chosen.category,
    description: chosen.description,
    retention: chosen.retention,
    controller: chosen.controller,
    name: chosen.name,
    matchedBy,
    otherDomain: !own && !generic,
    source: chosen.source,
  };
}

export class CookieKnowledge {
  private readonly exact = new Map<string, KnownCookie[]>();
  private readonly prefixes: KnownCookie[];

  constructor(database: readonly KnownCookie[]) {
    // Order inside each name: the platform's own, then the database, then the tracker supplements.
    const all = [...PLATFORM_COOKIES, ...database, ...PORTAL_TRACKERS];
    for (const known of all.filter((k) => !k.prefix)) {
      const list = this.exact.get(known.name) ?? [];
      list.push(known);
      this.exact.set(known.name, list);
    }
    const rank = (k: KnownCookie) => (k.source === 'opendatasoft-platform' ? 0 : 1);
    this.prefixes = all.filter((k) => k.prefix && k.name.length > 0).sort((a, b) => rank(a) - rank(b) || b.name.length - a.name.length);
  }

  explain(name: string, cookieDomain: string): Explanation | undefined {
    const exact = this.exact.get(name);
    if (exact) {
      const platformOwn = exact.filter((k) => k.source === 'opendatasoft-platform');
      return pick(platformOwn.length ? platformOwn : exact, cookieDomain, 'exact');
    }
    const platformPrefix = this.prefixes.find((k) => k.source === 'opendatasoft-platform' && name.startsWith(k.name));
    if (platformPrefix) return pick([platformPrefix], cookieDomain, 'prefix');
    // Longest prefix first; among equally long ones, the cookie's own domain.
    const matching = this.prefixes.filter((k) => name.startsWith(k.name));
    if (matching.length === 0) return undefined;
    const longest = matching[0]!.name.length;
    return pick(matching.filter((k) => k.name.length === longest), cookieDomain, 'prefix');
  }
}
