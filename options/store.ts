// The options page's access to the user's catalogues: one key per portal origin in storage.local.
import { localKeys } from '../src/storage-keys.ts';
import { browser } from '../src/browser/browser.ts';
import type { CatalogueEntry, CatalogueOverride } from '../src/core/types.ts';
import type { PageCatalogue } from '../src/audit/page-catalogue.ts';

const key = localKeys.override;

export async function loadOverride(origin: string): Promise<CatalogueOverride | undefined> {
  return (await browser.storage.local.get(key(origin)))[key(origin)] as CatalogueOverride | undefined;
}

export async function saveOverride(override: CatalogueOverride): Promise<void> {
  await browser.storage.local.set({ [key(override.origin)]: override });
}

/** The catalogue audits of `origin` use now: the user's own, else the one read from the portal (its policy, or the default), else none known yet. */
export async function loadInForce(origin: string): Promise<{ from: 'user' | 'portal' | 'default' | 'none'; entries: CatalogueEntry[]; override?: CatalogueOverride }> {
  const override = await loadOverride(origin);
  if (override) return { from: 'user', entries: override.entries, override };
  const cached = (await browser.storage.local.get(localKeys.catalogue(origin)))[localKeys.catalogue(origin)] as PageCatalogue | undefined;
  if (!cached || !Array.isArray(cached.entries)) return { from: 'none', entries: [] };
  return { from: cached.source.kind === 'default' ? 'default' : 'portal', entries: cached.entries };
}

/** Back to the portal's own policy, fetched afresh on the next audit. */
export async function resetOverride(origin: string): Promise<void> {
  await browser.storage.local.remove([key(origin), localKeys.catalogue(origin)]);
}

export async function knownOrigins(): Promise<string[]> {
  const all = await browser.storage.local.get(null);
  return Object.keys(all).filter((k) => k.startsWith(localKeys.overridePrefix)).map((k) => k.slice(localKeys.overridePrefix.length)).sort();
}

/** Reading a policy on another site needs access to it: asked in the click that wants it. */
export function requestOrigin(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [`${new URL(url).origin}/*`] });
}
