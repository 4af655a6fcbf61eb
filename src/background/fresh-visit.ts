// The fresh visit as a transaction. The user's cookies (a `sessionid` is a login) are written to
// storage.session before the first one is removed, and leave it only once every one is back, read
// back from the browser. A background that dies mid-visit finds them there when it starts again.
// One visit per cookie jar at a time: two visits of one portal would set aside an emptied jar.
import { sessionKeys } from '../storage-keys.ts';
import { cookieKey } from '../core/audit/audit-jar.ts';
import { siteOf } from '../core/audit/party.ts';
import type { Cookie } from '../core/types.ts';
import type { RestoreView } from '../messages.ts';
import { type CookiesApi, readCookieJar } from '../jar/cookie-jar.ts';
import { type CookieWriter, removeDetails, setDetails } from '../jar/cookie-writes.ts';

/** The slice of storage.session the journal needs: it survives a restarted service worker. */
export interface SessionArea {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every stored key that starts with `prefix`. */
  keys(prefix: string): Promise<string[]>;
}

/** What the journal keeps of one visit, values included: it never leaves the browser. */
export interface SetAsideJar {
  /** The tab the visit ran in: its next audit says what became of the cookies. */
  tabId: number;
  host: string;
  storeId?: string;
  startedAt: number;
  /** `set-aside` while the visit runs, or when it was cut short; `unrestored` once a restore left some out. */
  phase: 'set-aside' | 'unrestored';
  /** Every saved cookie while set aside; only those still missing once unrestored. */
  cookies: Cookie[];
}

export interface FreshVisitDeps {
  session: SessionArea;
  cookies: CookiesApi;
  cookieWriter: CookieWriter;
  now(): number;
}

const JOURNAL = sessionKeys.freshVisitPrefix;
const RECOVERED = 'fresh-visit-recovered:';

/** Cookies of a host and its parent domains overlap with its siblings': one lock per site and store. */
export function jarKey(host: string, storeId?: string): string {
  return `${storeId ?? 'default'}|${siteOf(host) || host}`;
}

export class FreshVisitJournal {
  /** Jars whose visit runs in this background now; one left in storage without being here was cut short. */
  private readonly running = new Set<string>();
  private recovery: Promise<void> | undefined;

  constructor(private readonly deps: FreshVisitDeps) {}

  isRunning(host: string, storeId?: string): boolean {
    return this.running.has(jarKey(host, storeId));
  }

  /** Is a visit running in this tab (events from it must not audit a half-emptied jar)? */
  async runningInTab(tabId: number): Promise<boolean> {
    for (const key of this.running) if ((await this.record(key))?.tabId === tabId) return true;
    return false;
  }

  /**
   * Sets the jar aside, runs `visit` with it emptied, and puts it back whatever happens.
   * Resolves to undefined when a visit of the same jar runs already.
   */
  async run<T>(tabId: number, host: string, storeId: string | undefined, visit: () => Promise<T>): Promise<{ value: T | undefined; error?: unknown; restore: RestoreView } | undefined> {
    await this.recoverOnce();
    const key = jarKey(host, storeId);
    if (this.running.has(key)) return undefined;
    this.running.add(key);
    try {
      const earlier = await this.record(key);
      // Cookies an earlier restore could not put back stay set aside until the user retries or
      // forgets them: a new visit would otherwise mix them with this jar.
      if (earlier) return { value: undefined, restore: { failed: names(earlier.cookies), recovered: false } };
      const saved = await readCookieJar(this.deps.cookies, { host, ...(storeId ? { storeId } : {}) });
      const journal: SetAsideJar = { tabId, host, ...(storeId ? { storeId } : {}), startedAt: this.deps.now(), phase: 'set-aside', cookies: saved };
      await this.deps.session.set(JOURNAL + key, journal);
      let value: T | undefined;
      let error: unknown;
      try {
        await Promise.allSettled(saved.map((c) => this.deps.cookieWriter.remove(removeDetails(c))));
        value = await visit();
      } catch (thrown) {
        error = thrown;
      }
      const failed = await this.restore(key, journal);
      return { value, ...(error !== undefined ? { error } : {}), restore: { failed, recovered: false } };
    } finally {
      this.running.delete(key);
    }
  }

