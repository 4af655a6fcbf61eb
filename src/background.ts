// Wiring: browser events in, TabAuditor calls, results in storage.session, the badge set.
import { browser } from './browser/browser.ts';
import type { CatalogueOverride, Cookie, Language } from './core/types.ts';
import { type PopupToBackground, type TabAudit, isPopupMessage } from './messages.ts';
import { fetchText } from './net/fetch-text.ts';
import { type PageCatalogue } from './background/page-catalogue.ts';
import { TabAuditor } from './background/tab-auditor.ts';
import { domainMatches } from './core/audit/party.ts';
import type { AuditDigest } from './core/report/history.ts';
import { browserInfo } from './browser/browser-info.ts';
import { CookieKnowledge } from './core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from './core/explain/known-cookies.ts';

const BADGE_COLOUR = '#b3261e';

// The Open Cookie Database ships as a file of the extension, read once, the first time it is needed.
let knowledge: Promise<CookieKnowledge | undefined> | undefined;
function loadKnowledge(): Promise<CookieKnowledge | undefined> {
  knowledge ??= fetch(browser.runtime.getURL('data/open-cookie-database.json'))
    .then((response) => response.json() as Promise<CompactRow[]>)
    .then((rows) => new CookieKnowledge(fromCompactRows(rows)))
    .catch(() => undefined);
  return knowledge;
}

const auditor = new TabAuditor({
  async getTab(tabId) {
    try {
      const tab = await browser.tabs.get(tabId);
      const storeId = (tab as { cookieStoreId?: string }).cookieStoreId;
      return { id: tabId, ...(tab.url ? { url: tab.url } : {}), ...(storeId ? { cookieStoreId: storeId } : {}) };
    } catch {
      return undefined;
    }
  },
  hasOrigins: (origins) => browser.permissions.contains({ origins }),
  cookies: { getAll: (details) => browser.cookies.getAll(details) as Promise<Cookie[]> },
  fetchText: (url) => fetchText(url),
  async cacheGet(key) {
    return (await browser.storage.local.get(key))[key] as PageCatalogue | undefined;
  },
  async cacheSet(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
  async sessionGet(key) {
    return (await browser.storage.session.get(key))[key] as TabAudit | undefined;
  },
  async sessionSet(key, value) {
    await browser.storage.session.set({ [key]: value });
  },
  async setBadge(tabId, text) {
    try {
      await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
      if ('setBadgeTextColor' in browser.action) await browser.action.setBadgeTextColor({ tabId, color: '#ffffff' });
      await browser.action.setBadgeText({ tabId, text });
    } catch {
      /* the tab closed meanwhile */
    }
  },
  async historyGet(key) {
    return (await browser.storage.local.get(key))[key] as AuditDigest[] | undefined;
  },
  async historySet(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
  async overrideGet(origin) {
    return (await browser.storage.local.get(`override:${origin}`))[`override:${origin}`] as CatalogueOverride | undefined;
  },
  knowledge: loadKnowledge,
  cookieWriter: { remove: (details) => browser.cookies.remove(details as never), set: (details) => browser.cookies.set(details as never) },
  reloadTab: (tabId) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        browser.tabs.onUpdated.removeListener(listener);
        resolve();
      };
      const listener = (id: number, change: { status?: string }) => {
        if (id === tabId && change.status === 'complete') done();
      };
      const timer = setTimeout(done, 30_000);
      browser.tabs.onUpdated.addListener(listener);
      void browser.tabs.reload(tabId, { bypassCache: true });
    }),
  settle: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  async loadedHosts(tabId) {
    // The page's own record of what it loaded (Resource Timing), frames included; read in an
    // isolated world, nothing of the page's is run.
    try {
      const [injection] = await browser.scripting.executeScript({
        target: { tabId },
        func: () => [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)],
      });
      const urls = (injection?.result ?? []) as string[];
      return [...new Set(urls.flatMap((u) => {
        try {
          const { protocol, hostname } = new URL(u);
          return protocol === 'http:' || protocol === 'https:' ? [hostname] : [];
        } catch {
          return [];
        }
      }))];
    } catch {
      return []; // pages scripts may not run in (the store, PDF viewers): first-party audit only
    }
  },
  browserInfo,
  extensionVersion: () => browser.runtime.getManifest().version,
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  language: (): Language => (browser.i18n.getUILanguage().toLowerCase().startsWith('fr') ? 'fr' : 'en'),
  now: () => Date.now(),
});

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
