// The visitor's three journeys on each portal, driven through the portal's own consent controls in
// Chromium with the extension: no choice (arrive, touch nothing), refuse all, accept all; each from
// a clean state, over the pages a visitor goes through. The extension audits each page as the
// popup would; src/core/consent/consent-matrix.ts turns the audits into the matrix and findings.
// One browser per worker, its cookies and site data cleared before each journey, so that two
// workers never share a jar.
import type { Page } from 'puppeteer-core';
import { originsFor } from '../background/tab-auditor.ts';
import { type JourneyRun, type JourneyState, JOURNEY_STATES } from '../core/consent/consent-matrix.ts';
import { choiceNotRecorded } from '../core/consent/consent-matrix.ts';
import { CONSENT_CONTROL_NAMES, chooseInPage } from '../page/choose-consent.ts';
import type { TabAudit } from '../messages.ts';
import { type ExtensionBrowser, type PortalPages, auditTab, extensionGranting, launchWithExtension, withPortalPages } from './launch-chromium.ts';

export interface JourneyOptions {
  urls: string[];
  executablePath: string;
  extensionDir: string;
  concurrency?: number;
  /** Pages per journey, the home page included. */
  pages?: number;
  /** Time for one page to load; a page past it is named as timed out and the journey goes on. */
  pageTimeoutMs?: number;
  /** Time for the whole of one portal's three journeys. */
  portalTimeoutMs?: number;
  settleMs?: number;
  onProgress?(done: number, total: number, result: PortalJourneys): void | Promise<void>;
}

export type PortalJourneys =
  | { url: string; ok: true; runs: JourneyRun[]; consentControl: boolean; base: TabAudit; browser: string }
  | { url: string; ok: false; error: string };

/** Same-site pages a visitor would go to from the home page: the catalogue, datasets and their views, custom pages. */
function pagesToVisit(homeUrl: string, hrefs: string[], count: number): string[] {
  const home = new URL(homeUrl);
  const own = [...new Set(hrefs.flatMap((href) => {
    try {
      const url = new URL(href, home);
      url.hash = '';
      return url.host === home.host && (url.protocol === 'http:' || url.protocol === 'https:') ? [url.href] : [];
    } catch {
      return [];
    }
  }))];
  const path = (u: string) => new URL(u).pathname;
  const explore = `${home.origin}/explore/`;
  const datasets = own.filter((u) => /^\/explore\/dataset\/[^/]+\/?$/.test(path(u)));
  const views = own.filter((u) => /^\/explore\/dataset\/[^/]+\/(?:table|map|analyze|custom)\/?$/.test(path(u)));
  // A dataset's views from its page: the map first, where tile servers and map widgets set cookies.
  const viewsOf = (dataset: string) => ['map', 'table', 'analyze'].map((v) => `${dataset.replace(/\/?$/, '/')}${v}/`);
  const custom = own.filter((u) => /^\/(?:p|pages)\/[\w-]+\/?$/.test(path(u)));
  const firstDataset = datasets[0] ?? views[0]?.replace(/(?:table|map|analyze|custom)\/?$/, '');
  const ordered = [homeUrl, explore, ...(firstDataset ? [firstDataset, ...views.filter((v) => v.startsWith(firstDataset)), ...viewsOf(firstDataset)] : []), ...custom, ...datasets.slice(1, 2)];
  return [...new Set(ordered)].slice(0, count);
}

async function settle(page: Page, settleMs: number, timeoutMs: number): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 500, timeout: Math.min(timeoutMs, 15_000) }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}

