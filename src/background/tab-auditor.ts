// The background's logic, free of browser globals: which tab, may we read it, which cookies,
// which catalogue, the audit, the badge. Wired to the real APIs in background.ts and to fakes in tests.
import { localKeys, sessionKeys } from '../storage-keys.ts';
import { auditJar } from '../core/audit/audit-jar.ts';
import { enrichAudit } from '../core/checks/enrich-audit.ts';
import type { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { cookieDomainsFor } from '../core/audit/party.ts';
import { type AuditDigest, diffAudits, digestAudit, pushHistory } from '../core/report/history.ts';
import { MEDIA_TYPES, type ReportFormat, renderReport } from '../core/report/render-report.ts';
import { buildReport, digestValues, reportFileName } from '../core/report/report-model.ts';
import type { ReportFile, TabAudit, ThirdPartyView } from '../messages.ts';
import { type CookiesApi, readCookieJar, readSiteCookies } from '../browser/cookie-jar.ts';
import type { CookieWriter } from '../browser/cookie-writes.ts';
import { consentMatrix } from '../core/consent/consent-matrix.ts';
import { tabDriver, type WebStorage } from './consent-check.ts';
import { runJourneys } from '../core/consent/journey-runner.ts';
import type { ConsentPageAnswer, ConsentPageRequest } from '../page/drive-consent.ts';
import { dedupeCookies } from '../core/audit/audit-jar.ts';
import { siteOf } from '../core/audit/party.ts';
import type { Cookie } from '../core/types.ts';
import { FreshVisitJournal, type SessionArea } from './fresh-visit.ts';
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
  /** storage.session: each tab's last audit, and the fresh visit's journal. */
  session: SessionArea;
  setBadge(tabId: number, text: string): Promise<void>;
  historyGet(key: string): Promise<AuditDigest[] | undefined>;
  historySet(key: string, value: AuditDigest[]): Promise<void>;
  browserInfo(): Promise<{ name: string; version: string }>;
  extensionVersion(): string;
  timeZone(): string;
  /** cookies.remove and cookies.set, for the fresh visit. */
  cookieWriter?: CookieWriter;
  /**
   * Reloads the tab (or, given a `url` it does not show, takes it there) and says how that ended:
   * loaded, the time limit reached, or the tab closed.
   */
  reloadTab?(tabId: number, url?: string): Promise<ReloadOutcome>;
  /** Waits until the tab's page has loaded nothing new for a moment (its resource timing), within a cap. */
  quiet?(tabId: number): Promise<void>;
  /** Waits, to let a reloaded page's scripts set their cookies. */
  settle?(ms: number): Promise<void>;
  /** The tab's page as rendered (scripting), or undefined when its content cannot be read. */
  pageHtml?(tabId: number): Promise<string | undefined>;
  /** Hosts of the frames and subresources the tab's page loaded (scripting), or [] when unknown. */
  loadedHosts?(tabId: number): Promise<string[]>;
  /** What is known of cookie names (Open Cookie Database), loaded when first needed. */
  knowledge?(): Promise<CookieKnowledge | undefined>;
  /** Runs the in-page consent driver in the tab (scripting; see src/page/drive-consent.ts); undefined when scripts cannot run there. */
  consentInPage?(tabId: number, request: ConsentPageRequest): Promise<ConsentPageAnswer | undefined>;
  /** The tab page's web storage: taken, cleared, or put back (scripting). */
  webStorage?(tabId: number, op: 'take' | 'clear' | 'restore', saved?: WebStorage): Promise<WebStorage | undefined>;
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

export type ReloadOutcome = 'complete' | 'timeout' | 'closed';

/** How long a fresh visit lets the reloaded page's scripts set their cookies. */
const SETTLE_MS = 1_500;

export class TabAuditor {
  private readonly journal: FreshVisitJournal | undefined;

  constructor(private readonly deps: AuditorDeps) {
    const { cookieWriter } = deps;
    this.journal = cookieWriter ? new FreshVisitJournal({ session: deps.session, cookies: deps.cookies, cookieWriter, now: deps.now }) : undefined;
  }

  /** Puts back any jar a fresh visit left set aside when the background stopped: call on start. */
  recover(): Promise<void> {
    return this.journal?.recoverOnce() ?? Promise.resolve();
  }

  /** A fresh visit runs in this tab: its events must not audit a half-emptied jar meanwhile. */
  async busy(tabId: number): Promise<boolean> {
    return (await this.journal?.runningInTab(tabId)) ?? false;
  }

  /** The last audit of a tab, or a new one when none survives (a restarted service worker keeps them). */
  async get(tabId: number): Promise<TabAudit> {
    const tab = await this.deps.getTab(tabId);
    const stored = await this.deps.session.get<TabAudit>(sessionKeys.tab(tabId));
    if (stored?.kind === 'ready' && tab?.url === stored.audit.pageUrl) return stored;
    return this.audit(tabId);
  }

  /**
   * What the popup shows: the audit, with what changed since the last audit the user saw of this
   * portal; that audit joins the portal's history (the last 20, kept locally).
   */
  async forPopup(tabId: number, refresh = false, rereadPolicy = false): Promise<TabAudit> {
    const jar = await this.jarOf(tabId);
    if (jar && this.journal?.isRunning(jar.host, jar.storeId)) return { kind: 'busy', host: jar.host };
    const audited = refresh ? await this.audit(tabId, rereadPolicy) : await this.get(tabId);
    const restore = jar ? await this.journal?.pending(tabId, jar.host, jar.storeId) : undefined;
    const state = restore && (audited.kind === 'ready' || audited.kind === 'error') ? { ...audited, restore } : audited;
    return state.kind === 'ready' ? this.withHistory(state) : state;
  }

  /** The audit joins its portal's history; the popup is told what changed since the previous one. */
  private async withHistory(state: Extract<TabAudit, { kind: 'ready' }>): Promise<TabAudit> {
    const key = localKeys.history(new URL(state.audit.pageUrl).origin);
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
      freshVisit: state.freshVisit === true,
      portal: { signals: state.portal.signals, ...(state.portal.platformHost ? { platformHost: state.portal.platformHost } : {}) },
      ...(state.consentCheck ? { journeys: state.consentCheck } : {}),
      ...(state.restore?.failed.length ? { unrestoredCookies: state.restore.failed } : {}),
      ...(valueDigests ? { valueDigests } : {}),
    });
    return { ok: true, filename: reportFileName(audit.host, generatedAt, format), text: renderReport(report, format), mediaType: MEDIA_TYPES[format] };
  }

  /**
   * Audits the portal as a first visitor sees it: its cookies set aside (in storage.session first),
   * the page reloaded and audited, then the user's cookies put back exactly and checked, whatever
   * happened meanwhile (the tab closed or left the portal, the reload timed out, an error).
   */
  async freshVisit(tabId: number): Promise<TabAudit> {
    const { reloadTab, settle } = this.deps;
    const tab = await this.deps.getTab(tabId);
    if (!this.journal || !reloadTab || !tab?.url || !/^https?:/.test(tab.url)) return this.forPopup(tabId);
    const host = new URL(tab.url).hostname;
    if (!(await this.deps.hasOrigins(originsFor(host)))) return this.forPopup(tabId);
    let stop: 'tab-closed' | 'left-portal' | 'reload-failed' | undefined;
    const outcome = await this.journal.run(tabId, host, tab.cookieStoreId, async () => {
      const reload = await reloadTab(tabId);
      if (reload === 'closed') return void (stop = 'tab-closed');
      await settle?.(SETTLE_MS);
      const now = await this.deps.getTab(tabId);
      if (!now) return void (stop = 'tab-closed');
      if (!now.url || !/^https?:/.test(now.url) || new URL(now.url).hostname !== host) return void (stop = 'left-portal');
      return this.audit(tabId, false, true);
    });
    if (!outcome) return { kind: 'busy', host };
    const { value, error, restore } = outcome;
    if (error !== undefined) stop = 'reload-failed';
    let result: TabAudit;
    if (stop) result = { kind: 'fresh-visit-stopped', reason: stop, host, restore };
    else if (!value) result = { kind: 'error', message: 'Cookies a previous fresh visit set aside are still waiting to be put back.', restore };
    else if (value.kind === 'ready') result = { ...value, freshVisit: true, ...(restore.failed.length ? { restore } : {}) };
    else result = restore.failed.length ? { ...value, restore } as TabAudit : value;
    if (result.kind !== 'ready') return result;
    await this.deps.session.set(sessionKeys.tab(tabId), result);
    return this.withHistory(result);
  }

  /**
   * The visitor's three journeys in this tab (the CNIL's method): no choice, refuse all, accept all,
   * each from a clean jar through the portal's own consent modal, with the user's cookies set aside
   * and put back with the fresh visit's guarantees. Progress per state goes to storage.session.
   */
  async checkConsent(tabId: number, fallback = false): Promise<TabAudit> {
    const { reloadTab, consentInPage, cookieWriter } = this.deps;
    const tab = await this.deps.getTab(tabId);
    if (!this.journal || !reloadTab || !consentInPage || !cookieWriter || !tab?.url || !/^https?:/.test(tab.url)) return this.forPopup(tabId);
    const pageUrl = tab.url;
    const host = new URL(pageUrl).hostname;
    if (!(await this.deps.hasOrigins(originsFor(host)))) return this.forPopup(tabId);
    const tabRun = tabDriver({ ...this.deps, reloadTab, consentInPage, cookieWriter }, tabId, pageUrl, tab.cookieStoreId, () => this.audit(tabId, false, true));
    const outcome = await this.journal.run(tabId, host, tab.cookieStoreId, async () => {
      try {
        return await runJourneys(tabRun.driver, pageUrl, { pages: 1, settleMs: SETTLE_MS, fallback });
      } finally {
        await tabRun.restore();
      }
    });
    await this.deps.session.remove(sessionKeys.consentProgress(tabId));
    if (!outcome) return { kind: 'busy', host };
    const { value: journeys, error, restore } = outcome;
    const base = tabRun.base;
    if (journeys?.stop || error !== undefined) return { kind: 'fresh-visit-stopped', reason: journeys?.stop ?? 'reload-failed', host, restore };
    if (!journeys || base?.kind !== 'ready') return base && base.kind !== 'ready' ? base : { kind: 'error', message: 'Cookies a previous fresh visit set aside are still waiting to be put back.', restore };
    const consentCheck = consentMatrix(journeys.runs, { ...(base.portal.consentControl !== undefined ? { consentControl: base.portal.consentControl } : {}), managers: journeys.managers });
    const result: TabAudit = { ...base, consentCheck, ...(restore.failed.length ? { restore } : {}) };
    await this.deps.session.set(sessionKeys.tab(tabId), result);
    return this.withHistory(result);
  }

  /** Tries again to put back the cookies a fresh visit could not restore (or forgets them), then audits. */
  async restoreCookies(tabId: number, forget: boolean): Promise<TabAudit> {
    const jar = await this.jarOf(tabId);
    const restore = jar ? await this.journal?.retry(jar.host, jar.storeId, forget) : undefined;
    const state = await this.forPopup(tabId, true);
    // forPopup attaches what is still pending; a clean restore leaves nothing to say.
    return restore && restore.failed.length > 0 && (state.kind === 'ready' || state.kind === 'error') ? { ...state, restore } : state;
  }

  /** The host and cookie store whose jar a tab's audit reads, for web pages. */
  private async jarOf(tabId: number): Promise<{ host: string; storeId?: string } | undefined> {
    const tab = await this.deps.getTab(tabId);
    if (!tab?.url || !/^https?:/.test(tab.url)) return undefined;
    return { host: new URL(tab.url).hostname, ...(tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) };
  }

  /** Audits the tab now. Events call it too; during a fresh visit only the visit itself may. */
  async audit(tabId: number, rereadPolicy = false, insideFreshVisit = false): Promise<TabAudit> {
    if (!insideFreshVisit && (await this.busy(tabId))) {
      const jar = await this.jarOf(tabId);
      return { kind: 'busy', host: jar?.host ?? '' };
    }
    let state: TabAudit;
    try {
      state = await this.run(tabId, rereadPolicy);
    } catch (error) {
      state = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    await this.deps.session.set(sessionKeys.tab(tabId), state);
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
      // Recognition, the consent control and the policy links come from the page the tab rendered.
      catalogueForPage(tab.url, this.deps, rereadPolicy, this.deps.pageHtml ? () => this.deps.pageHtml!(tabId) : undefined),
    ]);
    const cookies = dedupeCookies([...own, ...third.cookies]);
    const plain = auditJar({ cookies, pageUrl: tab.url, entries: catalogue.entries, source: catalogue.source, now: new Date(this.deps.now()) });
    const knowledge = plain.cookies.length > 0 ? await this.deps.knowledge?.() : undefined;
    const audit = enrichAudit(plain, {
      cookies,
      ...(knowledge ? { knowledge } : {}),
      ...(catalogue.layout ? { layout: catalogue.layout } : {}),
      ...(catalogue.consentExemption ? { exemption: catalogue.consentExemption } : {}),
      // Only a recognised portal's page says whether the platform's consent control is there.
      ...(catalogue.portal.isPortal && catalogue.portal.consentControl !== undefined ? { consentControl: catalogue.portal.consentControl } : {}),
      language: this.deps.language(),
    });
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
