// The background's dependencies on the real WebExtensions APIs: storage, cookies, tabs, scripting,
// permissions, badge. TabAuditor gets them injected, so tests give it in-memory ones instead.
import { localKeys } from '../storage-keys.ts';
import type { PageCatalogue } from '../audit/page-catalogue.ts';
import type { AuditorDeps, ReloadOutcome } from '../background/deps.ts';
import { checkOverride } from '../core/catalogue/catalogue-json.ts';
import { type AutoconsentRule, readAutoconsentData } from '../core/consent/autoconsent/autoconsent-managers.ts';
import { Organisations } from '../core/trackers/organisations.ts';
import { type HeldStorage, storedValueParts } from '../core/trackers/traces.ts';
import { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../core/explain/known-cookies.ts';
import type { AuditDigest } from '../core/report/history.ts';
import type { Cookie, Language } from '../core/types.ts';
import { fetchText } from '../net/fetch-text.ts';
import { OwnRequests, type RuleApi } from './own-requests.ts';
import { type TabEvents, watchOpenedWindows } from './opened-windows.ts';
import { browser } from './browser.ts';
import { browserInfo } from './browser-info.ts';
import { ABSENT } from '../core/consent/driver-client.ts';
import { VISIT_TIMING } from '../core/visit/first-visit.ts';
import { type GuardRule, guardRefusal, guardRuleIds, guardRules } from '../core/visit/guard-rules.ts';
import type { Refusal } from '../core/vocabulary/consent.ts';
import { DRIVER_GLOBAL, type DriverRequest } from '../core/consent/driver-protocol.ts';
import type { WebStorage } from '../background/deps.ts';

async function read<T>(area: 'local' | 'session', key: string): Promise<T | undefined> {
  return (await browser.storage[area].get(key))[key] as T | undefined;
}

async function write(area: 'local' | 'session', key: string, value: unknown): Promise<void> {
  await browser.storage[area].set({ [key]: value });
}

const BADGE_COLOUR = '#b3261e';
/** A fresh visit waits this long for the reloaded page, then audits what it has. */
const RELOAD_TIMEOUT_MS = 30_000;

// The Open Cookie Database ships as a file of the extension, read once, the first time it is needed.
let knowledge: Promise<CookieKnowledge | undefined> | undefined;
function loadKnowledge(): Promise<CookieKnowledge | undefined> {
  knowledge ??= fetch(browser.runtime.getURL('data/open-cookie-database.json'))
    .then((response) => response.json() as Promise<CompactRow[]>)
    .then((rows) => new CookieKnowledge(fromCompactRows(rows)))
    .catch(() => undefined);
  return knowledge;
}

// third-party-web's organisations, likewise: only a recorded visit classifies what its page reached.
let organisations: Promise<Organisations | undefined> | undefined;
function loadOrganisations(): Promise<Organisations | undefined> {
  organisations ??= fetch(browser.runtime.getURL('data/organisations.json'))
    .then((response) => response.json())
    .then((data) => Organisations.fromData(data))
    .catch(() => undefined);
  return organisations;
}

// autoconsent's rules, likewise: only a consent check reads them.
let consentRules: Promise<AutoconsentRule[]> | undefined;
function loadConsentRules(): Promise<AutoconsentRule[]> {
  consentRules ??= fetch(browser.runtime.getURL('data/autoconsent-rules.json'))
    .then((response) => response.json())
    .then((data) => readAutoconsentData(data).rules)
    .catch(() => []);
  return consentRules;
}

/** The page hook and its relay, registered only while a visit is recorded (see background/evidence-recorder.ts). */
export const HOOK_SCRIPTS = ['ods-cookie-hook', 'ods-cookie-relay'];

/** The slices of webRequest and scripting the recorder uses, typed where the polyfill's types lag. */
interface HeadersDetails { url: string; type: string; frameId: number; documentUrl?: string; timeStamp: number; responseHeaders?: { name: string; value?: string }[] }
interface WebRequestApi {
  OnHeadersReceivedOptions?: Record<string, string>;
  onHeadersReceived: { addListener(f: (d: HeadersDetails) => void, filter: { urls: string[]; tabId: number }, extra: string[]): void; removeListener(f: (d: HeadersDetails) => void): void };
}
interface RequestDetails { url: string; method: string; type: string }
interface RequestEvent { addListener(f: (d: RequestDetails) => void, filter: { urls: string[]; tabId: number }): void; removeListener(f: (d: RequestDetails) => void): void }
interface GuardWebRequest { onBeforeRequest: RequestEvent; onErrorOccurred: RequestEvent }
interface SessionRulesApi { updateSessionRules(options: { removeRuleIds?: number[]; addRules?: GuardRule[] }): Promise<void> }
interface ScriptingRegistry {
  registerContentScripts(scripts: Record<string, unknown>[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/** The TabAuditor's dependencies, on the real WebExtensions APIs. */
export function browserAuditorDeps(): AuditorDeps {
  const ownRequests = new OwnRequests((browser as unknown as { declarativeNetRequest?: RuleApi }).declarativeNetRequest);
  return {
    async getTab(tabId) {
      try {
        const tab = await browser.tabs.get(tabId);
        const storeId = (tab as { cookieStoreId?: string }).cookieStoreId;
        return { id: tabId, ...(tab.url ? { url: tab.url } : {}), ...(storeId ? { cookieStoreId: storeId } : {}) };
      } catch {
        return undefined;
      }
    },
    async openTabs() {
      // The active tabs first: their badges are the ones in view.
      const tabs = (await browser.tabs.query({})).sort((a, b) => Number(b.active) - Number(a.active));
      return tabs.flatMap((tab) => {
        if (tab.id === undefined) return [];
        const storeId = (tab as { cookieStoreId?: string }).cookieStoreId;
        const status = tab.status === 'loading' || tab.status === 'complete' ? tab.status : undefined;
        return [{ id: tab.id, ...(tab.url ? { url: tab.url } : {}), ...(storeId ? { cookieStoreId: storeId } : {}), ...(status ? { status } : {}) }];
      });
    },
    hasOrigins: (origins) => browser.permissions.contains({ origins }),
    cookies: { getAll: (details) => browser.cookies.getAll(details) as Promise<Cookie[]> },
    // Every hop held by the browser's rule too: fetch() hides the redirects it follows.
    fetchText: (url, options) => ownRequests.around(url, options?.allowPrivate, () => fetchText(url, options)),
    cacheGet: (key) => read<PageCatalogue>('local', key),
    cacheSet: (key, value) => write('local', key, value),
    session: {
      get: <T>(key: string) => read<T>('session', key),
      set: (key, value) => write('session', key, value),
      remove: (key) => browser.storage.session.remove(key),
      keys: async (prefix) => Object.keys(await browser.storage.session.get(null)).filter((key) => key.startsWith(prefix)),
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
    historyGet: (key) => read<AuditDigest[]>('local', key),
    historySet: (key, value) => write('local', key, value),
    overrideGet: async (origin) => checkOverride(await read<unknown>('local', localKeys.override(origin)), origin),
    knowledge: loadKnowledge,
    organisations: loadOrganisations,
    consentRules: loadConsentRules,
    cookieWriter: { remove: (details) => browser.cookies.remove(details as never), set: (details) => browser.cookies.set(details as never) },
    reloadTab: (tabId, url, fresh) =>
      new Promise<ReloadOutcome>((resolve) => {
        const done = (outcome: ReloadOutcome) => {
          clearTimeout(timer);
          browser.tabs.onUpdated.removeListener(updated);
          browser.tabs.onRemoved.removeListener(removed);
          resolve(outcome);
        };
        const updated = (id: number, change: { status?: string }) => {
          if (id === tabId && change.status === 'complete') done('complete');
        };
        // A tab closed mid-visit ends the wait at once: the user's cookies go back without delay.
        const removed = (id: number) => {
          if (id === tabId) done('closed');
        };
        const timer = setTimeout(() => done('timeout'), RELOAD_TIMEOUT_MS);
        browser.tabs.onUpdated.addListener(updated);
        browser.tabs.onRemoved.addListener(removed);
        // Back to the portal when the tab shows another page (a control that left it), or a document
        // a reload would send again (a refused form's error page); else a reload.
        browser.tabs.get(tabId)
          .then(async (tab) => void (url && (fresh || tab.url !== url) ? await browser.tabs.update(tabId, { url }) : await browser.tabs.reload(tabId, { bypassCache: true })))
          .catch(() => done('closed'));
      }),
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async pageHtml(tabId) {
      // Read in an isolated world: nothing of the page's runs; capped as a fetched page is. Only the
      // document of the tab's address, once parsed: a tab between two pages (Firefox may report the
      // new address while the old or a blank document is still there) would be recognised as no
      // portal, and that reading kept for the page; the caller then fetches the page instead.
      try {
        const tab = await browser.tabs.get(tabId);
        const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: () => ({ href: location.href, ready: document.readyState, html: `<!doctype html>${document.documentElement.outerHTML.slice(0, 5_000_000)}` }) });
        const page = injection?.result as { href?: unknown; ready?: unknown; html?: unknown } | undefined;
        const bare = (url: string) => url.replace(/#.*$/, '');
        if (typeof page?.html !== 'string' || page.ready === 'loading' || typeof page.href !== 'string' || !tab.url || bare(page.href) !== bare(tab.url)) return undefined;
        return page.html;
      } catch {
        return undefined;
      }
    },
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
    // The driver lives in the tab's document, in the extension's isolated world: the page can neither call it nor change what it uses.
    consentWorld: (tabId) => ({
      async send(request) {
        try {
          const [injection] = await browser.scripting.executeScript({
            target: { tabId },
            func: (req: DriverRequest, name: string, absent: string) => {
              const driver = (globalThis as unknown as Record<string, { call(r: DriverRequest): Promise<unknown> } | undefined>)[name];
              return driver ? driver.call(req) : absent;
            },
            args: [request, DRIVER_GLOBAL, ABSENT],
          });
          return injection?.result;
        } catch {
          return undefined; // pages scripts may not run in: the runner says so
        }
      },
      async inject() {
        try {
          await browser.scripting.executeScript({ target: { tabId }, files: ['page/consent-driver.js'] });
          return true;
        } catch {
          return false;
        }
      },
    }),
    async webStorage(tabId, op, saved) {
      try {
        const [injection] = await browser.scripting.executeScript({
          target: { tabId },
          // The page's own storage, read and written from the extension's isolated world.
          func: (what: string, kept: WebStorage | null) => {
            const areas = { local: localStorage, session: sessionStorage };
            if (what === 'take') return Object.fromEntries(Object.entries(areas).map(([name, area]) => [name, Object.fromEntries(Object.entries({ ...area }))]));
            for (const [name, area] of Object.entries(areas)) {
              area.clear();
              if (what === 'restore' && kept) for (const [k, v] of Object.entries(kept[name as keyof WebStorage])) area.setItem(k, v);
            }
            return null;
          },
          args: [op, saved ?? null],
        });
        return (injection?.result ?? undefined) as WebStorage | undefined;
      } catch {
        return undefined;
      }
    },
    async heldStorage(tabId) {
      try {
        // Every frame the add-on may script, from its isolated world (the page cannot disguise its
        // storage there): keys and database names; the values only to be scrubbed from what is kept.
        const injections = await browser.scripting.executeScript({
          target: { tabId, allFrames: true },
          func: async () => {
            if (!/^https?:$/.test(location.protocol)) return null;
            const keys: [string, string, string][] = [];
            for (const [area, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
              try {
                for (let i = 0; i < Math.min(store.length, 1_000); i++) {
                  const key = store.key(i);
                  if (key !== null) keys.push([area, key, store.getItem(key) ?? '']);
                }
              } catch {
                /* storage denied to this frame */
              }
            }
            let databases: string[] = [];
            try {
              databases = (await indexedDB.databases()).flatMap((d) => (d.name ? [d.name] : [])).slice(0, 200);
            } catch {
              /* no databases() here (older Firefox) */
            }
            return { origin: location.origin, keys, databases };
          },
        });
        const held: HeldStorage[] = [];
        const values: string[] = [];
        for (const injection of injections) {
          const r = injection.result as { origin: string; keys: [HeldStorage['area'], string, string][]; databases: string[] } | null | undefined;
          if (!r) continue;
          for (const [area, name, value] of r.keys) {
            held.push({ area, name: name.slice(0, 256), origin: r.origin });
            if (value) values.push(...storedValueParts(value));
          }
          for (const name of r.databases) held.push({ area: 'indexedDB', name: name.slice(0, 256), origin: r.origin });
        }
        return { held, values };
      } catch {
        return undefined;
      }
    },
    async quiet(tabId, capMs) {
      // No new resource for quietIdleMs (Resource Timing, read in an isolated world), at most capMs.
      const count = async () => {
        try {
          const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: () => performance.getEntriesByType('resource').length });
          return injection?.result as number | undefined;
        } catch {
          return undefined;
        }
      };
      let last = await count();
      for (const end = Date.now() + capMs; last !== undefined && Date.now() < end;) {
        await new Promise((resolve) => setTimeout(resolve, VISIT_TIMING.quietIdleMs));
        const now = await count();
        if (now === last) return;
        last = now;
      }
    },
    async guardTab(tabId, portalUrl) {
      // Session rules scoped to the tab. With declarativeNetRequest (not ...WithHostAccess) they act
      // on every host, so a navigation to a site the user never granted is refused by the browser
      // too; what they refuse is named through webRequest, when granted.
      const dnr = (browser as unknown as { declarativeNetRequest?: SessionRulesApi }).declarativeNetRequest;
      if (!dnr) return undefined;
      const pages: string[] = [];
      const shown = (await browser.tabs.get(tabId).catch(() => undefined))?.url;
      if (shown) pages.push(shown);
      const ids = guardRuleIds(tabId);
      const install = () => dnr.updateSessionRules({ removeRuleIds: ids, addRules: guardRules(tabId, portalUrl, pages) });
      try {
        await install();
      } catch {
        return undefined;
      }
      let refusal: Refusal | undefined;
      let unlisten = () => {};
      const webRequest = (browser as unknown as { webRequest?: GuardWebRequest }).webRequest;
      if (webRequest && (await browser.permissions.contains({ permissions: ['webRequest'] }).catch(() => false))) {
        const seen = (d: RequestDetails) => void (refusal ??= guardRefusal(portalUrl, pages, d));
        webRequest.onBeforeRequest.addListener(seen, { urls: ['<all_urls>'], tabId });
        webRequest.onErrorOccurred.addListener(seen, { urls: ['<all_urls>'], tabId });
        unlisten = () => {
          webRequest.onBeforeRequest.removeListener(seen);
          webRequest.onErrorOccurred.removeListener(seen);
        };
      }
      // A window the page opened: named, and closed (its load refused by the rules).
      const unwatch = watchOpenedWindows(browser.tabs as unknown as TabEvents, tabId, (tab) => {
        const detail = tab.pendingUrl || tab.url;
        refusal ??= { danger: 'popup', ...(detail ? { detail } : {}) };
      });
      return {
        reset: () => void (refusal = undefined),
        async allow(url) {
          pages.push(url);
          await install().catch(() => undefined);
        },
        refused: () => refusal,
        async release() {
          unwatch();
          unlisten();
          await dnr.updateSessionRules({ removeRuleIds: ids }).catch(() => undefined);
        },
      };
    },
    async watchSetCookies(tabId, on) {
      // webRequest is optional (asked by the popup at the moment a recorded visit starts): absent, no responses.
      const webRequest = (browser as unknown as { webRequest?: WebRequestApi }).webRequest;
      if (!webRequest || !(await browser.permissions.contains({ permissions: ['webRequest'] }))) return undefined;
      // Chromium hides Set-Cookie from listeners that do not ask for "extraHeaders"; Firefox has no such option and shows it.
      const extra = Object.values(webRequest.OnHeadersReceivedOptions ?? {}).includes('extraHeaders') ? ['responseHeaders', 'extraHeaders'] : ['responseHeaders'];
      const listener = (d: HeadersDetails) => {
        const setCookie = (d.responseHeaders ?? []).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value ?? '').join('\n');
        if (!setCookie) return;
        const frame = d.type === 'sub_frame' ? d.url : d.frameId > 0 ? d.documentUrl : undefined;
        on({ url: d.url, setCookie, mainFrame: d.type === 'main_frame', ...(frame ? { frame } : {}), at: d.timeStamp });
      };
      webRequest.onHeadersReceived.addListener(listener, { urls: ['<all_urls>'], tabId }, extra);
      return () => webRequest.onHeadersReceived.removeListener(listener);
    },
    async hookCookieWrites() {
      const scripting = browser.scripting as unknown as ScriptingRegistry;
      const common = { matches: ['<all_urls>'], allFrames: true, runAt: 'document_start', persistAcrossSessions: false };
      try {
        await scripting.unregisterContentScripts({ ids: HOOK_SCRIPTS }).catch(() => undefined);
        await scripting.registerContentScripts([
          { id: HOOK_SCRIPTS[0], js: ['page/cookie-hook.js'], world: 'MAIN', ...common },
          { id: HOOK_SCRIPTS[1], js: ['page/cookie-relay.js'], ...common },
        ]);
        return () => scripting.unregisterContentScripts({ ids: HOOK_SCRIPTS }).catch(() => undefined);
      } catch {
        return undefined;
      }
    },
    browserInfo,
    extensionVersion: () => browser.runtime.getManifest().version,
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    // Reports speak the language whose words the popup shows (see popup/i18n.ts).
    language: (): Language => (browser.i18n.getMessage('language') === 'fr' ? 'fr' : 'en'),
    now: () => Date.now(),
};
}
