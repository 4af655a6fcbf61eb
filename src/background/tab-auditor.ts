// The background's logic, free of browser globals: which tab, may we read it, which cookies,
// which catalogue, the audit, the badge. Wired to the real APIs in background.ts and to fakes in tests.
import { auditJar } from '../core/audit/audit-jar.ts';
import { cookieDomainsFor } from '../core/audit/party.ts';
import type { TabAudit } from '../messages.ts';
import { type CookiesApi, readCookieJar } from '../browser/cookie-jar.ts';
import { type CatalogueDeps, catalogueForPage } from './page-catalogue.ts';

export interface TabInfo {
  id: number;
  url?: string;
  /** Firefox containers and private windows: the tab's own cookie store. */
  cookieStoreId?: string;
}

export interface AuditorDeps extends CatalogueDeps {
  getTab(tabId: number): Promise<TabInfo | undefined>;
  hasOrigins(origins: string[]): Promise<boolean>;
  cookies: CookiesApi;
  sessionGet(key: string): Promise<TabAudit | undefined>;
  sessionSet(key: string, value: TabAudit): Promise<void>;
  setBadge(tabId: number, text: string): Promise<void>;
}

/** The host permissions that reading a host's cookies needs: the host and its parent domains. */
export function originsFor(host: string): string[] {
  return cookieDomainsFor(host).map((domain) => `*://${domain}/*`);
}

function badgeText(state: TabAudit): string {
  if (state.kind !== 'ready' || !state.portal.isPortal) return '';
  const n = state.audit.summary.undeclared;
  return n === 0 ? '' : n > 999 ? '999+' : String(n);
}

export class TabAuditor {
  constructor(private readonly deps: AuditorDeps) {}

  /** The last audit of a tab, or a new one when none survives (a restarted service worker keeps them). */
  async get(tabId: number): Promise<TabAudit> {
    const tab = await this.deps.getTab(tabId);
    const stored = await this.deps.sessionGet(`tab:${tabId}`);
    if (stored?.kind === 'ready' && tab?.url === stored.audit.pageUrl) return stored;
    return this.audit(tabId);
  }

  async audit(tabId: number, rereadPolicy = false): Promise<TabAudit> {
    let state: TabAudit;
    try {
      state = await this.run(tabId, rereadPolicy);
    } catch (error) {
      state = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    await this.deps.sessionSet(`tab:${tabId}`, state);
    await this.deps.setBadge(tabId, badgeText(state));
    return state;
  }

  private async run(tabId: number, rereadPolicy: boolean): Promise<TabAudit> {
    const tab = await this.deps.getTab(tabId);
    if (!tab) return { kind: 'error', message: `tab ${tabId} is gone` };
    // Without activeTab or a host permission the browser hides the tab's address from us.
    if (!tab.url) return { kind: 'no-permission', host: '', origins: [] };
    const url = new URL(tab.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'unsupported-page', url: tab.url };
    const origins = originsFor(url.hostname);
    if (!(await this.deps.hasOrigins(origins))) return { kind: 'no-permission', host: url.hostname, origins };

    const [cookies, catalogue] = await Promise.all([
      readCookieJar(this.deps.cookies, { host: url.hostname, ...(tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) }),
      catalogueForPage(tab.url, this.deps, rereadPolicy),
    ]);
    const audit = auditJar({ cookies, pageUrl: tab.url, entries: catalogue.entries, source: catalogue.source, now: new Date(this.deps.now()) });
    return { kind: 'ready', audit, portal: catalogue.portal, source: catalogue.source, catalogueWarnings: catalogue.warnings };
  }
}
