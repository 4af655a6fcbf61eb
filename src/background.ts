// Wiring: browser events in, TabAuditor calls, results in storage.session, the badge set.
import { localKeys, sessionKeys } from './storage-keys.ts';
import { type CookieChanges, followCookieChanges } from './background/cookie-changes.ts';
import { type ReopenDeps, reopenPopupAfterGrant, reopenPopupOn } from './background/reopen-popup.ts';
import { TabAuditor } from './background/tab-auditor.ts';
import { HOOK_SCRIPTS, browserAuditorDeps } from './browser/auditor-deps.ts';
import { browser } from './browser/browser.ts';
import { domainMatches } from './core/audit/party.ts';
import { loadPublicSuffixes } from './browser/public-suffixes.ts';
import { loadReportMessages } from './browser/report-messages.ts';
import { type MessageSender, type PopupToBackground, isPageWrite, isPopupMessage, isTrustedSender } from './messages.ts';

const auditor = new TabAuditor(browserAuditorDeps());
// Every handler below waits for the public suffix list (read once, as data: see public-suffixes.ts).
const ready = loadPublicSuffixes();
// A service worker restarted (or a Firefox event page woken up) mid fresh visit: the user's
// cookies it had set aside are put back before anything else runs.
const recovered = ready.then(() => auditor.recover());
// The page hook is registered only while a visit is recorded: a background that stopped mid-visit
// leaves none behind.
void (browser.scripting as unknown as { unregisterContentScripts(f: { ids: string[] }): Promise<void> }).unregisterContentScripts({ ids: HOOK_SCRIPTS }).catch(() => undefined);

const self = { id: browser.runtime.id, origin: browser.runtime.getURL('') };

// Opens the popup again where the browser lets a background do it (src/background/reopen-popup.ts).
const popupOpener: ReopenDeps = {
  session: browser.storage.session,
  tab: (tabId) => browser.tabs.get(tabId),
  openPopup: (windowId) => browser.action.openPopup({ windowId }),
  async popupOpen() {
    const runtime = browser.runtime as unknown as { getContexts?(filter: { contextTypes: string[] }): Promise<unknown[]> };
    return runtime.getContexts ? (await runtime.getContexts({ contextTypes: ['POPUP'] })).length > 0 : false;
  },
  onFocus: (listener) => {
    browser.windows.onFocusChanged.addListener(listener);
    return () => browser.windows.onFocusChanged.removeListener(listener);
  },
  now: Date.now,
};

function answer(m: PopupToBackground): Promise<unknown> {
  switch (m.type) {
    case 'popup/report':
      return loadReportMessages().then(() => auditor.report(m.tabId, m.format, m.includeValueDigests === true));
    case 'popup/fresh-visit':
      return auditor.freshVisit(m.tabId);
    case 'popup/check-consent':
      // The popup may have closed meanwhile: its verdict is then shown in a popup opened again.
      return auditor.checkConsent(m.tabId, m.direct === true).then((result) => {
        void reopenPopupOn(popupOpener, m.tabId);
        return result;
      });
    case 'popup/restore-cookies':
      return auditor.restoreCookies(m.tabId, m.forget === true);
    case 'popup/refresh':
      return auditor.forPopup(m.tabId, true, m.rereadPolicy === true);
    case 'popup/get-audit':
      return auditor.forPopup(m.tabId);
  }
}

browser.runtime.onMessage.addListener((message: unknown, sender: MessageSender & { tab?: { id?: number } }) => {
  // The page hook's relay, from a tab being recorded: checked there, never answered.
  if (isPageWrite(message) && sender.id === self.id && sender.tab?.id !== undefined) return void auditor.pageWrite(sender.tab.id, message.text);
  // Only the extension's own pages, with a well-formed message; anything else gets no answer.
  if (!isPopupMessage(message) || !isTrustedSender(message, sender, self)) return undefined;
  return ready.then(() => answer(message));
});

// Tabs that finished loading before this background was listening (install, enable, a browser
// start restoring tabs, a worker woken by any event) get their audit and badge now, once each; so
// do a site's open tabs when the user grants it.
// Right after an install, the host access granted with it may take effect after the worker's
// first run: a tab's address is hidden from both the first sweep and its load event. Two later
// sweeps catch it; they skip every tab already audited for its address.
void recovered.then(async () => {
  for (const delay of [0, 1_000, 4_000]) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    await auditor.auditOpenTabs();
  }
  await browser.storage.session.set({ [sessionKeys.startupSwept]: true });
});
browser.permissions.onAdded.addListener(() => void recovered.then(async () => {
  await auditor.auditOpenTabs();
  await reopenPopupAfterGrant(popupOpener);
}));


// The badge follows navigation and cookie changes, on the tabs we may read (host permission given).
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url && /^https?:/.test(tab.url)) void ready.then(() => auditor.audit(tabId));
});
// A catalogue changed on the options page: stored audits are stale, the popup audits afresh. Only
// the audits go: the fresh visit's journal lives in the same area.
browser.storage.onChanged.addListener(async (changes, area) => {
  if (area !== 'local' || !Object.keys(changes).some((key) => key.startsWith(localKeys.overridePrefix))) return;
  const stale = Object.keys(await browser.storage.session.get(null)).filter((key) => key.startsWith(sessionKeys.tabPrefix));
  await browser.storage.session.remove(stale);
});
browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(sessionKeys.tab(tabId)));

// Cookie changes in batches, a flood kept from holding the worker (src/background/cookie-changes.ts):
// the tabs are listed once per batch and each tab it touches is audited once.
async function auditChangedTabs(changes: CookieChanges): Promise<void> {
  const tabs = await browser.tabs.query({});
  await ready;
  for (const tab of tabs) {
    // A page still loading is audited by its load event: audited now, its recognition (cached for
    // the page) would be made of a page half read, and its badge would stay wrong.
    if (tab.id === undefined || !tab.url || !/^https?:/.test(tab.url) || tab.status === 'loading') continue;
    const host = new URL(tab.url).hostname;
    if (changes === 'all' || changes.some(([domain, hostOnly]) => domainMatches(host, domain, hostOnly))) void auditor.audit(tab.id);
  }
}
type CookieListener = Parameters<typeof browser.cookies.onChanged.addListener>[0];
followCookieChanges((on) => {
  const listener: CookieListener = ({ cookie }) => on(cookie);
  browser.cookies.onChanged.addListener(listener);
  return () => browser.cookies.onChanged.removeListener(listener);
}, (changes) => void auditChangedTabs(changes));
