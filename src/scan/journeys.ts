// The visitor's three journeys on each portal, driven through the portal's own consent controls in
// Chromium with the extension: no choice (arrive, touch nothing), refuse all, accept all; each from
// a clean state, over the pages a visitor goes through. The extension audits each page as the
// popup would; src/core/consent/consent-matrix.ts turns the audits into the matrix and findings.
// One browser per worker, its cookies and site data cleared before each journey, so that two
// workers never share a jar.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { originsFor } from '../core/audit/party.ts';
import { type AutoconsentRule, managersOn, readAutoconsentData } from '../core/consent/autoconsent/autoconsent-managers.ts';
import { type ConsentMatrix, type JourneyRun, consentMatrix } from '../core/consent/consent-matrix.ts';
import { MANAGERS } from '../core/consent/managers/index.ts';
import { type JourneyDriver, type JourneysOutcome, runJourneys } from '../core/consent/journey-runner.ts';
import { VISIT_TIMING } from '../core/visit/first-visit.ts';
import { pageVisit } from './page-visit.ts';
import { choiceGuard } from './choice-guard.ts';
import { consentDriverClient } from '../core/consent/driver-client.ts';
import { isolatedWorld } from './isolated-world.ts';
import type { TabAudit } from '../messages.ts';
import { type ExtensionBrowser, type PortalPages, auditTab, extensionGranting, launchWithExtension, withPortalPages } from './launch-chromium.ts';
import { type PageRecorder, type PortalEvidence, jarValues, recordPage } from './page-recorder.ts';
import type { TrackerKnowledge } from '../core/trackers/beyond-cookies.ts';
import { trackerData } from './tracker-data.ts';

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
  /** When a dialog cannot be driven, set the manager's record directly (reported as such). */
  fallback?: boolean;
  /** Keep pictures of each state's first page and each state's network log (`scan --evidence`). */
  evidence?: boolean;
  /** Record who set each cookie (on by default; off only to measure what recording costs). */
  recordSetters?: boolean;
  /** Look for the managers autoconsent's rules describe too (on by default; off only to measure what they cost). */
  autoconsent?: boolean;
  /** The browser refuses what a page tries after a click (choice-guard.ts): on by default; off only to measure what it costs. */
  networkGuard?: boolean;
  /**
   * Web storage and the organisations reached, per state, and the next view after a choice on a
   * one-page journey: on by default; off only to measure what they cost.
   */
  observeTrackers?: boolean;
  onProgress?(done: number, total: number, result: PortalJourneys): void | Promise<void>;
}

export type PortalJourneys =
  | { url: string; ok: true; runs: JourneyRun[]; managers: JourneysOutcome['managers']; base: TabAudit; browser: string; evidence?: PortalEvidence }
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

/**
 * The journey runner's driver for a page in a scan: puppeteer's page, the extension's audit of it,
 * the consent driver in an isolated world, and from a choice until its state is audited, the
 * browser refusing what would change something (choice-guard.ts).
 */
function pageDriver(session: ExtensionBrowser, control: Page, page: Page, homeUrl: string, pageTimeoutMs: number, driverSource: string, remember: (tab: TabAudit | undefined) => void, recorder: PageRecorder | undefined, evidence?: PortalEvidence, guarded = true): JourneyDriver & { dispose(): Promise<void> } {
  const world = isolatedWorld(page, driverSource);
  // This browser is this worker's alone: every cookie goes, and the portal's stored data.
  const visit = pageVisit(page, homeUrl, { pageTimeoutMs, wholeBrowser: true });
  const inPage = consentDriverClient(world);
  // From the click until the state is audited, the browser refuses what would change something.
  const guard = choiceGuard(page, homeUrl);
  return {
    async dispose() {
      await guard.disarm();
      await world.dispose();
    },
    ...visit,
    async clean() {
      // The guard stays armed once a choice was made: a timer the last state's page set may fire before the next load.
      recorder?.reset();
      await visit.clean();
    },
    load(url) {
      guard.expect(url);
      return visit.load(url);
    },
    async where(mark) {
      if (page.isClosed()) return undefined;
      // The driver's own guard may have cancelled a navigation since the choice, before its request.
      const seen = await inPage.mark();
      const blocked = guard.refused() ?? (seen?.left ? { danger: 'navigation' as const, detail: seen.left } : undefined);
      return { url: page.url(), sameDocument: mark === undefined || seen?.mark === mark, ...(blocked ? { blocked } : {}) };
    },
    detect: async (rules) => (await inPage.detect(rules)) ?? { present: [] },
    async choose(rule, choice, others) {
      if (guarded) await guard.arm();
      // Undefined: the page's consent controls could not be used (the page went away meanwhile).
      const answer = (await inPage.choose(rule, choice, others)) ?? { outcome: 'not-found' as const, miss: 'no-dialog' as const, choice, labels: [], mark: '' };
      // What a click sets off a moment later (a script's redirect) is the control's doing too.
      await new Promise((resolve) => setTimeout(resolve, VISIT_TIMING.choiceRecordMs));
      const blocked = guard.refused();
      return { ...answer, ...(blocked ? { blocked } : {}) };
    },
    // The portal's own cookies, whatever the page shows now.
    portalCookies: async () => (await page.cookies(homeUrl)).map((c) => ({ name: c.name, value: c.value })),
    async writeCookie({ name, value }) {
      try {
        await page.setCookie({ name, value, url: homeUrl });
        return true;
      } catch {
        return false;
      }
    },
    async audit() {
      const tab = await auditTab(session, control, page).catch(() => undefined);
      remember(tab);
      return tab?.kind === 'ready' ? tab.audit : undefined;
    },
    links: () => page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '')),
    // Every cookie was cleared with the state: nothing was there before it.
    ...(recorder ? { recording: (state) => recorder.recording(state) } : {}),
    ...(evidence && recorder
      ? {
          async capture(state, moment) {
            const png = await page.screenshot({ type: 'png' }).catch(() => undefined);
            if (!png) return undefined;
            const name = `${state}_${moment === 'found' ? 'dialog-as-found' : 'after-choice'}.png`;
            evidence.shots.push({ name, png });
            return name;
          },
          async stateDone(state) {
            evidence.logs.push({ name: state, entries: recorder.entries(), values: [...recorder.values(), ...(await jarValues(page))] });
          },
        } satisfies Partial<JourneyDriver>
      : {}),
  };
}

