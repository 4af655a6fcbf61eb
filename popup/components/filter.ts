import type { CatalogueEntry, CookieFinding } from '../../src/core/types.ts';

function hit(query: string, ...fields: (string | undefined)[]): boolean {
  return !query || fields.some((f) => f?.toLowerCase().includes(query));
}

export function cookieMatchesFilter(c: CookieFinding, query: string): boolean {
  return hit(query, c.name, c.domain, c.entry?.pattern, c.entry?.provider, c.entry?.service, c.entry?.purpose);
}

export function entryMatchesFilter(e: CatalogueEntry, query: string): boolean {
  return hit(query, e.pattern, e.provider, e.service, e.purpose);
}
