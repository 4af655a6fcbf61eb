// The scan's evidence recorder on one puppeteer page: every cookie write, from HTTP responses (the
// DevTools protocol's raw headers, which keep Set-Cookie) and from scripts (the page hook, installed
// before any of the page's scripts in every frame), and on request the network log of the page
// loads for a HAR. Values are dropped as each write is read (src/core/evidence/cookie-writes.ts);
// the network log keeps headers until the HAR is written, where cookie values are removed.
import type { CDPSession, HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';
import type { JourneyState } from '../core/consent/journey-state.ts';
import type { Recording } from '../core/evidence/cookie-setters.ts';
import { type CookieWrite, hookedWrite, responseWrites, setCookieValues } from '../core/evidence/cookie-writes.ts';
import type { NetEntry } from '../core/har/write-har.ts';
import { WriteLog } from '../core/evidence/write-log.ts';
import { hookCookieWrites } from '../page/hook-cookie-writes.ts';
import { type HeldStorage, MAX_HOOKED_VALUES, TraceLog, hookedTrace, hookedValues, requestType, storedValueParts, withoutQueryValues } from '../core/trackers/traces.ts';

/** The binding the hook calls; a page could call it too, so what it sends is checked (hookedWrite). */
const BINDING = '__odsAuditorCookieWrite';
/** Beyond this many requests per state, a page is flooding: the first ones are kept (writes: write-log.ts). */
const MAX_ENTRIES = 5_000;

/** What a scan keeps for the evidence bundle (`scan --evidence`): pictures, and network logs per state. */
export interface PortalEvidence {
  shots: { name: string; png: Uint8Array }[];
  /** One log per state (`page` for a plain scan), with the cookie values met, to be removed when written. */
  logs: { name: string; entries: NetEntry[]; values: string[] }[];
}

/** Every cookie value the browser holds now (this worker's browser is the portal's alone), to be scrubbed. */
export async function jarValues(page: Page): Promise<string[]> {
  const cdp = await page.createCDPSession();
  try {
    const { cookies } = await cdp.send('Network.getAllCookies');
    return cookies.map((c) => c.value);
  } catch {
    return [];
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface PageRecorder {
  /** A new state starts: what was recorded so far is forgotten. */
  reset(): void;
  /** The writes since the last reset, for the audit of the page now shown (with the values to keep out of it). */
  recording(state?: JourneyState): Promise<Recording>;
  /** Requests since the last reset (with `network`). */
  entries(): NetEntry[];
  /** Every cookie value the recorder met (Set-Cookie lines), to be scrubbed from what is written. */
  values(): Set<string>;
  dispose(): void;
}

/** The script that started a request, from the DevTools protocol's initiator: its stack's first web address. */
function initiatorScript(request: HTTPRequest): string | undefined {
  const initiator = request.initiator();
  const frames = [initiator?.stack?.callFrames ?? [], initiator?.stack?.parent?.callFrames ?? []].flat();
  const url = frames.find((f) => /^https?:/.test(f.url))?.url ?? (initiator?.type === 'script' && initiator.url && /^https?:/.test(initiator.url) ? initiator.url : undefined);
  return url ? withoutQueryValues(url) || undefined : undefined;
}

/**
 * The storage the page's frames hold now, read by the DevTools protocol (the page cannot lie to it):
 * keys of localStorage and sessionStorage, names of IndexedDB databases, per frame origin. The values
 * come with the keys: kept in memory only, to be removed from what is written, as cookie values are.
 */
async function heldStorage(page: Page, cdp: CDPSession): Promise<{ held: HeldStorage[]; values: string[] }> {
  const origins = [...new Set(page.frames().flatMap((f) => {
    try {
      const u = new URL(f.url());
      return /^https?:$/.test(u.protocol) ? [u.origin] : [];
    } catch {
      return [];
    }
  }))].slice(0, 50);
  const held: HeldStorage[] = [];
  const values: string[] = [];
  for (const origin of origins) {
    for (const isLocalStorage of [true, false]) {
      const items = await cdp.send('DOMStorage.getDOMStorageItems', { storageId: { securityOrigin: origin, isLocalStorage } }).catch(() => undefined);
      for (const [name, value] of (items?.entries ?? []).slice(0, 1_000)) {
        held.push({ area: isLocalStorage ? 'localStorage' : 'sessionStorage', name: name!.slice(0, 256), origin });
        if (value) values.push(...storedValueParts(value));
      }
    }
    const dbs = await cdp.send('IndexedDB.requestDatabaseNames', { securityOrigin: origin }).catch(() => undefined);
    for (const name of (dbs?.databaseNames ?? []).slice(0, 200)) held.push({ area: 'indexedDB', name: name.slice(0, 256), origin });
  }
  return { held, values };
}

/** `traces`: what the page does beyond cookies too (storage, requests; on by default, off only to measure its cost). */
export async function recordPage(page: Page, options: { network?: boolean; traces?: boolean } = {}): Promise<PageRecorder> {
  const observe = options.traces !== false;
  const writes = new WriteLog();
  const traces = new TraceLog();
  let entries: NetEntry[] = [];
  const values = new Set<string>();
  const started = new Map<HTTPRequest, number>();
  let navigation = { url: page.url(), at: Date.now() };
  const context = () => ({ page: navigation.url, afterMs: Date.now() - navigation.at });
  const push = (w: CookieWrite | undefined) => writes.push(w);
  // Set-Cookie lines the browser refused to store (third-party cookies blocked, a domain the
  // response may not set), as the DevTools protocol reports them: they set nothing, and are left
  // out of the writes when the recording is read, once every response's report is in. The lines
  // hold values: kept in memory only, as `values` is.
  const refused = new Set<string>();
  const lineOf = new WeakMap<CookieWrite, string>();
  const cdp = await page.createCDPSession();
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    for (const blocked of event.blockedCookies) refused.add(blocked.cookieLine.trim());
  });
  await cdp.send('Network.enable').catch(() => undefined);
  const kept = () => writes.all().filter((w) => !refused.has(lineOf.get(w) ?? ''));

  const onRequest = (request: HTTPRequest) => {
    const top = request.isNavigationRequest() && request.frame() === page.mainFrame();
    if (top) navigation = { url: request.url(), at: Date.now() };
    if (options.network) started.set(request, Date.now());
    // Every other request of the page's frames, at the network layer: a page cannot hide one.
    const url = top || !observe ? '' : withoutQueryValues(request.url());
    if (url) {
      const script = initiatorScript(request);
      traces.push({ kind: 'request', url, type: requestType(request.resourceType()), ...(script ? { script } : {}), ...context() });
    }
  };
  const onDone = (request: HTTPRequest) => {
    const at = started.get(request);
    started.delete(request);
    if (at === undefined || entries.length >= MAX_ENTRIES) return;
    const response = request.response();
    entries.push({
      page: navigation.url,
      startedAt: at,
      timeMs: Date.now() - at,
      method: request.method(),
      url: request.url(),
      requestHeaders: request.headers(),
      resourceType: request.resourceType(),
      ...(response
        ? { status: response.status(), statusText: response.statusText(), responseHeaders: response.headers(), httpVersion: response.headers()[':status'] ? 'HTTP/2' : 'HTTP/1.1' }
        : { failed: request.failure()?.errorText ?? 'failed' }),
    });
  };

  const onResponse = (response: HTTPResponse) => {
    // Logged at its headers: a response whose body the page never reads may never say it finished.
    if (options.network) onDone(response.request());
    const setCookie = response.headers()['set-cookie'];
    if (!setCookie) return;
    for (const value of setCookieValues(setCookie)) values.add(value);
    // A frame's own document, or what a frame loaded: the frame is named beside the page.
    const request = response.request();
    const f = request.frame();
    const frame = f && f !== page.mainFrame() ? (request.resourceType() === 'document' ? response.url() : f.url()) : undefined;
    for (const line of setCookie.split('\n')) {
      for (const w of responseWrites(line, response.url(), { ...context(), ...(frame ? { frame } : {}) })) {
        lineOf.set(w, line.trim());
        push(w);
      }
    }
  };
  page.on('request', onRequest);
  page.on('response', onResponse);
  if (options.network) page.on('requestfailed', onDone);
  await page.exposeFunction(BINDING, (text: unknown) => {
    if (values.size < MAX_HOOKED_VALUES) for (const value of hookedValues(text)) values.add(value);
    const write = hookedWrite(text, context());
    if (write) push(write);
    else {
      // Storage writes; the hook's own list of requests is off here (the network layer sees them all).
      const trace = hookedTrace(text, context());
      if (observe && trace?.kind !== 'request') traces.push(trace);
    }
  });
  await page.evaluateOnNewDocument(hookCookieWrites, BINDING, false);

  return {
    reset() {
      writes.clear();
      traces.clear();
      entries = [];
      refused.clear();
      started.clear();
    },
    async recording(state) {
      if (!observe) return { writes: kept(), ...(state ? { state } : {}), coverage: { responses: true, scripts: true }, values: [...values, ...(await jarValues(page))] };
      // The recorder's own session, open for the page's life: no new one per audit.
      const storage = await heldStorage(page, cdp);
      for (const value of storage.values) values.add(value);
      return {
        writes: kept(), ...(state ? { state } : {}), coverage: { responses: true, scripts: true }, values: [...values, ...(await jarValues(page))],
        traces: traces.all(), held: storage.held, traceCoverage: { storage: true, requests: true, heldFrom: 'all-frames' },
      };
    },
    entries: () => [...entries],
    values: () => new Set(values),
    dispose() {
      page.off('request', onRequest);
      page.off('response', onResponse);
      page.off('requestfailed', onDone);
      void cdp.detach().catch(() => undefined);
    },
  };
}
