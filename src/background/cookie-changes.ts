// The badge follows cookie changes, and a hostile page fires one event per write, by the hundred
// thousand. The changed domains are gathered and handed on once writes pause (or every second under
// a flood), so tabs are listed once per batch, not per change. Past FLOOD_EVENTS changes in one
// batch, the background stops listening for DEAF_MS: every event is a task of the one worker all
// tabs share, and 200,000 of them held another portal's audit queued for 44 s in a scan. Changes
// missed meanwhile are unknown, so the resumed listener hands on "every tab".

export interface ChangedCookie {
  domain: string;
  hostOnly: boolean;
}

/** Domains with whether each was only ever host-only; `'all'`: changes were missed, audit every tab. */
export type CookieChanges = [domain: string, hostOnly: boolean][] | 'all';

export const SETTLE_MS = 400;
export const FLOOD_MS = 1_000;
export const FLOOD_EVENTS = 2_000;
export const DEAF_MS = 2_000;

type Timers = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;

/** `listen` subscribes and returns the unsubscribe; `changed` gets each batch. Returns a stop. */
export function followCookieChanges(listen: (on: (cookie: ChangedCookie) => void) => () => void, changed: (batch: CookieChanges) => void, timers: Timers = globalThis): () => void {
  const domains = new Map<string, boolean>();
  let missed = false;
  let count = 0;
  let settle: ReturnType<typeof setTimeout> | undefined;
  let flood: ReturnType<typeof setTimeout> | undefined;
  let deaf: ReturnType<typeof setTimeout> | undefined;
  let unlisten: (() => void) | undefined;

  const flush = () => {
    timers.clearTimeout(settle);
    timers.clearTimeout(flood);
    settle = flood = undefined;
    count = 0;
    // Never empty: a flush follows a change, or the missed ones.
    const batch: CookieChanges = missed ? 'all' : [...domains];
    domains.clear();
    missed = false;
    changed(batch);
  };
  const on = ({ domain, hostOnly }: ChangedCookie) => {
    if (!unlisten) return; // an event already on its way when the listener went
    domains.set(domain, domains.get(domain) === false ? false : hostOnly);
    timers.clearTimeout(settle);
    settle = timers.setTimeout(flush, SETTLE_MS);
    flood ??= timers.setTimeout(flush, FLOOD_MS);
    if (++count < FLOOD_EVENTS) return;
    stopListening();
    deaf = timers.setTimeout(() => {
      deaf = undefined;
      start();
      missed = true;
      flush();
    }, DEAF_MS);
  };
  const start = () => void (unlisten = listen(on));
  const stopListening = () => {
    const off = unlisten;
    unlisten = undefined;
    off?.();
  };
  start();
  return () => {
    stopListening();
    for (const timer of [settle, flood, deaf]) timers.clearTimeout(timer);
  };
}
