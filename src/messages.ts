// Everything the popup may ask the background, and what it answers. Message names say their
// direction: `popup/...` goes from the popup to the background.
import type { AuditDiff } from './core/report/history.ts';
import type { ReportFormat } from './core/report/render-report.ts';
import type { AuditResult } from './core/types.ts';
import type { ConsentMatrix } from './core/consent/consent-matrix.ts';
import type { PortalSignal } from './core/portal/recognise-portal.ts';
import type { KnownManagerId } from './core/vocabulary/consent.ts';

export interface PortalView {
  isPortal: boolean;
  confidence: number;
  /** What decided, strongest first. */
  signals: PortalSignal[];
  /** The platform's name for the portal (`<id>.opendatasoft.com`), when the page reveals it. */
  platformHost?: string;
  /** The page carries a consent control: the platform's manage-cookies control, or a site's own consent manager. */
  consentControl?: boolean;
  /** The site's own consent managers its markup shows (tarteaucitron, Klaro…), beside the platform's. */
  siteManagers?: KnownManagerId[];
}

/** The other sites the page loaded (frames, scripts, images…), and whose cookies could be read. */
export interface ThirdPartyView {
  sites: { site: string; cookies: number; readable: boolean }[];
  /** Host access that would let the extension read the unreadable sites' cookies. */
  origins: string[];
}

/** What became of the cookies a fresh visit set aside: names only, never values. */
export interface RestoreView {
  /** Cookies the browser would not take back: still kept aside, for the user to retry. */
  failed: string[];
  /** The background stopped mid-visit and put the cookies back when it started again. */
  recovered: boolean;
}

/** Why a fresh visit gave no audit: the user's cookies were put back all the same. */
export type FreshVisitStop = 'tab-closed' | 'left-portal' | 'reload-failed';

/** What the popup shows for a tab. Loading is the popup's own state, before any answer. */
export type TabAudit =
  | { kind: 'unsupported-page'; url: string }
  | { kind: 'no-permission'; host: string; origins: string[] }
  | {
      kind: 'ready';
      audit: AuditResult;
      portal: PortalView;
      catalogueWarnings: string[];
      diff?: AuditDiff | null;
      thirdParty?: ThirdPartyView;
      /** Audited from a clean state (fresh visit). */
      freshVisit?: boolean;
      /** Set when a fresh visit's restore needs the user's attention. */
      restore?: RestoreView;
      /** The consent matrix of "Check consent": the three states in this tab. */
      consentCheck?: ConsentMatrix;
      /**
       * When the fresh visit or consent check this record keeps was taken, once a later audit of
       * the jar (the user's cookies put back, "Audit again") replaced the visit's own audit.
       */
      visitAt?: string;
    }
  /** A fresh visit of this portal's cookies is running already (in this tab or another). */
  | { kind: 'busy'; host: string }
  | { kind: 'fresh-visit-stopped'; reason: FreshVisitStop; host: string; restore: RestoreView }
  | { kind: 'error'; message: string; restore?: RestoreView };

/** A report file, rendered by the background, for the popup to save or copy. */
export type ReportFile = { ok: true; filename: string; text: string; mediaType: string } | { ok: false; message: string };

export type PopupToBackground =
  | { type: 'popup/get-audit'; tabId: number }
  | { type: 'popup/refresh'; tabId: number; rereadPolicy?: boolean }
  | { type: 'popup/report'; tabId: number; format: ReportFormat; includeValueDigests?: boolean }
  | { type: 'popup/fresh-visit'; tabId: number }
  /** The three consent journeys in the tab, the user's cookies set aside meanwhile. */
  | { type: 'popup/check-consent'; tabId: number; direct?: boolean }
  /** Puts back the cookies a fresh visit could not restore, or forgets them at the user's word. */
  | { type: 'popup/restore-cookies'; tabId: number; forget?: boolean };

/** The interface the popup talks to: over messages in the extension, in memory in tests and previews. */
export interface AuditorApi {
  getAudit(tabId: number): Promise<TabAudit>;
  refresh(tabId: number, rereadPolicy?: boolean): Promise<TabAudit>;
  report(tabId: number, format: ReportFormat, includeValueDigests: boolean): Promise<ReportFile>;
  freshVisit(tabId: number): Promise<TabAudit>;
  restoreCookies(tabId: number, forget: boolean): Promise<TabAudit>;
  /** `direct`: where a dialog cannot be driven, set the manager's record directly (reported as such). */
  checkConsent(tabId: number, direct?: boolean): Promise<TabAudit>;
}

type FieldCheck = (value: unknown) => boolean;
const isTrue: FieldCheck = (v) => typeof v === 'boolean';
const FORMATS: readonly unknown[] = ['json', 'csv', 'md', 'html'];

/** The optional fields each message may carry; anything else makes it malformed. */
const SHAPES: Record<PopupToBackground['type'], Record<string, FieldCheck>> = {
  'popup/get-audit': {},
  'popup/refresh': { rereadPolicy: isTrue },
  'popup/report': { format: (v) => FORMATS.includes(v), includeValueDigests: isTrue },
  'popup/fresh-visit': {},
  'popup/check-consent': { direct: isTrue },
  'popup/restore-cookies': { forget: isTrue },
};
const REQUIRED: Partial<Record<PopupToBackground['type'], string[]>> = { 'popup/report': ['format'] };

/** Checks a message's exact shape before the background acts on it: no extra field, no wrong type. */
export function isPopupMessage(message: unknown): message is PopupToBackground {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  const type = m.type as PopupToBackground['type'];
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return false;
  if (typeof m.tabId !== 'number' || !Number.isSafeInteger(m.tabId) || m.tabId < 0) return false;
  const fields = SHAPES[type];
  if ((REQUIRED[type] ?? []).some((key) => !Object.hasOwn(m, key))) return false;
  return Object.entries(m).every(([key, value]) => key === 'type' || key === 'tabId' || (Object.hasOwn(fields, key) && fields[key]!(value)));
}

/** Who sent a message, as runtime.onMessage describes it. */
export interface MessageSender {
  id?: string;
  url?: string;
}

/** The pages allowed to ask for what deletes or rewrites cookies (the fresh visit, restoring). */
const DESTRUCTIVE: ReadonlySet<PopupToBackground['type']> = new Set(['popup/fresh-visit', 'popup/check-consent', 'popup/restore-cookies']);
const POPUP_PATH = '/popup/popup.html';

/**
 * Accepts a message only from the extension's own pages: same extension id and a URL under its
 * origin. Messages that delete or rewrite cookies must come from the popup itself.
 */
export function isTrustedSender(message: PopupToBackground, sender: MessageSender, self: { id: string; origin: string }): boolean {
  if (sender.id !== self.id || typeof sender.url !== 'string') return false;
  let url: URL;
  let own: URL;
  try {
    url = new URL(sender.url);
    own = new URL(self.origin);
  } catch {
    return false;
  }
  // Compared part by part: URL.origin is "null" for extension schemes in some runtimes.
  if (url.protocol !== own.protocol || url.host !== own.host || !url.host) return false;
  return !DESTRUCTIVE.has(message.type) || url.pathname === POPUP_PATH;
}

/** The page hook's report of a script's cookie write, relayed from a tab (src/page/entries/cookie-relay.ts). */
export interface PageWrite {
  type: 'page/cookie-write';
  text: string;
}

/** Exactly `{ type, text }` with a bounded string: the rest is checked where it is used (hookedWrite). */
export function isPageWrite(message: unknown): message is PageWrite {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  return m.type === 'page/cookie-write' && typeof m.text === 'string' && m.text.length <= 10_000 && Object.keys(m).length === 2;
}
