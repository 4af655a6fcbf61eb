// The popup's connector to the background: the AuditorApi over runtime messages.
import { browser } from '../src/browser/browser.ts';
import type { AuditorApi, PopupToBackground, TabAudit } from '../src/messages.ts';

const send = (message: PopupToBackground) => browser.runtime.sendMessage(message) as Promise<TabAudit>;

export const messageApi: AuditorApi = {
  getAudit: (tabId) => send({ type: 'popup/get-audit', tabId }),
  refresh: (tabId, rereadPolicy) => send({ type: 'popup/refresh', tabId, ...(rereadPolicy ? { rereadPolicy } : {}) }),
};

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Must run inside the click handler: browsers grant permissions only on a user gesture. */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins });
}
