// An in-memory `cookies.getAll` that behaves like the browsers we target, quirks included.
import type { CookiesApi } from '../../src/jar/cookie-jar.ts';
import type { Cookie } from '../../src/core/types.ts';

export type BrowserFlavour = 'chrome' | 'chrome-118' | 'firefox-fpi';

export function fakeCookies(cookies: Cookie[], flavour: BrowserFlavour = 'chrome'): CookiesApi & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    async getAll(details) {
      calls.push(details);
      if (flavour === 'chrome-118' && 'partitionKey' in details) throw new Error('Error in invocation of cookies.getAll(): Unexpected property: \'partitionKey\'.');
      if (flavour === 'firefox-fpi' && !('firstPartyDomain' in details)) throw new Error("First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set.");
      const domain = String(details.domain ?? '').toLowerCase();
      return cookies.filter((c) => {
        const d = c.domain.replace(/^\./, '').toLowerCase();
        if (domain && d !== domain && !d.endsWith(`.${domain}`)) return false;
        if ((c.storeId ?? '0') !== ((details.storeId as string | undefined) ?? '0')) return false;
        if (c.partitionKey && !('partitionKey' in details)) return false;
        return true;
      });
    },
  };
}
