// Check consent closes the windows the checked page opens, only once the browser has settled them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_UNSETTLED_MS, type OpenedTab, type TabEvents, watchOpenedWindows } from '../../src/browser/opened-windows.ts';

function fakeTabs() {
  const created = new Set<(tab: OpenedTab) => void>();
  const updated = new Set<(id: number, change: { status?: string }) => void>();
  const removed: number[] = [];
  const tabs: TabEvents = {
    onCreated: { addListener: (l) => void created.add(l), removeListener: (l) => void created.delete(l) },
    onUpdated: { addListener: (l) => void updated.add(l), removeListener: (l) => void updated.delete(l) },
    remove: async (id) => {
      removed.push(id);
      if (id === 99) throw new Error('No tab with id: 99');
    },
  };
  return {
    tabs,
    removed,
    create: (tab: OpenedTab) => created.forEach((l) => l(tab)),
    update: (id: number, status?: string) => updated.forEach((l) => l(id, status ? { status } : {})),
    listeners: () => created.size + updated.size,
  };
}

describe('the windows a checked page opens', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('names a window the checked tab opens at once, and closes it only when its first load ends', () => {
    const world = fakeTabs();
    const seen: OpenedTab[] = [];
    watchOpenedWindows(world.tabs, 7, (tab) => seen.push(tab));
    world.create({ id: 12, openerTabId: 7, pendingUrl: 'https://elsewhere.example/' });
    expect(seen).toEqual([{ id: 12, openerTabId: 7, pendingUrl: 'https://elsewhere.example/' }]);
    // Not from its own creation event: that froze the opener in Chromium.
    expect(world.removed).toEqual([]);
    world.update(12, 'loading');
    world.update(12);
    expect(world.removed).toEqual([]);
    world.update(12, 'complete');
    expect(world.removed).toEqual([12]);
    world.update(12, 'complete');
    vi.advanceTimersByTime(CLOSE_UNSETTLED_MS);
    expect(world.removed).toEqual([12]);
  });

  it('leaves the tabs other tabs open, and the user\'s own, alone', () => {
    const world = fakeTabs();
    const seen: OpenedTab[] = [];
    watchOpenedWindows(world.tabs, 7, (tab) => seen.push(tab));
    world.create({ id: 13, openerTabId: 8 });
    world.create({ id: 14 });
    // A tab the browser gave no id (devtools, say) cannot be closed: not named either.
    world.create({ openerTabId: 7 });
    world.update(13, 'complete');
    world.update(14, 'complete');
    vi.advanceTimersByTime(CLOSE_UNSETTLED_MS);
    expect(seen).toEqual([]);
    expect(world.removed).toEqual([]);
  });

  it('closes a window that never reports a load after a while, and one still waiting when the check ends', () => {
    const world = fakeTabs();
    const stop = watchOpenedWindows(world.tabs, 7, () => {});
    world.create({ id: 15, openerTabId: 7 });
    vi.advanceTimersByTime(CLOSE_UNSETTLED_MS - 1);
    expect(world.removed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(world.removed).toEqual([15]);
    world.create({ id: 16, openerTabId: 7 });
    stop();
    expect(world.removed).toEqual([15, 16]);
    // Stopped: nothing heard, nothing closed any more.
    expect(world.listeners()).toBe(0);
    vi.advanceTimersByTime(CLOSE_UNSETTLED_MS);
    expect(world.removed).toEqual([15, 16]);
  });

  it('takes a window the user closed first in its stride', async () => {
    const world = fakeTabs();
    watchOpenedWindows(world.tabs, 7, () => {});
    world.create({ id: 99, openerTabId: 7 });
    world.update(99, 'complete');
    await vi.runAllTimersAsync();
    expect(world.removed).toEqual([99]);
  });
});