/** Cookies and site data of every origin gone: each journey starts as a first visit. */
async function cleanState(page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Network.clearBrowserCookies');
    await cdp.send('Storage.clearDataForOrigin', { origin: '*', storageTypes: 'local_storage,session_storage,indexeddb,cache_storage,service_workers' }).catch(() => undefined);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function journey(session: ExtensionBrowser, control: Page, portalPages: PortalPages, homeUrl: string, state: JourneyState, planned: string[] | undefined, options: Required<Pick<JourneyOptions, 'pages' | 'pageTimeoutMs' | 'settleMs'>>): Promise<{ run: JourneyRun; pages: string[]; consentControl: boolean; home?: TabAudit }> {
  const page = await portalPages.open();
  try {
    await cleanState(page);
    await page.goto(homeUrl, { waitUntil: 'load', timeout: options.pageTimeoutMs });
    await settle(page, options.settleMs, options.pageTimeoutMs);
    const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''));
    const pages = planned ?? pagesToVisit(homeUrl, hrefs, options.pages);
    const consentControl = await page.evaluate(() => document.querySelector('ods-manage-cookies-preferences, .ods-manage-cookies-preferences__show-button') !== null);
    let reached = true;
    let how = 'arrived and touched nothing';
    if (state !== 'no-choice') {
      const choice = await page.evaluate(chooseInPage, state, CONSENT_CONTROL_NAMES);
      ({ reached, how } = choice);
      if (reached) {
        // The choice counts only once the platform recorded it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const recorded = (await page.cookies()).find((c) => c.name === 'cookies_preferences');
        const missed = choiceNotRecorded(state, recorded?.value);
        if (missed) [reached, how] = [false, `${how}, but ${missed}`];
        await settle(page, options.settleMs, options.pageTimeoutMs);
      }
    }
    const run: JourneyRun = { state, reached, how, pages: [] };
    let home: TabAudit | undefined;
    for (const [i, url] of pages.entries()) {
      if (i > 0) {
        try {
          await page.goto(url, { waitUntil: 'load', timeout: options.pageTimeoutMs });
          await settle(page, options.settleMs, options.pageTimeoutMs);
        } catch {
          run.pages.push({ url, timedOut: true });
          continue;
        }
      }
      const state = await auditTab(session, control, page);
      if (i === 0) home = state;
      run.pages.push({ url, timedOut: false, ...(state?.kind === 'ready' ? { audit: state.audit } : {}) });
    }
    return { run, pages, consentControl, ...(home ? { home } : {}) };
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function journeysOf(session: ExtensionBrowser, control: Page, portalPages: PortalPages, url: string, options: Required<Pick<JourneyOptions, 'pages' | 'pageTimeoutMs' | 'settleMs'>>, browser: string): Promise<PortalJourneys> {
  const runs: JourneyRun[] = [];
  let pages: string[] | undefined;
  let consentControl = false;
  let base: TabAudit | undefined;
  for (const state of JOURNEY_STATES) {
    const done = await journey(session, control, portalPages, url, state, pages, options);
    pages ??= done.pages;
    consentControl ||= done.consentControl;
    runs.push(done.run);
    // The portal's own verdict, as a plain scan gives it: the home page before any choice.
    if (state === 'no-choice') base = done.home;
  }
  if (base?.kind !== 'ready') return { url, ok: false, error: base?.kind === 'error' ? base.message : 'the home page could not be audited' };
  return { url, ok: true, runs, consentControl, base, browser };
}

/** Each portal's three journeys; one browser per worker (their jars are cleared between journeys). */
export async function scanJourneys(options: JourneyOptions): Promise<PortalJourneys[]> {
  const { urls, concurrency = 2, pages = 5, pageTimeoutMs = 30_000, settleMs = 1_500 } = options;
  const portalTimeoutMs = options.portalTimeoutMs ?? 3 * pages * (pageTimeoutMs + settleMs + 2_000) + 30_000;
  // Third-party sites (tile servers, video players) set cookies too: the extension may read them all.
  const origins = [...new Set([...urls.flatMap((url) => originsFor(new URL(url).hostname)), '*://*/*'])];
  const extension = extensionGranting(options.extensionDir, origins);
  const results: PortalJourneys[] = new Array(urls.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    const session = await launchWithExtension({ executablePath: options.executablePath, extensionDir: extension.dir, guarded: true });
    try {
      const browser = await session.browser.version();
      const control = await session.browser.newPage();
      await control.goto(`chrome-extension://${session.extensionId}/popup/popup.html?tab=-1`);
      while (next < urls.length) {
        const index = next++;
        const url = urls[index]!;
        try {
          // Past its time, the portal's pages are closed before the next portal starts.
          results[index] = await withPortalPages(session.browser, portalTimeoutMs, `${url}: the journeys`, (portalPages) => journeysOf(session, control, portalPages, url, { pages, pageTimeoutMs, settleMs }, browser));
        } catch (error) {
          results[index] = { url, ok: false, error: (error as Error).message.split('\n')[0]! };
        }
        await options.onProgress?.(++done, urls.length, results[index]!);
      }
    } finally {
      await session.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, urls.length)) }, worker));
    return results;
  } finally {
    extension.dispose();
  }
}
