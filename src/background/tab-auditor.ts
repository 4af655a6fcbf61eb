// The background's orchestrator, free of browser globals: which feature answers which request,
// the tab's stored audit, and the fresh visit's transaction that the features reloading the tab run
// inside. Each feature is a module of its own: the audit (audit-tab.ts), the portal's history
// (history.ts), reports (report-file.ts), the fresh visit (fresh-visit-tab.ts), the consent check
// (consent-check.ts). Wired to the real APIs in background.ts and to fakes in the tests.
import { originsFor } from '../core/audit/party.ts';
import type { ReportFormat } from '../core/report/render-report.ts';
import type { ReportFile, TabAudit } from '../messages.ts';
import { sessionKeys } from '../storage-keys.ts';
import { auditTab, badgeText } from './audit-tab.ts';
import { checkConsentInTab } from './consent-check.ts';
import type { AuditorDeps, TabTransaction } from './deps.ts';
import { EvidenceRecorders } from './evidence-recorder.ts';
import { FreshVisitJournal } from './fresh-visit.ts';
import { freshVisitInTab } from './fresh-visit-tab.ts';
import { withHistory } from './history.ts';
import { keepVisit } from './keep-visit.ts';
import { reportFile } from './report-file.ts';

export type { AuditorDeps, ReloadOutcome, TabInfo } from './deps.ts';

/** Open tabs audited at once by the sweep: a window restored with many portals does not fetch every policy together. */
const SWEEP_CONCURRENCY = 3;

export class TabAuditor {
  private readonly journal: FreshVisitJournal | undefined;
  private readonly recorders: EvidenceRecorders;
  /** Per tab: the audit running, and the one queued behind it that every later request shares. */
  private readonly inFlight = new Map<number, { current: Promise<TabAudit>; next?: Promise<TabAudit> }>();

  constructor(private readonly deps: AuditorDeps) {
    this.recorders = new EvidenceRecorders(deps);
    const { cookieWriter } = deps;
    this.journal = cookieWriter ? new FreshVisitJournal({ session: deps.session, cookies: deps.cookies, cookieWriter, now: deps.now }) : undefined;
  }

  /** Puts back any jar a fresh visit left set aside when the background stopped: call on start. */
  recover(): Promise<void> {
    return this.journal?.recoverOnce() ?? Promise.resolve();
  }

  /** A report of the page hook, from a tab's page: kept only while that tab is recorded. */
  pageWrite(tabId: number, text: unknown): void {
    this.recorders.pageWrite(tabId, text);
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
    return state.kind === 'ready' ? withHistory(this.deps, state) : state;
  }

  /** A report of the tab's audit, rendered here so the popup stays small. */
  async report(tabId: number, format: ReportFormat, includeValueDigests = false): Promise<ReportFile> {
    return reportFile(this.deps, tabId, await this.forPopup(tabId), format, includeValueDigests);
  }

  /**
   * Audits the portal as a first visitor sees it: its cookies set aside (in storage.session first),
   * the page reloaded and audited, then the user's cookies put back exactly and checked, whatever
   * happened meanwhile (the tab closed or left the portal, the reload timed out, an error).
   */
  async freshVisit(tabId: number): Promise<TabAudit> {
    const target = await this.transactionTarget(tabId, ['reloadTab']);
    return target ? freshVisitInTab(target.transaction, tabId, target.url, target.host, target.storeId) : this.forPopup(tabId);
  }

  /**
   * The visitor's three journeys in this tab (the CNIL's method): no choice, refuse all, accept all,
   * each from a clean jar through the page's own consent manager, with the user's cookies set aside
   * and put back with the fresh visit's guarantees. Progress per state goes to storage.session.
   */
  async checkConsent(tabId: number, fallback = false): Promise<TabAudit> {
    const target = await this.transactionTarget(tabId, ['reloadTab', 'consentWorld']);
    return target ? checkConsentInTab(target.transaction, tabId, target.url, target.storeId, fallback) : this.forPopup(tabId);
  }

  /** Tries again to put back the cookies a fresh visit could not restore (or forgets them), then audits. */
  async restoreCookies(tabId: number, forget: boolean): Promise<TabAudit> {
    const jar = await this.jarOf(tabId);
    const restore = jar ? await this.journal?.retry(jar.host, jar.storeId, forget) : undefined;
    const state = await this.forPopup(tabId, true);
    // forPopup attaches what is still pending; a clean restore leaves nothing to say.
    return restore && restore.failed.length > 0 && (state.kind === 'ready' || state.kind === 'error') ? { ...state, restore } : state;
  }