async function journeysOf(session: ExtensionBrowser, control: Page, portalPages: PortalPages, url: string, options: Required<Pick<JourneyOptions, 'pages' | 'pageTimeoutMs' | 'settleMs' | 'fallback' | 'evidence' | 'recordSetters'>> & { rules: readonly AutoconsentRule[] | undefined; driverSource: string; networkGuard: boolean; known: TrackerKnowledge | undefined }, browser: string): Promise<PortalJourneys> {
  const page = await portalPages.open();
  const recorder = options.recordSetters || options.evidence ? await recordPage(page, { network: options.evidence, traces: options.known !== undefined }) : undefined;
  const evidence: PortalEvidence | undefined = options.evidence ? { shots: [], logs: [] } : undefined;
  let base: TabAudit | undefined;
  const driver = pageDriver(session, control, page, url, options.pageTimeoutMs, options.driverSource, (tab) => void (base ??= tab), recorder, evidence, options.networkGuard);
  try {
    const managers = options.rules ? managersOn(url, options.rules) : MANAGERS;
    const outcome = await runJourneys(driver, url, { pages: options.pages, settleMs: options.settleMs, pagesFrom: pagesToVisit, fallback: options.fallback, managers, ...(options.known ? { nextView: true, known: options.known } : {}) });
    if (outcome.stop) return { url, ok: false, error: outcome.stop === 'left-portal' ? 'the portal sent the page elsewhere' : 'the page was closed' };
    if (base?.kind !== 'ready') return { url, ok: false, error: base?.kind === 'error' ? base.message : 'the home page could not be audited' };
    // The home page before any choice, with who set each cookie (the runner's): the portal's report.
    return { url, ok: true, runs: outcome.runs, managers: outcome.managers, base: outcome.base ? { ...base, audit: outcome.base } : base, browser, ...(evidence ? { evidence } : {}) };
  } finally {
    recorder?.dispose();
    await driver.dispose();
  }
}

/**
 * Workers (one browser each) a journeys scan runs by default: a journey spends most of its time
 * waiting for pages to settle, so four workers keep two cores busy (bench: 9.8 portals a minute
 * on light local portals against 5.1 with two, in one run).
 */
export const JOURNEYS_CONCURRENCY = 4;

/** Each portal's three journeys; one browser per worker (their jars are cleared between journeys). */
export async function scanJourneys(options: JourneyOptions): Promise<PortalJourneys[]> {
  const { urls, concurrency = JOURNEYS_CONCURRENCY, pages = 5, pageTimeoutMs = 30_000, settleMs = VISIT_TIMING.settleMs, fallback = false, evidence = false, recordSetters = true } = options;
  const portalTimeoutMs = options.portalTimeoutMs ?? 3 * pages * (pageTimeoutMs + settleMs + 2_000) + 30_000;
  // Third-party sites (tile servers, video players) set cookies too: the extension may read them all.
  const origins = [...new Set([...urls.flatMap((url) => originsFor(new URL(url).hostname)), '*://*/*'])];
  const extension = extensionGranting(options.extensionDir, origins);
  // The extension's own copy of autoconsent's rules: the scan drives what the popup would.
  const rules = options.autoconsent === false ? undefined : readAutoconsentData(await readFile(join(options.extensionDir, 'data/autoconsent-rules.json'), 'utf8').then(JSON.parse).catch(() => undefined)).rules;
  // And its own in-page consent driver, injected into an isolated world of each page.
  const driverSource = await readFile(join(options.extensionDir, 'page/consent-driver.js'), 'utf8');
  const known = options.observeTrackers === false ? undefined : await trackerData(options.extensionDir);
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
          results[index] = await withPortalPages(session.browser, portalTimeoutMs, `${url}: the journeys`, (portalPages) => journeysOf(session, control, portalPages, url, { pages, pageTimeoutMs, settleMs, fallback, evidence, recordSetters, rules, driverSource, networkGuard: options.networkGuard !== false, known }, browser));
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

/** The consent matrix of one portal's journeys: the consent control as recognition read it on the live page. */
export function journeysMatrix(result: Extract<PortalJourneys, { ok: true }>): ConsentMatrix {
  const control = result.base.kind === 'ready' ? result.base.portal.consentControl : undefined;
  return consentMatrix(result.runs, { ...(control !== undefined ? { consentControl: control } : {}), managers: result.managers });
}
