// Who set each cookie, in the extension: for the length of a Fresh visit or Check consent only, the
// tab's responses' Set-Cookie lines (webRequest, an optional permission, asked at that moment) and
// the page hook's reports of scripts' writes (a main-world script registered meanwhile, removed
// after). Values are dropped as each write is read (src/core/evidence/cookie-writes.ts); those met
// are kept in memory only, to be removed from the addresses the report keeps.
import type { JourneyState } from '../core/consent/journey-state.ts';
import type { Recording } from '../core/evidence/cookie-setters.ts';
import { type CookieWrite, hookedWrite, responseWrites, setCookieValues } from '../core/evidence/cookie-writes.ts';
import { WriteLog } from '../core/evidence/write-log.ts';
import { hookedWindow } from '../core/evidence/hooked-window.ts';
import { MAX_HOOKED_VALUES, TraceLog, hookedTrace, hookedValues } from '../core/trackers/traces.ts';

/** A response of the tab that set cookies, as webRequest saw it. */
export interface SeenResponse {
  url: string;
  /** Its Set-Cookie lines, one per line. */
  setCookie: string;
  /** The tab's own document (its address is the page's from now on). */
  mainFrame: boolean;
  /** The frame's document, for a frame's response. */
  frame?: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** What the recorder needs of the browser (see src/browser/auditor-deps.ts). */
export interface EvidenceDeps {
  /**
   * Evidence: calls `on` with each response of the tab that sets cookies (webRequest, an optional
   * permission), until the returned function is called; undefined when the permission is not granted.
   */
  watchSetCookies?(tabId: number, on: (response: SeenResponse) => void): Promise<(() => void) | undefined>;
  /**
   * Evidence: the page hook (src/page/hook-cookie-writes.ts) in every frame of pages loaded from now
   * on, with its relay; resolves to its removal, or undefined when it cannot be registered.
   */
  hookCookieWrites?(): Promise<(() => Promise<void>) | undefined>;
  now(): number;
}

export interface TabRecording {
  /** The tab is being taken to `url` now: times are counted from here. */
  navigating(url: string): void;
  /** Forget the writes so far (a new journey state). */
  reset(): void;
  /** The addresses of the windows the page asked for since the last reset (the popup blocker may have stopped them). */
  windowsAsked(): readonly string[];
  /** The writes so far; `before`: the cookies there when the visit started. */
  recording(state?: JourneyState, before?: { name: string; domain: string }[]): Recording;
  stop(): Promise<void>;
}

/** The recordings running now, by tab: the hook's reports go to their tab's, or nowhere. */
export class EvidenceRecorders {
  private readonly byTab = new Map<number, (text: unknown) => void>();
  private hooks = 0;
  private unhook: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(private readonly deps: EvidenceDeps) {}

  /** A hook's report from a tab's page (the relay's message). */
  pageWrite(tabId: number, text: unknown): void {
    this.byTab.get(tabId)?.(text);
  }

  async start(tabId: number, pageUrl: string): Promise<TabRecording> {
    const writes = new WriteLog();
    const traces = new TraceLog();
    const values = new Set<string>();
    const windows: string[] = [];
    let nav = { url: pageUrl, at: this.deps.now() };
    const push = (w: CookieWrite | undefined) => writes.push(w);
    const onResponse = (r: SeenResponse) => {
      if (r.mainFrame) nav = { url: r.url, at: nav.at };
      for (const value of setCookieValues(r.setCookie)) values.add(value);
      for (const w of responseWrites(r.setCookie, r.url, { page: nav.url, afterMs: r.at - nav.at, ...(r.frame ? { frame: r.frame } : {}) })) push(w);
    };
    this.byTab.set(tabId, (text) => {
      const asked = hookedWindow(text);
      if (asked !== undefined) return void (windows.length < 100 && windows.push(asked));
      const context = { page: nav.url, afterMs: this.deps.now() - nav.at };
      if (values.size < MAX_HOOKED_VALUES) for (const value of hookedValues(text)) values.add(value);
      const write = hookedWrite(text, context);
      // Not a cookie's: a storage write, or a request the page's Resource Timing listed.
      if (write) push(write);
      else traces.push(hookedTrace(text, context));
    });
    const unwatch = await this.deps.watchSetCookies?.(tabId, onResponse).catch(() => undefined);
    const hooked = await this.hook();
    const coverage = {
      responses: unwatch !== undefined,
      scripts: hooked,
      ...(unwatch === undefined || !hooked ? { note: [unwatch === undefined ? 'network access (webRequest) not granted' : '', hooked ? '' : 'scripts cannot be registered in this browser'].filter(Boolean).join('; ') } : {}),
    };
    return {
      navigating: (url) => void (nav = { url, at: this.deps.now() }),
      reset: () => {
        writes.clear();
        traces.clear();
        windows.length = 0;
      },
      windowsAsked: () => windows,
      recording: (state, before) => ({
        writes: writes.all(), ...(state ? { state } : {}), ...(before ? { before } : {}), coverage, values: [...values],
        // The hook sees storage writes and the requests of the frames it runs in: the granted sites'.
        traces: traces.all(), traceCoverage: { storage: hooked, requests: hooked, heldFrom: 'granted-frames' },
      }),
      stop: async () => {
        this.byTab.delete(tabId);
        unwatch?.();
        if (hooked) await this.unhookOnce();
      },
    };
  }

  /** The page hook stays registered while any tab records. */
  private async hook(): Promise<boolean> {
    if (!this.deps.hookCookieWrites) return false;
    this.hooks++;
    this.unhook ??= this.deps.hookCookieWrites().catch(() => undefined);
    if (await this.unhook) return true;
    this.hooks--;
    if (this.hooks === 0) this.unhook = undefined;
    return false;
  }

  private async unhookOnce(): Promise<void> {
    if (--this.hooks > 0) return;
    const unhook = this.unhook;
    this.unhook = undefined;
    await (await unhook)?.();
  }
}
