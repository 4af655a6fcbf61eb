// Cookies the page wrote that the jar no longer holds when the page is audited: a tracker written
// after a refusal and deleted a moment later (tarteaucitron purges a refused service's cookies on
// every load) was still written, and a real tag would already have sent its hit. The jar at the end
// cannot show it; the recorder's writes do. Pure: writes in, cookies "written then removed" out.
import { siteOf } from '../audit/party.ts';
import type { Party } from '../types.ts';
import type { CookieWrite } from './cookie-writes.ts';
import { setterOf, writeAsSetter } from './cookie-setters.ts';
import type { CookieSetter } from './setter-types.ts';

export interface RemovedCookie {
  name: string;
  domain: string;
  party: Party;
  /** The page it was written on. */
  page: string;
  /** The write that set it. */
  setBy: CookieSetter;
  /** The write that removed it, when one was seen (else it expired or went by a way not recorded). */
  removedBy?: CookieSetter;
  /** Milliseconds between the write and its removal, when both were on the same page. */
  removedAfterMs?: number;
}

const bare = (domain: string) => domain.replace(/^\./, '').toLowerCase();
const keyOf = (c: { name: string; domain: string }) => `${c.name}\u0000${bare(c.domain)}`;

/**
 * The cookies `writes` set that `jar` (the cookies the audit found) does not hold. Only the writes
 * that count are handed in (after the choice, for a choice's state); a cookie whose last write is a
 * new value is not "removed" unless the jar lacks it.
 */
export function removedWrites(writes: readonly CookieWrite[], jar: readonly { name: string; domain: string }[], pageHost: string): RemovedCookie[] {
  const held = new Set(jar.map(keyOf));
  const site = siteOf(pageHost);
  const out: RemovedCookie[] = [];
  const done = new Set<string>();
  for (const [i, w] of writes.entries()) {
    const key = keyOf(w);
    if (w.removal || held.has(key) || done.has(key)) continue;
    done.add(key);
    const removal = writes.slice(i + 1).find((r) => r.removal && keyOf(r) === key);
    const removedBy = removal ? writeAsSetter(removal, 1) : undefined;
    out.push({
      name: w.name,
      domain: bare(w.domain),
      party: siteOf(bare(w.domain)) === site ? 'first' : 'third',
      page: w.page,
      setBy: setterOf(w, writes.slice(i), new Set()),
      ...(removedBy ? { removedBy } : {}),
      ...(removal && removal.page === w.page ? { removedAfterMs: Math.max(0, removal.afterMs - w.afterMs) } : {}),
    });
  }
  return out;
}
