// The registrable domain through tldts, where its size does not matter (Node: the CLI, the scan,
// the tests). The extension's background reads the same list as data instead (public-suffix.ts).
import { getDomain } from 'tldts';
import { type SiteLookup, useSiteLookup } from './party.ts';

export const tldtsSite: SiteLookup = (host) => getDomain(host, { allowPrivateDomains: true });

/** Node's entry points call this once, before anything reads a cookie domain. */
export function useTldts(): void {
  useSiteLookup(tldtsSite);
}
