import type { Category } from '../types.ts';
import { fold } from './blocks.ts';

// Most specific first: "cookies tiers de mesure d'audience" are statistics before they are third-party.
const CATEGORY_WORDS: [Category, RegExp][] = [
  ['statistics', /statisti|analyti|mesure d.audience|audience measurement|web analytics|performance/],
  ['advertising', /publicit|advertis|marketing|ciblage|targeting|reseaux sociaux|social media/],
  ['necessary', /necessaire|necessary|essentiel|essential|strictement|strictly|indispensable|techniques?\b/],
  ['functional', /fonctionnel|functional|functionality|fonctionnalite|preference/],
  ['third-party', /\btiers\b|third[- ]party|tierce/],
];

/** The category a heading or section label names, if it names one. */
export function categoryOf(text: string): Category | undefined {
  const folded = fold(text);
  if (!/cookie|traceur|tracker|categor|type/.test(folded) && folded.length > 40) return undefined;
  for (const [category, words] of CATEGORY_WORDS) if (words.test(folded)) return category;
  return undefined;
}
