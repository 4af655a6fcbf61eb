// The options page's access to the user's catalogues: one key per portal origin in storage.local.
import { localKeys } from '../src/storage-keys.ts';
import { browser } from '../src/browser/browser.ts';
import type { CatalogueOverride } from '../src/core/types.ts';

const key = localKeys.override;

export async function loadOverride(origin: string): Promise<CatalogueOverride | undefined> {
  return (await browser.storage.local.get(key(origin)))[key(origin)] as CatalogueOverride | undefined;
}

export async function saveOverride(override: CatalogueOverride): Promise<void> {
  await browser.storage.local.set({ [key(override.origin)]: override });
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