  /** Restores every jar a visit left set aside (a background that died mid-visit), once per start. */
  recoverOnce(): Promise<void> {
    this.recovery ??= this.recover().catch(() => undefined);
    return this.recovery;
  }

  private async recover(): Promise<void> {
    for (const storageKey of await this.deps.session.keys(JOURNAL)) {
      const key = storageKey.slice(JOURNAL.length);
      const journal = await this.record(key);
      if (!journal || journal.phase !== 'set-aside' || this.running.has(key)) continue;
      const failed = await this.restore(key, journal);
      await this.deps.session.set(RECOVERED + journal.tabId, { failed, recovered: true } satisfies RestoreView);
    }
  }

  /** Tries again to put back what a restore left out; `forget` drops them instead, at the user's word. */
  async retry(host: string, storeId: string | undefined, forget = false): Promise<RestoreView | undefined> {
    await this.recoverOnce();
    const key = jarKey(host, storeId);
    const journal = await this.record(key);
    if (!journal) return undefined;
    if (this.running.has(key)) return { failed: names(journal.cookies), recovered: false };
    if (forget) {
      await this.deps.session.remove(JOURNAL + key);
      return { failed: [], recovered: false };
    }
    return { failed: await this.restore(key, journal), recovered: false };
  }

  /** What the tab's next audit must say: cookies still set aside for its jar, or a recovery after a restart. */
  async pending(tabId: number, host: string, storeId?: string): Promise<RestoreView | undefined> {
    await this.recoverOnce();
    const recovered = await this.deps.session.get<RestoreView>(RECOVERED + tabId);
    if (recovered) await this.deps.session.remove(RECOVERED + tabId);
    const key = jarKey(host, storeId);
    const journal = this.running.has(key) ? undefined : await this.record(key);
    const failed = journal?.phase === 'unrestored' ? names(journal.cookies) : [];
    if (!recovered && failed.length === 0) return undefined;
    return { failed, recovered: recovered !== undefined };
  }

  private record(key: string): Promise<SetAsideJar | undefined> {
    return this.deps.session.get<SetAsideJar>(JOURNAL + key);
  }

  /**
   * Removes what the visit set, puts the saved cookies back and checks them in the browser. The
   * journal goes once all are back; otherwise it keeps only the missing ones. Returns their names.
   */
  private async restore(key: string, journal: SetAsideJar): Promise<string[]> {
    const { cookies: api, cookieWriter } = this.deps;
    const request = { host: journal.host, ...(journal.storeId ? { storeId: journal.storeId } : {}) };
    if (journal.phase === 'set-aside') {
      // Every cookie the visit left goes, those named like the user's too: a saved cookie the
      // browser refuses must leave a gap, not the fresh visit's value under the user's name.
      const fresh = await readCookieJar(api, request).catch(() => []);
      await Promise.allSettled(fresh.map((c) => cookieWriter.remove(removeDetails(c))));
    }
    // A cookie that expired meanwhile is gone for the user anyway; setting it would only delete it.
    const nowSeconds = this.deps.now() / 1000;
    const live = journal.cookies.filter((c) => c.session || c.expirationDate === undefined || c.expirationDate > nowSeconds);
    const results = await Promise.allSettled(live.map((c) => cookieWriter.set(setDetails(c))));
    // A resolved set is no proof (Chrome answers null when it refuses a cookie): read them back.
    const back = new Map((await readCookieJar(api, request).catch(() => [])).map((c) => [cookieKey(c), c]));
    const missing = live.filter((c, i) => {
      const result = results[i]!;
      return result.status === 'rejected' || result.value === null || back.get(cookieKey(c))?.value !== c.value;
    });
    if (missing.length === 0) await this.deps.session.remove(JOURNAL + key);
    else await this.deps.session.set(JOURNAL + key, { ...journal, phase: 'unrestored', cookies: missing } satisfies SetAsideJar);
    return names(missing);
  }
}

function names(cookies: readonly Cookie[]): string[] {
  return [...new Set(cookies.map((c) => c.name))].sort();
}
