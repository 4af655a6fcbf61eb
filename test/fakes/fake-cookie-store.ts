// A mutable in-memory cookie store with the API's remove and set, as browsers apply them: set
// builds the cookie from its details (so a detail lost on the way shows), remove matches on
// name, URL, store and partition. `refuse` makes set reject, as a browser does for a cookie it
// will not take; `drop` makes it resolve to null without storing, as Chrome's callback may.
import type { CookieWriter } from '../../src/jar/cookie-writes.ts';
import type { Cookie } from '../../src/core/types.ts';
import { fakeCookies } from './fake-cookies.ts';

export interface FakeCookieStore {
  cookies: Cookie[];
  api: ReturnType<typeof fakeCookies>;
  writer: CookieWriter;
  /** Names set makes fail, by rejecting or by answering null. */
  refuse: Set<string>;
  drop: Set<string>;
  /** Called before each write, to interleave events (a tab closing, a worker dying) with them. */
  beforeWrite?: (kind: 'remove' | 'set', details: Record<string, unknown>) => void | Promise<void>;
}

const sameScope = (c: Cookie, d: Record<string, unknown>) =>
  (c.storeId ?? '0') === ((d.storeId as string | undefined) ?? '0') &&
  (c.partitionKey?.topLevelSite ?? '') === ((d.partitionKey as { topLevelSite?: string } | undefined)?.topLevelSite ?? '') &&
  (c.firstPartyDomain ?? '') === ((d.firstPartyDomain as string | undefined) ?? '');

export function fakeCookieStore(initial: Cookie[]): FakeCookieStore {
  const cookies = initial.map((c) => ({ ...c }));
  const store: FakeCookieStore = {
    cookies,
    api: fakeCookies(cookies),
    refuse: new Set(),
    drop: new Set(),
    writer: {
      async remove(details) {
        await store.beforeWrite?.('remove', details);
        const url = new URL(String(details.url));
        const i = cookies.findIndex((c) => c.name === details.name && c.domain.replace(/^\./, '') === url.hostname && url.pathname.startsWith(c.path) && sameScope(c, details));
        if (i >= 0) cookies.splice(i, 1);
        return i >= 0 ? { name: details.name } : null;
      },
      async set(details) {
        await store.beforeWrite?.('set', details);
        const name = String(details.name);
        if (store.refuse.has(name)) throw new Error(`Failed to parse or set cookie named "${name}".`);
        if (store.drop.has(name)) return null;
        const url = new URL(String(details.url));
        const cookie: Cookie = {
          name,
          value: String(details.value ?? ''),
          domain: typeof details.domain === 'string' ? details.domain : url.hostname,
          path: String(details.path ?? '/'),
          hostOnly: typeof details.domain !== 'string',
          secure: details.secure === true,
          httpOnly: details.httpOnly === true,
          sameSite: (details.sameSite as Cookie['sameSite']) ?? 'unspecified',
          session: details.expirationDate === undefined,
          ...(details.expirationDate !== undefined ? { expirationDate: details.expirationDate as number } : {}),
          ...(details.storeId ? { storeId: details.storeId as string } : {}),
          ...(details.partitionKey ? { partitionKey: details.partitionKey as Cookie['partitionKey'] } : {}),
          ...(details.firstPartyDomain !== undefined ? { firstPartyDomain: details.firstPartyDomain as string } : {}),
        };
        const i = cookies.findIndex((c) => c.name === name && c.domain === cookie.domain && c.path === cookie.path && sameScope(c, details));
        if (i >= 0) cookies.splice(i, 1, cookie);
        else cookies.push(cookie);
        return cookie;
      },
    },
  };
  return store;
}

/** The jar as it must come back, every field that makes a cookie itself, in a stable order. */
export function jarSnapshot(cookies: readonly Cookie[]): string[] {
  return cookies
    .map((c) => JSON.stringify([c.name, c.value, c.domain, c.path, c.hostOnly, c.secure === true, c.httpOnly === true, c.sameSite ?? 'unspecified', c.session === true, c.expirationDate ?? null, c.storeId ?? null, c.partitionKey ?? null, c.firstPartyDomain ?? null]))
    .sort();
}
