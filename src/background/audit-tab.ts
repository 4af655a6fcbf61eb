// The audit of a tab: which page, may we read it, its cookies and those of the sites it loaded,
// the catalogue its portal declares, the audit and its checks. And the badge it earns.
import { catalogueForPage } from '../audit/page-catalogue.ts';
import { auditJar, dedupeCookies } from '../core/audit/audit-jar.ts';
import { originsFor, siteOf } from '../core/audit/party.ts';
import { enrichAudit } from '../core/checks/enrich-audit.ts';
import type { Cookie } from '../core/types.ts';
import { readCookieJar, readSiteCookies } from '../jar/cookie-jar.ts';
import type { TabAudit, ThirdPartyView } from '../messages.ts';
import type { AuditorDeps } from './deps.ts';

export async function auditTab(deps: AuditorDeps, tabId: number, rereadPolicy: boolean): Promise<TabAudit> {
  const tab = await deps.getTab(tabId);
  if (!tab) return { kind: 'error', message: `tab ${tabId} is gone` };
  // Without activeTab or a host permission the browser hides the tab's address from us.
  if (!tab.url) return { kind: 'no-permission', host: '', origins: [] };
  const url = new URL(tab.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'unsupported-page', url: tab.url };
  const origins = originsFor(url.hostname);
  if (!(await deps.hasOrigins(origins))) return { kind: 'no-permission', host: url.hostname, origins };

  const store = tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {};
  const [own, third, catalogue] = await Promise.all([
    readCookieJar(deps.cookies, { host: url.hostname, ...store }),
    thirdParty(deps, tabId, url.hostname, tab.cookieStoreId),
    // Recognition, the consent control and the policy links come from the page the tab rendered.
    catalogueForPage(tab.url, deps, rereadPolicy, deps.pageHtml ? () => deps.pageHtml!(tabId) : undefined),
  ]);
  const cookies = dedupeCookies([...own, ...third.cookies]);
  const plain = auditJar({ cookies, pageUrl: tab.url, entries: catalogue.entries, source: catalogue.source, now: new Date(deps.now()) });
  const knowledge = plain.cookies.length > 0 ? await deps.knowledge?.() : undefined;
  const audit = enrichAudit(plain, {
    cookies,
    ...(knowledge ? { knowledge } : {}),
    ...(catalogue.layout ? { layout: catalogue.layout } : {}),
    ...(catalogue.consentExemption ? { exemption: catalogue.consentExemption } : {}),
    // Only a recognised portal's page says whether the platform's consent control is there.
    ...(catalogue.portal.isPortal && catalogue.portal.consentControl !== undefined ? { consentControl: catalogue.portal.consentControl } : {}),
    language: deps.language(),
  });
  return { kind: 'ready', audit, portal: catalogue.portal, catalogueWarnings: catalogue.warnings, thirdParty: third.view };
}

/** Cookies of the other sites the page loaded, for those the extension may read. */
async function thirdParty(deps: AuditorDeps, tabId: number, pageHost: string, storeId?: string): Promise<{ cookies: Cookie[]; view: ThirdPartyView }> {
  const pageSite = siteOf(pageHost);
  const hosts = (await deps.loadedHosts?.(tabId)) ?? [];
  const sites = [...new Set(hosts.map(siteOf))].filter((site) => site && site !== pageSite).sort().slice(0, 50);
  const cookies: Cookie[] = [];
  const view: ThirdPartyView = { sites: [], origins: [] };
  for (const site of sites) {
    const origins = [`*://${site}/*`, `*://*.${site}/*`];
    const readable = await deps.hasOrigins(origins);
    const found = readable ? await readSiteCookies(deps.cookies, { site, pageHost, ...(storeId ? { storeId } : {}) }) : [];
    cookies.push(...found);
    view.sites.push({ site, cookies: found.length, readable });
    if (!readable) view.origins.push(...origins);
  }
  return { cookies, view };
}

/** The toolbar badge: the number of undeclared cookies on a recognised portal, else nothing. */
export function badgeText(state: TabAudit): string {
  if (state.kind !== 'ready' || !state.portal.isPortal) return '';
  const n = state.audit.summary.undeclared;
  return n === 0 ? '' : n > 999 ? '999+' : String(n);
}
