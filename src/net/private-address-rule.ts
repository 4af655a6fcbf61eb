// The extension's own requests (a policy, the catalogue API, every redirect hop the browser follows
// by itself) for a portal on a public host never reach a loopback, private or link-local address:
// a declarativeNetRequest rule on requests from no tab (the extension's, tab id -1) makes the
// browser refuse them, hops included, where fetch() hides a redirect's target from the code. Pure:
// src/browser/own-requests.ts installs it while such a fetch runs.
// The pattern says of an address's host what isPrivateHost says of it (test/net/private-address-rule.test.ts).

// Any 1–3 digits: the browser has normalised an IPv4 host before matching, and Chrome refuses a
// rule whose compiled pattern passes 2 KB (an exact 0–255 octet does).
const IPV4_REST = (n: number) => `(?:\\.[0-9]{1,3}){${n}}`;
const PRIVATE_HOSTS = [
  'localhost',
  '[^/:?#@]*\\.localhost',
  `(?:127|10|0)${IPV4_REST(3)}`,
  `172\\.(?:1[6-9]|2[0-9]|3[01])${IPV4_REST(2)}`,
  `192\\.168${IPV4_REST(2)}`,
  `169\\.254${IPV4_REST(2)}`,
  `100\\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])${IPV4_REST(2)}`,
  // IPv6: loopback, unspecified, unique local (fc00::/7), link-local (fe80::/10), and IPv4-mapped
  // (a mapped public address is refused too: no portal is reached that way).
  '\\[(?:::1?|f[cd][0-9a-f]*:[^\\]]*|fe[89ab][0-9a-f]*:[^\\]]*|::ffff:[^\\]]*)\\]',
];

const URL_OF = (host: string) => `^https?://(?:[^/?#@]*@)?(?:${host})\\.?(?::[0-9]+)?(?:[/?#]|$)`;

/**
 * RE2 and JavaScript alike: an http(s) URL whose host is private, any port, any path; one pattern
 * per kind of host, since Chrome refuses a rule whose compiled pattern passes 2 KB (all in one does).
 */
export const PRIVATE_ADDRESS_URLS: readonly string[] = PRIVATE_HOSTS.map(URL_OF);

/** Above the per-tab guard rules' ids (guard-rules.ts), below the browsers' 2^31 limit. */
export const OWN_REQUESTS_RULE_IDS: readonly number[] = PRIVATE_HOSTS.map((_, i) => 1_900_000_001 + i);

export interface OwnRequestsRule {
  id: number;
  priority: number;
  action: { type: 'block' };
  condition: { tabIds: number[]; regexFilter: string; excludedRequestDomains?: string[] };
}

/**
 * The rules while a public portal's fetch runs; `privateHostsInUse`: the hosts of private portals
 * (the demo, an intranet) fetched at the same moment, which may still read their own.
 */
export function ownRequestsRules(privateHostsInUse: readonly string[]): OwnRequestsRule[] {
  const excluded = [...new Set(privateHostsInUse.map((host) => host.toLowerCase().replace(/^\[|\]$/g, '')))].sort();
  return PRIVATE_ADDRESS_URLS.map((regexFilter, i) => ({
    id: OWN_REQUESTS_RULE_IDS[i]!,
    priority: 1,
    action: { type: 'block' },
    condition: { tabIds: [-1], regexFilter, ...(excluded.length ? { excludedRequestDomains: excluded } : {}) },
  }));
}