  /**
   * Audits the tab. Events call it too; during a fresh visit only the visit itself may. A request
   * made while an audit of the tab runs is answered by one audit started after that one ends
   * (shared by every request made meanwhile), so that a burst of events costs two audits, not one
   * each, and each answer reflects the jar as it was when asked.
   */
  audit(tabId: number, rereadPolicy = false, insideFreshVisit = false): Promise<TabAudit> {
    // A visit's own audits start its record afresh: nothing of an earlier visit is kept in them.
    if (insideFreshVisit) return this.auditNow(tabId, rereadPolicy, false);
    return this.queue(tabId, async () => {
      if (!(await this.busy(tabId))) return this.auditNow(tabId, rereadPolicy);
      const jar = await this.jarOf(tabId);
      return { kind: 'busy', host: jar?.host ?? '' };
    });
  }

  /**
   * Audits and badges every open web tab the extension may read that has no audit of the page it
   * shows: on every start of the background (install, update, enable, browser start with tabs
   * restored, a worker woken for any reason) and when the user grants a site. A tab still loading
   * is left to its load event; a tab whose audit is running joins it.
   */
  async auditOpenTabs(): Promise<void> {
    const tabs = ((await this.deps.openTabs?.()) ?? []).filter((tab) => tab.url && /^https?:/.test(tab.url) && tab.status !== 'loading');
    const waiting = [...tabs];
    const worker = async () => {
      for (let tab = waiting.shift(); tab; tab = waiting.shift()) {
        const running = this.inFlight.get(tab.id);
        if (running) {
          await running.current;
          continue;
        }
        const stored = await this.deps.session.get<TabAudit>(sessionKeys.tab(tab.id));
        if (stored?.kind === 'ready' && stored.audit.pageUrl === tab.url) continue;
        if (await this.busy(tab.id)) continue;
        await this.audit(tab.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, tabs.length) }, worker));
  }

  private queue(tabId: number, run: () => Promise<TabAudit>): Promise<TabAudit> {
    const slot = this.inFlight.get(tabId);
    if (slot?.next) return slot.next;
    const start = (): Promise<TabAudit> => {
      const entry: { current: Promise<TabAudit>; next?: Promise<TabAudit> } = { current: run() };
      this.inFlight.set(tabId, entry);
      void entry.current.finally(() => {
        if (this.inFlight.get(tabId) === entry && !entry.next) this.inFlight.delete(tabId);
      });
      return entry.current;
    };
    if (!slot) return start();
    slot.next = slot.current.then(start, start);
    return slot.next;
  }

  private async auditNow(tabId: number, rereadPolicy: boolean, keepingVisit = true): Promise<TabAudit> {
    let state: TabAudit;
    try {
      state = await auditTab(this.deps, tabId, rereadPolicy);
    } catch (error) {
      state = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    // The visit's journeys and evidence stay with the tab's record (see keep-visit.ts).
    if (keepingVisit) state = keepVisit(await this.deps.session.get<TabAudit>(sessionKeys.tab(tabId)), state);
    await this.deps.session.set(sessionKeys.tab(tabId), state);
    await this.deps.setBadge(tabId, badgeText(state));
    return state;
  }

  /**
   * The tab a transaction may run in (a web page whose host the extension may read, with the APIs
   * `needs`), and the transaction's context; undefined when it cannot run there.
   */
  private async transactionTarget(tabId: number, needs: (keyof AuditorDeps)[]): Promise<{ transaction: TabTransaction; url: string; host: string; storeId?: string } | undefined> {
    const tab = await this.deps.getTab(tabId);
    if (!this.journal || !this.deps.cookieWriter || needs.some((n) => !this.deps[n]) || !tab?.url || !/^https?:/.test(tab.url)) return undefined;
    const host = new URL(tab.url).hostname;
    if (!(await this.deps.hasOrigins(originsFor(host)))) return undefined;
    const transaction: TabTransaction = {
      deps: this.deps,
      journal: this.journal,
      auditInside: (id) => this.audit(id, false, true),
      keep: async (id, result) => {
        await this.deps.session.set(sessionKeys.tab(id), result);
        return withHistory(this.deps, result);
      },
      record: (id, url) => this.recorders.start(id, url),
    };
    return { transaction, url: tab.url, host, ...(tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) };
  }

  /** The host and cookie store whose jar a tab's audit reads, for web pages. */
  private async jarOf(tabId: number): Promise<{ host: string; storeId?: string } | undefined> {
    const tab = await this.deps.getTab(tabId);
    if (!tab?.url || !/^https?:/.test(tab.url)) return undefined;
    return { host: new URL(tab.url).hostname, ...(tab.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) };
  }
}
