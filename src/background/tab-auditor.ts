// The background's logic, free of browser globals: which tab, may we read it, which cookies,
// which catalogue, the audit, the badge. Wired to the real APIs in background.ts and to fakes in tests.
import { auditJar } from '../core/audit/audit-jar.ts';
import { enrichAudit } from '../core/checks/enrich-audit.ts';
import type { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { cookieDomainsFor } from '../core/audit/party.ts';
import { type AuditDigest, diffAudits, digestAudit, pushHistory } from '../core/report/history.ts';
import { MEDIA_TYPES, type ReportFormat, renderReport } from '../core/report/render-report.ts';
import { buildReport, digestValues, reportFileName } from '../core/report/report-model.ts';
import type { ReportFile, TabAudit, ThirdPartyView } from '../messages.ts';
import { type CookiesApi, readCookieJar, readSiteCookies } from '../browser/cookie-jar.ts';
import { type CookieWriter, removeDetails, setDetails } from '../browser/cookie-writes.ts';
import { dedupeCookies } from '../core/audit/audit-jar.ts';
import { siteOf } from '../core/audit/party.ts';
import type { Cookie } from '../core/types.ts';
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
  historyGet(key: string): Promise<AuditDigest[] | undefined>;
  historySet(key: string, value: AuditDigest[]): Promise<void>;
  browserInfo(): Promise<{ name: string; version: string }>;
  extensionVersion(): string;
  timeZone(): string;
  /** cookies.remove and cookies.set, for the fresh visit. */
  cookieWriter?: CookieWriter;
  /** Reloads the tab and resolves once it has loaded (or after a time limit). */
  reloadTab?(tabId: number): Promise<void>;
  /** Waits, to let a reloaded page's scripts set their cookies. */
  settle?(ms: number): Promise<void>;
  /** Hosts of the frames and subresources the tab's page loaded (scripting), or [] when unknown. */
  loadedHosts?(tabId: number): Promise<string[]>;
  /** What is known of cookie names (Open Cookie Database), loaded when first needed. */
  knowledge?(): Promise<CookieKnowledge | undefined>;
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

  /**
   * What the popup shows: the audit, with what changed since the last audit the user saw of this
   * portal; that audit joins the portal's history (the last 20, kept locally).
   */
  async forPopup(tabId: number, refresh = false, rereadPolicy = false): Promise<TabAudit> {
    const state = refresh ? await this.audit(tabId, rereadPolicy) : await this.get(tabId);
    if (state.kind !== 'ready') return state;
    const key = `history:${new URL(state.audit.pageUrl).origin}`;
    const history = (await this.deps.historyGet(key)) ?? [];
    const current = digestAudit(state.audit);
    const previous = history.find((h) => h.auditedAt !== current.auditedAt);
    await this.deps.historySet(key, pushHistory(history, current));
    return { ...state, diff: previous ? diffAudits(previous, current) : null };
  }

  /** A report of the tab's audit, rendered here so the popup stays small. */
  async report(tabId: number, format: ReportFormat, includeValueDigests = false): Promise<ReportFile> {
    const state = await this.forPopup(tabId);
    if (state.kind !== 'ready') return { ok: false, message: state.kind === 'error' ? state.message : state.kind };
    const { audit } = state;
    const tab = await this.deps.getTab(tabId);
    const valueDigests = includeValueDigests
      ? await digestValues(await readCookieJar(this.deps.cookies, { host: audit.host, ...(tab?.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) }))
      : undefined;
    const generatedAt = new Date(this.deps.now());
    const report = buildReport(audit, {
      generatedAt,
      timeZone: this.deps.timeZone(),
      browser: await this.deps.browserInfo(),
      extensionVersion: this.deps.extensionVersion(),
      language: this.deps.language(),
      catalogueWarnings: state.catalogueWarnings,
      diff: state.diff ?? null,
      ...(valueDigests ? { valueDigests } : {}),
    });
    return { ok: true, filename: reportFileName(audit.host, generatedAt, format), text: renderReport(report, format), mediaType: MEDIA_TYPES[format] };
  }

  /**
   * Audits the portal as a first visitor sees it: its cookies set aside, the page reloaded and
   * audited, then the user's cookies put back exactly (and those of the fresh visit removed).
   */
  async freshVisit(tabId: number): Promise<TabAudit> {
    const { cookieWriter, reloadTab } = this.deps;
    const tab = await this.deps.getTab(tabId);
    if (!cookieWriter || !reloadTab || !tab?.url || !/^https?:/.test(tab.url)) return this.forPopup(tabId);
    const host = new URL(tab.url).hostname;
    if (!(await this.deps.hasOrigins(originsFor(host)))) return this.forPopup(tabId);
    const store = tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {};
    const saved = await readCookieJar(this.deps.cookies, { host, ...store });
    let state: TabAudit;
    try {
      await Promise.all(saved.map((c) => cookieWriter.remove(removeDetails(c))));
      await reloadTab(tabId);
      await this.deps.settle?.(1_500);
      state = await this.forPopup(tabId, true);
    } finally {
      const fresh = await readCookieJar(this.deps.cookies, { host, ...store });
      await Promise.all(fresh.map((c) => cookieWriter.remove(removeDetails(c)).catch(() => undefined)));
      await Promise.all(saved.map((c) => cookieWriter.set(setDetails(c)).catch(() => undefined)));
    }
    const result: TabAudit = state.kind === 'ready' ? { ...state, freshVisit: true } : state;
    await this.deps.sessionSet(`tab:${tabId}`, result);
    return result;
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

    const store = tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {};
    const [own, third, catalogue] = await Promise.all([
      readCookieJar(this.deps.cookies, { host: url.hostname, ...store }),
      this.thirdParty(tabId, url.hostname, tab.cookieStoreId),
      catalogueForPage(tab.url, this.deps, rereadPolicy),
    ]);
    const cookies = dedupeCookies([...own, ...third.cookies]);
    const plain = auditJar({ cookies, pageUrl: tab.url, entries: catalogue.entries, source: catalogue.source, now: new Date(this.deps.now()) });
    const knowledge = plain.cookies.length > 0 ? await this.deps.knowledge?.() : undefined;
    const audit = enrichAudit(plain, { cookies, ...(knowledge ? { knowledge } : {}), ...(catalogue.layout ? { layout: catalogue.layout } : {}), language: this.deps.language() });
    return { kind: 'ready', audit, portal: catalogue.portal, catalogueWarnings: catalogue.warnings, thirdParty: third.view };
  }

  /** Cookies of the other sites the page loaded, for those the extension may read. */
  private async thirdParty(tabId: number, pageHost: string, storeId?: string): Promise<{ cookies: Cookie[]; view: ThirdPartyView }> {
    const pageSite = siteOf(pageHost);
    const hosts = (await this.deps.loadedHosts?.(tabId)) ?? [];
    const sites = [...new Set(hosts.map(siteOf))].filter((site) => site && site !== pageSite).sort().slice(0, 50);
    const cookies: Cookie[] = [];
    const view: ThirdPartyView = { sites: [], origins: [] };
    for (const site of sites) {
      const origins = [`*://${site}/*`, `*://*.${site}/*`];
      const readable = await this.deps.hasOrigins(origins);
      const found = readable ? await readSiteCookies(this.deps.cookies, { site, pageHost, ...(storeId ? { storeId } : {}) }) : [];
      cookies.push(...found);
      view.sites.push({ site, cookies: found.length, readable });
      if (!readable) view.origins.push(...origins);
    }
    return { cookies, view };
  }
}
