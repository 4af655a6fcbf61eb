// The Public Suffix List in the extension: a file of the build (data/public-suffix.json), read once
// when the background starts, instead of tldts' code in the bundle (a cold service worker paid
// for evaluating it on every popup open). Until it is read, the background's handlers wait.
import { useSiteLookup } from '../core/audit/party.ts';
import { readSuffixData, registrableDomain, suffixList } from '../core/audit/public-suffix.ts';
import { browser } from './browser.ts';

let loading: Promise<void> | undefined;

/** Resolves once cookie domains can be told apart; never rejects (a broken file makes each audit say so). */
export function loadPublicSuffixes(): Promise<void> {
  loading ??= fetch(browser.runtime.getURL('data/public-suffix.json'))
    .then((response) => response.json())
    .then((data: unknown) => {
      const found = readSuffixData(data);
      if (!found) throw new Error('malformed');
      const list = suffixList(found);
      useSiteLookup((host) => registrableDomain(host, list));
    })
    .catch(() => {
      useSiteLookup(() => {
        throw new Error("The extension's public suffix list (data/public-suffix.json) could not be read: reinstall the add-on.");
      });
    });
  return loading;
}
