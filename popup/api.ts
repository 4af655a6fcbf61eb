// The popup's connector to the background: the AuditorApi over runtime messages.
import { type GrantAsked, sessionKeys } from '../src/storage-keys.ts';
import { browser } from '../src/browser/browser.ts';
import type { AuditorApi, PopupToBackground, ReportFile, TabAudit } from '../src/messages.ts';

const send = <R>(message: PopupToBackground) => browser.runtime.sendMessage(message) as Promise<R>;

export const messageApi: AuditorApi = {
  getAudit: (tabId) => send<TabAudit>({ type: 'popup/get-audit', tabId }),
  refresh: (tabId, rereadPolicy) => send<TabAudit>({ type: 'popup/refresh', tabId, ...(rereadPolicy ? { rereadPolicy } : {}) }),
  report: (tabId, format, includeValueDigests) => send<ReportFile>({ type: 'popup/report', tabId, format, includeValueDigests }),
  freshVisit: (tabId) => send<TabAudit>({ type: 'popup/fresh-visit', tabId }),
  checkConsent: (tabId, direct) => send<TabAudit>({ type: 'popup/check-consent', tabId, ...(direct ? { direct } : {}) }),
  restoreCookies: (tabId, forget) => send<TabAudit>({ type: 'popup/restore-cookies', tabId, ...(forget ? { forget } : {}) }),
};

/** Saves a report through the downloads API; resolves to the file name once the download started. */
export async function saveFile(file: Extract<ReportFile, { ok: true }>): Promise<string> {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mediaType }));
  try {
    await browser.downloads.download({ url, filename: file.filename, saveAs: false, conflictAction: 'uniquify' });
    return file.filename;
  } finally {
    // Firefox reads the blob after download() resolves: give it a moment before revoking.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * Must run inside the click handler: browsers grant permissions only on a user gesture. With
 * `forTab`, the background opens the popup again on that tab once the grant's audit is done: the
 * browser's prompt closes the popup that asked (Chrome), and the user would come back to nothing.
 */
export function requestOrigins(origins: string[], forTab?: number): Promise<boolean> {
  if (forTab !== undefined) void browser.storage.session.set({ [sessionKeys.grantAsked]: { tabId: forTab, at: Date.now() } satisfies GrantAsked });
  return browser.permissions.request({ origins });
}

/** The options page, on the catalogue of this page's portal. */
export async function openOptions(pageUrl: string): Promise<void> {
  const url = browser.runtime.getURL(`options/options.html?origin=${encodeURIComponent(new URL(pageUrl).origin)}`);
  await browser.tabs.create({ url });
  window.close();
}

/** Calls `onStep` as the background moves through the consent check's states; returns the unsubscribe. */
export function watchConsentProgress(tabId: number, onStep: (progress: { state: string; step: number; of: number }) => void): () => void {
  const key = sessionKeys.consentProgress(tabId);
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const value = changes[key]?.newValue as { state: string; step: number; of: number } | undefined;
    if (area === 'session' && value) onStep(value);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * Asks for webRequest, with which a recorded visit sees the responses that set cookies. Must run
 * first in the click handler (Firefox grants only then); the visit goes ahead whatever the answer,
 * and its report says what was not recorded.
 */
export async function requestResponseEvidence(): Promise<boolean> {
  try {
    return await browser.permissions.request({ permissions: ['webRequest'] });
  } catch {
    return false; // granted already at install (test builds), or the browser refuses to ask
  }
}
