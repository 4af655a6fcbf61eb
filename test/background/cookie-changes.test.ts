// The badge follows cookie changes without letting a page that floods them hold the background.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ChangedCookie, type CookieChanges, DEAF_MS, FLOOD_EVENTS, FLOOD_MS, SETTLE_MS, followCookieChanges } from '../../src/background/cookie-changes.ts';

function source() {
  const listeners = new Set<(cookie: ChangedCookie) => void>();
  let subscriptions = 0;
  return {
    listen(on: (cookie: ChangedCookie) => void) {
      subscriptions++;
      listeners.add(on);
      return () => void listeners.delete(on);
    },
    fire: (domain: string, hostOnly = true) => listeners.forEach((l) => l({ domain, hostOnly })),
    listening: () => listeners.size > 0,
    subscriptions: () => subscriptions,
  };
}

describe('cookie changes, as the badge follows them', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('hands on each changed domain once, when writes pause, with whether it was only ever host-only', () => {
    const cookies = source();
    const batches: CookieChanges[] = [];
    followCookieChanges(cookies.listen, (b) => batches.push(b));
    cookies.fire('portal.example.fr');
    cookies.fire('.example.fr', false);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    cookies.fire('portal.example.fr', false);
    cookies.fire('.example.fr', true);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(batches).toEqual([[['portal.example.fr', false], ['.example.fr', false]]]);
    vi.advanceTimersByTime(10 * FLOOD_MS);
    expect(batches).toHaveLength(1);
  });

  it('hands on a batch every second while writes never pause', () => {
    const cookies = source();
    const batches: CookieChanges[] = [];
    followCookieChanges(cookies.listen, (b) => batches.push(b));
    for (let ms = 0; ms < 3 * FLOOD_MS; ms += 100) {
      cookies.fire('busy.example.fr');
      vi.advanceTimersByTime(100);
    }
    expect(batches).toHaveLength(3);
    expect(batches.every((b) => b !== 'all' && b.length === 1)).toBe(true);
  });

  it('stops listening to a flood, then listens again and hands on "every tab", since what changed meanwhile is unknown', () => {
    const cookies = source();
    const batches: CookieChanges[] = [];
    followCookieChanges(cookies.listen, (b) => batches.push(b));
    for (let i = 0; i < FLOOD_EVENTS - 1; i++) cookies.fire('flood.example.fr');
    expect(cookies.listening()).toBe(true);
    cookies.fire('flood.example.fr');
    expect(cookies.listening()).toBe(false);
    // The flood's own batch still comes, on time.
    vi.advanceTimersByTime(FLOOD_MS);
    expect(batches).toEqual([[['flood.example.fr', true]]]);
    vi.advanceTimersByTime(DEAF_MS - FLOOD_MS);
    expect(cookies.listening()).toBe(true);
    expect(cookies.subscriptions()).toBe(2);
    expect(batches).toEqual([[['flood.example.fr', true]], 'all']);
    // Quiet again: back to batches of domains.
    cookies.fire('calm.example.fr');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(batches.at(-1)).toEqual([['calm.example.fr', true]]);
  });

  it('counts a flood per batch: as many writes spread over calm seconds never stop it listening', () => {
    const cookies = source();
    followCookieChanges(cookies.listen, () => {});
    for (let batch = 0; batch < 4; batch++) {
      for (let i = 0; i < FLOOD_EVENTS / 2; i++) cookies.fire('busy.example.fr');
      vi.advanceTimersByTime(SETTLE_MS);
    }
    expect(cookies.listening()).toBe(true);
    expect(cookies.subscriptions()).toBe(1);
  });

  it('ignores an event already on its way when it stopped, and stops for good when told', () => {
    const cookies = source();
    const batches: CookieChanges[] = [];
    const stop = followCookieChanges((on) => {
      const off = cookies.listen(on);
      // As the browser: events sent before the unsubscription still arrive.
      return () => {
        off();
        on({ domain: 'late.example.fr', hostOnly: true });
      };
    }, (b) => batches.push(b));
    for (let i = 0; i < FLOOD_EVENTS; i++) cookies.fire('flood.example.fr');
    vi.advanceTimersByTime(FLOOD_MS);
    expect(batches).toEqual([[['flood.example.fr', true]]]);
    stop();
    vi.advanceTimersByTime(10 * DEAF_MS);
    expect(cookies.listening()).toBe(false);
    expect(batches).toHaveLength(1);
  });
});
