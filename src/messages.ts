// Everything the popup may ask the background, and what it answers. Message names say their
// direction: `popup/...` goes from the popup to the background.
import type { AuditResult, CatalogueSource } from './core/types.ts';
import type { PortalSignal } from './core/portal/recognise-portal.ts';

export interface PortalView {
  isPortal: boolean;
  confidence: number;
  signals: PortalSignal[];
}

/** What the popup shows for a tab. Loading is the popup's own state, before any answer. */
export type TabAudit =
  | { kind: 'unsupported-page'; url: string }
  | { kind: 'no-permission'; host: string; origins: string[] }
  | { kind: 'ready'; audit: AuditResult; portal: PortalView; source: CatalogueSource; catalogueWarnings: string[] }
  | { kind: 'error'; message: string };

export type PopupToBackground =
  | { type: 'popup/get-audit'; tabId: number }
  | { type: 'popup/refresh'; tabId: number; rereadPolicy?: boolean };

export type BackgroundReply<M extends PopupToBackground> = M extends { type: 'popup/get-audit' | 'popup/refresh' } ? TabAudit : never;

/** The interface the popup talks to: over messages in the extension, in memory in tests and previews. */
export interface AuditorApi {
  getAudit(tabId: number): Promise<TabAudit>;
  refresh(tabId: number, rereadPolicy?: boolean): Promise<TabAudit>;
}

export function isPopupMessage(message: unknown): message is PopupToBackground {
  const m = message as PopupToBackground | undefined;
  return (m?.type === 'popup/get-audit' || m?.type === 'popup/refresh') && Number.isInteger(m.tabId);
}
