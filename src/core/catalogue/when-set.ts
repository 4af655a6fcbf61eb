// When a declared cookie is normally set, so that "declared but not seen" reads as expected on an
// anonymous visit (no `sessionid` before login) rather than as a stale declaration.
import { fold } from '../policy/blocks.ts';
import type { CatalogueEntry } from '../types.ts';

export type WhenSet = 'login' | 'back-office' | 'language-switch' | 'consent' | 'form';

// What the Opendatasoft platform itself does, whatever a policy's wording.
const PLATFORM: [RegExp, WhenSet][] = [
  [/^sessionid$/, 'login'],
  [/^csrftoken$/, 'form'],
  [/^django_language$/, 'language-switch'],
  [/^cookies_preferences$/, 'consent'],
  [/^_BEAMER/, 'back-office'],
];

// What a declaration's own words say.
const WORDING: [RegExp, WhenSet][] = [
  [/authentif|login|log-in|connexion|se connecter|sign[- ]in|identifi/, 'login'],
  [/prefer\w* .*cookie|cookie.* prefer|consent/, 'consent'],
  [/langue|language/, 'language-switch'],
  [/(?<!front (?:et|and) )back[- ]office|administration|backoffice/, 'back-office'],
  [/csrf|formulaire|form\b/, 'form'],
];

export function whenSet(entry: CatalogueEntry): WhenSet | undefined {
  for (const [pattern, when] of PLATFORM) if (pattern.test(entry.pattern)) return when;
  const words = fold(`${entry.service ?? ''} ${entry.purpose ?? ''}`);
  for (const [pattern, when] of WORDING) if (pattern.test(words)) return when;
  return undefined;
}
