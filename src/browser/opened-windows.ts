// A window or tab the checked page opens during Check consent: named at once, closed once the
// browser has settled it. Closed from its own tabs.onCreated, before the opener's window.open had
// returned, it froze the opener's renderer for good in Chromium 156 (the page, and the check
// waiting on it, never answered again).

export interface OpenedTab {
  id?: number;
  openerTabId?: number;
  pendingUrl?: string;
  url?: string;
}

interface Listenable<L> {
  addListener(listener: L): void;
  removeListener(listener: L): void;
}

export interface TabEvents {
  onCreated: Listenable<(tab: OpenedTab) => void>;
  onUpdated: Listenable<(tabId: number, change: { status?: string }) => void>;
  remove(tabId: number): Promise<void>;
}

/** A window that never reports a load (window.open() with no address) is closed after this. */
export const CLOSE_UNSETTLED_MS = 2_000;

/**
 * Watches the windows `openerTabId` opens: `opened` hears of each at once (its address, when the
 * browser knows it yet); each is closed when its first load ends, or after CLOSE_UNSETTLED_MS.
 * The returned stop() closes any still waiting.
 */
export function watchOpenedWindows(tabs: TabEvents, openerTabId: number, opened: (tab: OpenedTab) => void, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): () => void {
  const waiting = new Map<number, ReturnType<typeof setTimeout>>();
  const close = (id: number) => {
    if (!waiting.has(id)) return;
    timers.clearTimeout(waiting.get(id));
    waiting.delete(id);
    void tabs.remove(id).catch(() => undefined); // closed already
  };
  const created = (tab: OpenedTab) => {
    if (tab.openerTabId !== openerTabId || tab.id === undefined) return;
    const id = tab.id;
    opened(tab);
    waiting.set(id, timers.setTimeout(() => close(id), CLOSE_UNSETTLED_MS));
  };
  // Its blocked load's error page, or whatever it showed: window.open has long returned by then.
  const updated = (id: number, change: { status?: string }) => {
    if (change.status === 'complete') close(id);
  };
  tabs.onCreated.addListener(created);
  tabs.onUpdated.addListener(updated);
  return () => {
    tabs.onCreated.removeListener(created);
    tabs.onUpdated.removeListener(updated);
    for (const id of [...waiting.keys()]) close(id);
  };
}
