// Wiring: browser events in, TabAuditor calls, results in storage.session, the badge set.
import { TabAuditor } from './background/tab-auditor.ts';
import { browserAuditorDeps } from './browser/auditor-deps.ts';
import { browser } from './browser/browser.ts';
import { domainMatches } from './core/audit/party.ts';
import { type PopupToBackground, isPopupMessage } from './messages.ts';

const auditor = new TabAuditor(browserAuditorDeps());

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isPopupMessage(message)) return undefined;
  const m: PopupToBackground = message;
  if (m.type === 'popup/report') return auditor.report(m.tabId, m.format, m.includeValueDigests === true);
  if (m.type === 'popup/fresh-visit') return auditor.freshVisit(m.tabId);
  return auditor.forPopup(m.tabId, m.type === 'popup/refresh', m.type === 'popup/refresh' && m.rereadPolicy === true);
});

// The badge follows navigation and cookie changes, on the tabs we may read (host permission given).
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url && /^https?:/.test(tab.url)) void auditor.audit(tabId);
});
// A catalogue changed on the options page: stored audits are stale, the popup audits afresh.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && Object.keys(changes).some((key) => key.startsWith('override:'))) void browser.storage.session.clear();
});
browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(`tab:${tabId}`));

const pending = new Map<number, ReturnType<typeof setTimeout>>();
browser.cookies.onChanged.addListener(async ({ cookie }) => {
  // A page setting several cookies fires one event each: re-audit each tab once they settle.
  const tabs = await browser.tabs.query({});
  for (const tab of tabs) {
    if (tab.id === undefined || !tab.url || !/^https?:/.test(tab.url)) continue;
    if (!domainMatches(new URL(tab.url).hostname, cookie.domain, cookie.hostOnly)) continue;
    clearTimeout(pending.get(tab.id));
    const tabId = tab.id;
    pending.set(tabId, setTimeout(() => {
      pending.delete(tabId);
      void auditor.audit(tabId);
    }, 400));
  }
});
