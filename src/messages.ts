// Everything the popup may ask the background, and what it answers. Message names say their
// direction: `popup/...` goes from the popup to the background.
import type { AuditDiff } from './core/report/history.ts';
import type { ReportFormat } from './core/report/render-report.ts';
import type { AuditResult } from './core/types.ts';
import type { PortalSignal } from './core/portal/recognise-portal.ts';

export interface PortalView {
  isPortal: boolean;
  confidence: number;
  signals: PortalSignal[];
}

/** The other sites the page loaded (frames, scripts, images…), and whose cookies could be read. */
export interface ThirdPartyView {
  sites: { site: string; cookies: number; readable: boolean }[];
  /** Host access that would let the extension read the unreadable sites' cookies. */
  origins: string[];
}

/** What the popup shows for a tab. Loading is the popup's own state, before any answer. */
export type TabAudit =
  | { kind: 'unsupported-page'; url: string }
  | { kind: 'no-permission'; host: string; origins: string[] }
  | { kind: 'ready'; audit: AuditResult; portal: PortalView; catalogueWarnings: string[]; diff?: AuditDiff | null; thirdParty?: ThirdPartyView; /** Audited from a clean state (fresh visit). */ freshVisit?: boolean }
  | { kind: 'error'; message: string };

/** A report file, rendered by the background, for the popup to save or copy. */
export type ReportFile = { ok: true; filename: string; text: string; mediaType: string } | { ok: false; message: string };

export type PopupToBackground =
  | { type: 'popup/get-audit'; tabId: number }
  | { type: 'popup/refresh'; tabId: number; rereadPolicy?: boolean }
  | { type: 'popup/report'; tabId: number; format: ReportFormat; includeValueDigests?: boolean }
  | { type: 'popup/fresh-visit'; tabId: number };

/** The interface the popup talks to: over messages in the extension, in memory in tests and previews. */
export interface AuditorApi {
  getAudit(tabId: number): Promise<TabAudit>;
  refresh(tabId: number, rereadPolicy?: boolean): Promise<TabAudit>;
  report(tabId: number, format: ReportFormat, includeValueDigests: boolean): Promise<ReportFile>;
  freshVisit(tabId: number): Promise<TabAudit>;
}

export function isPopupMessage(message: unknown): message is PopupToBackground {
  const m = message as PopupToBackground | undefined;
  if (!m || !Number.isInteger(m.tabId)) return false;
  if (m.type === 'popup/report') return ['json', 'csv', 'md', 'html'].includes(m.format);
  return m.type === 'popup/get-audit' || m.type === 'popup/refresh' || m.type === 'popup/fresh-visit';
}
