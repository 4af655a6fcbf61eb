// Headless scans: the real extension in Chromium visits each portal and audits it through the
// same message the popup sends ("popup/refresh"), so a scan and a click give the same verdict.
import type { Page } from 'puppeteer-core';
import { originsFor } from '../core/audit/party.ts';
import type { TabAudit } from '../messages.ts';
import { withSetters } from '../core/evidence/cookie-setters.ts';
import { type TrackerKnowledge, withBeyondCookies } from '../core/trackers/beyond-cookies.ts';
import { trackerData } from './tracker-data.ts';
import { type ExtensionBrowser, type PortalPages, auditTab, extensionGranting, launchWithExtension, withPortalPages } from './launch-chromium.ts';
import { type PortalEvidence, jarValues, recordPage } from './page-recorder.ts';
import { pageVisit } from './page-visit.ts';
import { VISIT_TIMING, firstVisit } from '../core/visit/first-visit.ts';

export interface ScanOptions {
  urls: string[];
  executablePath: string;
  /** The built extension (dist/chrome). */
  extensionDir: string;
  concurrency?: number;
  timeoutMs?: number;
  /** How long a page may go on setting cookies once its network is quiet. */
  settleMs?: number;
  /**
   * Wait for the page's network to be quiet (no request for 500 ms) before the settle delay:
   * portals load their analytics seconds after `load`, after their own API calls. On by default;
   * off only to measure what a fixed delay after `load` misses.
   */
  networkQuiet?: boolean;
  /** Keep a picture of the page and its network log (`scan --evidence`). */
  evidence?: boolean;
  /** Record who set each cookie (on by default; off only to measure what recording costs). */
  recordSetters?: boolean;
  /** Called as each portal is done (awaited: a scan killed midway keeps what it wrote). */
  onProgress?(done: number, total: number, scan: PortalScan): void | Promise<void>;
}

export type PortalScan =
  | { url: string; ok: true; state: TabAudit; browser: string; evidence?: PortalEvidence }
  | { url: string; ok: false; error: string };

async function scanOne(session: ExtensionBrowser, control: Page, pages: PortalPages, url: string, settleMs: number, timeoutMs: number, networkQuiet: boolean, known: TrackerKnowledge, evidence?: PortalEvidence, recordSetters = true): Promise<TabAudit> {
  const page = await pages.open();
  // Who set each cookie: recorded from before the first request.
  const recorder = recordSetters || evidence ? await recordPage(page, { network: evidence !== undefined }) : undefined;
  // A first visit: the cookies this portal would be sent and its stored data set aside first.
  // This browser serves other portals at once: their cookies stay, and read as set before this visit.
  const visit = pageVisit(page, url, { pageTimeoutMs: timeoutMs, wholeBrowser: false });
  let before: { name: string; domain: string }[] = [];
  const cleaned = async () => {
    await visit.clean();
    before = (await page.browser().cookies().catch(() => [])).map((c) => ({ name: c.name, domain: c.domain }));
  };
  try {
    const loaded = await firstVisit({ ...visit, clean: cleaned }, url, settleMs, networkQuiet ? undefined : 0);
    if (loaded !== 'complete') throw new Error(loaded === 'closed' ? 'the page was closed' : visit.failure() ?? `the page took more than ${Math.round(timeoutMs / 1000)} s to load`);
    const response = visit.response();
    if (response && response.status() >= 400) throw new Error(`HTTP ${response.status()}`);
    const state = await auditTab(session, control, page);
    if (!state) throw new Error('the extension cannot see this tab');
    // Read before the log is kept: the storage values it meets are removed from the log too.
    const recording = recorder ? await recorder.recording() : undefined;
    if (evidence) {
      const png = await page.screenshot({ type: 'png' }).catch(() => undefined);
      if (png) evidence.shots.push({ name: 'page.png', png });
      evidence.logs.push({ name: 'page', entries: recorder!.entries(), values: [...recorder!.values(), ...(await jarValues(page))] });
    }
    if (state.kind !== 'ready' || !recording) return state;
    const audit = withSetters(state.audit, { ...recording, before });
    return { ...state, audit: recording.traceCoverage ? withBeyondCookies(audit, { traces: recording.traces ?? [], ...(recording.held ? { held: recording.held } : {}), coverage: recording.traceCoverage }, known) : audit };
  } finally {
    recorder?.dispose();
    await page.close().catch(() => undefined);
  }
}

export async function scanPortals(options: ScanOptions): Promise<PortalScan[]> {
  const { urls, concurrency = 2, timeoutMs = 45_000, settleMs = VISIT_TIMING.settleMs, networkQuiet = true, evidence = false, recordSetters = true } = options;
  // The sites a portal's page loads (frames, tiles, players) set cookies too: the scan's own browser
  // may read them all, as the journeys' does.
  const origins = [...new Set([...urls.flatMap((url) => originsFor(new URL(url).hostname)), '*://*/*'])];
  const extension = extensionGranting(options.extensionDir, origins);
  const results: PortalScan[] = new Array(urls.length);
  let session: ExtensionBrowser | undefined;
  const known = await trackerData(options.extensionDir);
  try {
    session = await launchWithExtension({ executablePath: options.executablePath, extensionDir: extension.dir, guarded: true });
    const browserVersion = await session.browser.version();
    // An extension page to send the popup's messages from.
    const control = await session.browser.newPage();
    await control.goto(`chrome-extension://${session.extensionId}/popup/popup.html?tab=-1`);
    let done = 0;
    // Cookies belong to a host, whatever its port: two portals of one host never run at once, or
    // one's first visit would clear the cookies the other is about to audit.
    const pending = urls.map((_, i) => i);
    const busy = new Set<string>();
    const waiting: (() => void)[] = [];
    const hostOf = (url: string) => {
      try {
        return new URL(url).hostname;
      } catch {
        return url;
      }
    };
    const worker = async () => {
      while (pending.length > 0) {
        const at = pending.findIndex((i) => !busy.has(hostOf(urls[i]!)));
        if (at < 0) {
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        const index = pending.splice(at, 1)[0]!;
        const url = urls[index]!;
        busy.add(hostOf(url));
        try {
          const kept: PortalEvidence | undefined = evidence ? { shots: [], logs: [] } : undefined;
          const state = await withPortalPages(session!.browser, timeoutMs + settleMs + 5_000, url, (pages) => scanOne(session!, control, pages, url, settleMs, timeoutMs, networkQuiet, known, kept, recordSetters));
          results[index] = { url, ok: true, state, browser: browserVersion, ...(kept ? { evidence: kept } : {}) };
        } catch (error) {
          results[index] = { url, ok: false, error: (error as Error).message.split('\n')[0]! };
        } finally {
          busy.delete(hostOf(url));
          for (const wake of waiting.splice(0)) wake();
        }
        await options.onProgress?.(++done, urls.length, results[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, urls.length)) }, worker));
    return results;
  } finally {
    await session?.close();
    extension.dispose();
  }
}
