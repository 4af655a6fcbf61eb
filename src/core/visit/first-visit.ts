// A first visit, defined once for every path that audits one (*Fresh visit*, the plain scan, and
// the journeys of *Check consent* and `scan --journeys`): what the portal stored in this browser
// set aside (its cookies and its web storage), the page loaded, its network quiet, then a moment
// for the timers its scripts set. Each path has its own driver for the primitives; the order and
// the times are here, and nowhere else.

/** Every wait of a visit, in milliseconds. */
export const VISIT_TIMING = {
  /** The network is quiet once no new request has started for this long. */
  quietIdleMs: 500,
  /** The longest a page may keep its network busy (polling, streaming) before the visit goes on anyway. */
  quietCapMs: 15_000,
  /**
   * Once the network is quiet, what the page's scripts may still set on a timer. Analytics loaded
   * seconds after `load`, after the portal's own API calls, are waited for by the quiet before it.
   */
  settleMs: 1_500,
  /** The same on the further pages of a journey: the state is made, the pages only add what they load. */
  nextPageSettleMs: 500,
  /** Before a choice: a consent dialog is drawn on load, and shows once the network is quiet. */
  dialogMs: 300,
  /** After a click, the moment in which what it sets off (a script's redirect, a submission) is still caught. */
  choiceRecordMs: 500,
} as const;

export type LoadOutcome = 'complete' | 'timeout' | 'closed';

/** What differs between a tab in the extension and a page in a scan, for a visit. */
export interface VisitDriver {
  /** Sets aside what the portal stored in this browser: its cookies and its web storage. */
  clean(): Promise<void>;
  /** Loads `url` (the first time, or again) and says how that ended. */
  load(url: string): Promise<LoadOutcome>;
  /** Waits until no new request has started for VISIT_TIMING.quietIdleMs, at most `capMs`. */
  quiet(capMs: number): Promise<void>;
  /** Waits `ms`. */
  pause(ms: number): Promise<void>;
}

/** Lets the page finish: its network quiet (at most `capMs`), then `ms` for its timers. */
export async function settle(driver: Pick<VisitDriver, 'quiet' | 'pause'>, ms: number, capMs: number = VISIT_TIMING.quietCapMs): Promise<void> {
  await driver.quiet(Math.max(0, capMs));
  await driver.pause(ms);
}

/** A first visit of `url`: set aside, loaded, quiet, settled for `settleMs`. */
export async function firstVisit(driver: VisitDriver, url: string, settleMs: number = VISIT_TIMING.settleMs, capMs?: number): Promise<LoadOutcome> {
  await driver.clean();
  const loaded = await driver.load(url);
  if (loaded !== 'closed') await settle(driver, settleMs, capMs);
  return loaded;
}
