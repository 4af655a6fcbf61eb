// After Allow, the popup the browser's prompt closed opens again on the tab that asked, once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOCUS_WAIT_MS, GRANT_REOPEN_MS, type ReopenDeps, reopenPopupAfterGrant, reopenPopupOn } from '../../src/background/reopen-popup.ts';
import { sessionKeys } from '../../src/storage-keys.ts';

const NOW = 1_000_000;

function world({ asked = { tabId: 7, at: NOW - 1_000 } as { tabId: number; at: number } | null, tab = { active: true, windowId: 3 } as { active: boolean; windowId?: number } | null, focused = true, popupOpen = false } = {}) {
  const store = new Map<string, unknown>(asked ? [[sessionKeys.grantAsked, asked]] : []);
  const opened: number[] = [];
  const listeners = new Set<(windowId: number) => void>();
  let windowFocused = focused;
  const deps: ReopenDeps = {
    session: {
      get: async (key) => (store.has(key) ? { [key]: store.get(key) } : {}),
      remove: async (key) => void store.delete(key),
    },
    popupOpen: async () => popupOpen,
    tab: async (tabId) => {
      if (!tab || tabId !== (asked?.tabId ?? 7)) throw new Error('No tab with id');
      return tab;
    },
    openPopup: async (windowId) => {
      // As Chrome: only in the focused window.
      if (!windowFocused) throw new Error('Cannot show popup for an inactive window.');
      opened.push(windowId);
    },
    onFocus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => NOW,
  };
  const focus = (windowId: number) => {
    windowFocused = windowId === tab?.windowId;
    for (const listener of [...listeners]) listener(windowId);
  };
  return { deps, store, opened, listeners, focus };
}

describe('the popup opened again after a grant', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('opens on the window of the tab that asked, and forgets the request', async () => {
    const w = world();
    expect(await reopenPopupAfterGrant(w.deps)).toBe('opened');
    expect(w.opened).toEqual([3]);
    expect(w.store.size).toBe(0);
  });

  it('opens after a grant asked up to two minutes ago, to the millisecond', async () => {
    expect(await reopenPopupAfterGrant(world({ asked: { tabId: 7, at: NOW - GRANT_REOPEN_MS } }).deps)).toBe('opened');
  });

  it('opens once when its window gets the focus twice', async () => {
    const w = world({ focused: false });
    const result = reopenPopupAfterGrant(w.deps);
    await vi.advanceTimersByTimeAsync(0);
    const listener = [...w.listeners][0]!;
    w.focus(3);
    listener(3);
    expect(await result).toBe('opened');
    await vi.advanceTimersByTimeAsync(0);
    expect(w.opened).toEqual([3]);
  });

  it('opens nothing when no popup asked, or when it asked too long ago', async () => {
    expect(await reopenPopupAfterGrant(world({ asked: null }).deps)).toBe('not-asked');
    const stale = world({ asked: { tabId: 7, at: NOW - GRANT_REOPEN_MS - 1 } });
    expect(await reopenPopupAfterGrant(stale.deps)).toBe('not-asked');
    expect(stale.opened).toEqual([]);
    expect(stale.store.size).toBe(0);
  });

  it('opens nothing when the tab that asked is closed or no longer in front', async () => {
    expect(await reopenPopupAfterGrant(world({ tab: null }).deps)).toBe('tab-gone');
    const behind = world({ tab: { active: false, windowId: 3 } });
    expect(await reopenPopupAfterGrant(behind.deps)).toBe('tab-gone');
    expect(behind.opened).toEqual([]);
  });

  it('waits for its window to get the focus back, ignoring other windows', async () => {
    const w = world({ focused: false });
    const result = reopenPopupAfterGrant(w.deps);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.opened).toEqual([]);
    w.focus(9);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.opened).toEqual([]);
    w.focus(3);
    expect(await result).toBe('opened');
    expect(w.opened).toEqual([3]);
    expect(w.listeners.size).toBe(0);
  });

  it('gives up when the focus does not come back in time, and stops listening', async () => {
    const w = world({ focused: false });
    const result = reopenPopupAfterGrant(w.deps);
    await vi.advanceTimersByTimeAsync(FOCUS_WAIT_MS);
    expect(await result).toBe('not-opened');
    expect(w.listeners.size).toBe(0);
    w.focus(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.opened).toEqual([]);
  });
});

describe('the popup opened again after Check consent', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('opens on the checked tab\'s window when the popup was lost on the way', async () => {
    const w = world({ asked: null });
    expect(await reopenPopupOn(w.deps, 7)).toBe('opened');
    expect(w.opened).toEqual([3]);
  });

  it('opens nothing when the popup is still open, or the tab is closed or behind', async () => {
    const open = world({ asked: null, popupOpen: true });
    expect(await reopenPopupOn(open.deps, 7)).toBe('already-open');
    expect(open.opened).toEqual([]);
    expect(await reopenPopupOn(world({ asked: null, tab: null }).deps, 7)).toBe('tab-gone');
    expect(await reopenPopupOn(world({ asked: null, tab: { active: false, windowId: 3 } }).deps, 7)).toBe('tab-gone');
  });

  it('opens where the browser cannot say whether a popup is open, and never on a tab with no window', async () => {
    const unsure = world({ asked: null });
    unsure.deps.popupOpen = async () => {
      throw new Error('runtime.getContexts is not a function');
    };
    expect(await reopenPopupOn(unsure.deps, 7)).toBe('opened');
    const windowless = world({ asked: null, tab: { active: true } });
    expect(await reopenPopupOn(windowless.deps, 7)).toBe('tab-gone');
    expect(windowless.opened).toEqual([]);
  });

  it('never waits for the focus: a user who went to another window is not interrupted later', async () => {
    const w = world({ asked: null, focused: false });
    expect(await reopenPopupOn(w.deps, 7)).toBe('not-opened');
    expect(w.listeners.size).toBe(0);
    w.focus(3);
    await vi.advanceTimersByTimeAsync(FOCUS_WAIT_MS);
    expect(w.opened).toEqual([]);
  });
});
