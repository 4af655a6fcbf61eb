// What the background's features need from the browser, injected: the real WebExtensions APIs in
// src/browser/auditor-deps.ts, in-memory ones in the tests (test/fakes).
import type { CatalogueDeps } from '../audit/page-catalogue.ts';
import type { AutoconsentRule } from '../core/consent/autoconsent/autoconsent-managers.ts';
import type { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import type { Organisations } from '../core/trackers/organisations.ts';
import type { HeldStorage } from '../core/trackers/traces.ts';
import type { AuditDigest } from '../core/report/history.ts';
import type { CookiesApi } from '../jar/cookie-jar.ts';
import type { CookieWriter } from '../jar/cookie-writes.ts';
import type { PageWorld } from '../core/consent/driver-client.ts';
import type { Refusal } from '../core/vocabulary/consent.ts';
import type { TabAudit } from '../messages.ts';
import type { EvidenceDeps, TabRecording } from './evidence-recorder.ts';
import type { FreshVisitJournal, SessionArea } from './fresh-visit.ts';

export type ReloadOutcome = 'complete' | 'timeout' | 'closed';

/** The portal's localStorage and sessionStorage, as the page holds them. */
export interface WebStorage { local: Record<string, string>; session: Record<string, string> }

export interface TabInfo {
  id: number;
  url?: string;
  /** Firefox containers and private windows: the tab's own cookie store. */
  cookieStoreId?: string;
  /** Whether the tab's page is still loading (its load event will audit it). */
  status?: 'loading' | 'complete';
}

export interface AuditorDeps extends CatalogueDeps, EvidenceDeps {
  getTab(tabId: number): Promise<TabInfo | undefined>;
  /** Every open tab, with the address of those the extension may read. */
  openTabs?(): Promise<TabInfo[]>;
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
   * Reloads the tab (or, given a `url` it does not show, or `fresh`, takes it there) and says how that ended:
   * loaded, the time limit reached, or the tab closed.
   */
  reloadTab?(tabId: number, url?: string, fresh?: boolean): Promise<ReloadOutcome>;
  /** Waits until the tab's page has loaded nothing new for VISIT_TIMING.quietIdleMs (its resource timing), at most `capMs`. */
  quiet?(tabId: number, capMs: number): Promise<void>;
  /** Waits `ms`, to let a reloaded page's scripts set their cookies. */
  pause?(ms: number): Promise<void>;
  /** The tab's page as rendered (scripting), or undefined when its content cannot be read. */
  pageHtml?(tabId: number): Promise<string | undefined>;
  /** Hosts of the frames and subresources the tab's page loaded (scripting), or [] when unknown. */
  loadedHosts?(tabId: number): Promise<string[]>;
  /** What is known of cookie names (Open Cookie Database), loaded when first needed. */
  knowledge?(): Promise<CookieKnowledge | undefined>;
  /** Who a request goes to (third-party-web's organisations), loaded when first needed. */
  organisations?(): Promise<Organisations | undefined>;
  /** The storage keys and IndexedDB databases the tab's frames hold (scripting, every frame it may script); values only to be scrubbed. */
  heldStorage?(tabId: number): Promise<{ held: HeldStorage[]; values: string[] } | undefined>;
  /** DuckDuckGo autoconsent's rules as the build ships them (data/autoconsent-rules.json), read when first needed. */
  consentRules?(): Promise<AutoconsentRule[]>;
  /** The tab's page as the in-page consent driver (src/page/consent-driver) sees it, from the extension's isolated world (scripting). */
  consentWorld?(tabId: number): PageWorld;
  /**
   * From now until `release`, the browser refuses in this tab what would change something
   * (src/core/visit/guard-rules.ts); undefined where it cannot (no declarativeNetRequest).
   */
  guardTab?(tabId: number, portalUrl: string): Promise<TabGuard | undefined>;
  /** The tab page's web storage: taken, cleared, or put back (scripting). */
  webStorage?(tabId: number, op: 'take' | 'clear' | 'restore', saved?: WebStorage): Promise<WebStorage | undefined>;
}

/** What a feature that reloads the tab inside a fresh visit's transaction gets from the orchestrator. */
export interface TabTransaction {
  deps: AuditorDeps;
  journal: FreshVisitJournal;
  /** Audits the tab now, from inside the transaction (the tab's own events wait meanwhile). */
  auditInside(tabId: number): Promise<TabAudit>;
  /** Keeps a result as the tab's audit and joins it to its portal's history. */
  keep(tabId: number, result: Extract<TabAudit, { kind: 'ready' }>): Promise<TabAudit>;
  /** Starts recording who sets each cookie in the tab (see evidence-recorder.ts). */
  record(tabId: number, pageUrl: string): Promise<TabRecording>;
}

/** The browser's refusals in one tab while the auditor acts on it. */
export interface TabGuard {
  /** A new choice is being made: what was refused before it is forgotten. */
  reset(): void;
  /** The auditor loads `url` itself: its navigation passes. */
  allow(url: string): Promise<void>;
  /** The first refusal since `reset`, where the browser lets the add-on see it (webRequest). */
  refused(): Refusal | undefined;
  release(): Promise<void>;
}
