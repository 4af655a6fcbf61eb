// A count in words: the message of its plural form in the reader's language. Chrome's i18n has no
// plurals, so a counted message has a `<key>_one` sibling in _locales, taken where the language's
// rule says "one" (1 in English; 0 and 1 in French).
import type { Language } from '../types.ts';

export function countKey<K extends string>(key: K, n: number, language: Language): K | `${K}_one` {
  return new Intl.PluralRules(language).select(n) === 'one' ? `${key}_one` : key;
}
