// What the browser must refuse in a tab while the auditor acts on it (from a click until the state
// is audited), as declarativeNetRequest session rules scoped to that tab, and the same verdict on
// one request (to name what was refused). Pure: the background installs the rules and listens.
//   - any request other than GET to the portal's own site (a form, a beacon, a ping, a fetch);
//   - a top-frame navigation of the tab anywhere but the pages the auditor loads itself;
//   - a window or tab the portal's pages open (a top-frame load the portal's site starts in another
//     tab), in any tab for the length of the check: a new tab's id is not known before its request.
// Requests to third parties (tracker hits) are observed, not blocked.
import { siteOf } from '../audit/party.ts';
import type { Refusal } from '../vocabulary/consent.ts';

const CHANGING = ['post', 'put', 'patch', 'delete'] as const;

/** The part of a declarativeNetRequest rule these rules use (both browsers' shape). */
export interface GuardRule {
  id: number;
  priority: number;
  action: { type: 'block' | 'allow' };
  condition: { tabIds?: number[]; excludedTabIds?: number[]; initiatorDomains?: string[]; requestDomains?: string[]; requestMethods?: string[]; resourceTypes?: string[]; regexFilter?: string };
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};
const withoutHash = (url: string) => url.replace(/#.*$/, '');
const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Three rule ids per tab, the same every time for a tab: a guard replaces its own rules. */
export function guardRuleIds(tabId: number): number[] {
  const base = (Math.abs(tabId) % 100_000_000) * 4 + 1;
  return [base, base + 1, base + 2, base + 3];
}

export function guardRules(tabId: number, portalUrl: string, pages: readonly string[]): GuardRule[] {
  const [changing, navigations, allowed, windows] = guardRuleIds(tabId) as [number, number, number, number];
  const site = siteOf(hostOf(portalUrl));
  const rules: GuardRule[] = [
    { id: windows, priority: 3, action: { type: 'block' }, condition: { excludedTabIds: [tabId], initiatorDomains: [site], resourceTypes: ['main_frame'] } },
    // Highest: a POST to the page's own address (a form submitted to itself) is refused too.
    { id: changing, priority: 3, action: { type: 'block' }, condition: { tabIds: [tabId], requestDomains: [site], requestMethods: [...CHANGING] } },
    { id: navigations, priority: 1, action: { type: 'block' }, condition: { tabIds: [tabId], resourceTypes: ['main_frame'] } },
  ];
  const urls = [...new Set(pages.map(withoutHash))].filter(Boolean);
  // Loads only: a form posted to one of these pages is still a request that changes something.
  if (urls.length > 0) rules.push({ id: allowed, priority: 2, action: { type: 'allow' }, condition: { tabIds: [tabId], resourceTypes: ['main_frame'], requestMethods: ['get', 'head'], regexFilter: `^(?:${urls.map(escape).join('|')})(?:#.*)?$` } });
  return rules;
}

/** What the rules refuse of one request, named; undefined for what they let through. */
export function guardRefusal(portalUrl: string, pages: readonly string[], request: { url: string; method: string; type: string }): Refusal | undefined {
  const method = request.method.toLowerCase();
  if ((CHANGING as readonly string[]).includes(method) && siteOf(hostOf(request.url)) === siteOf(hostOf(portalUrl))) return { danger: 'request', detail: `${request.method.toUpperCase()} ${request.url}` };
  if (request.type === 'main_frame' && !pages.map(withoutHash).includes(withoutHash(request.url))) return { danger: 'navigation', detail: request.url };
  return undefined;
}
