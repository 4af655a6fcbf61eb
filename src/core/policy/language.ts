import type { Language } from '../types.ts';

const FRENCH = /\b(le|la|les|des|du|une|est|sont|vous|nous|pour|avec|cookies? (?:n[ée]cessaires|tiers)|finalit[ée]s?)\b/gi;
const ENGLISH = /\b(the|and|you|are|is|for|with|which|your|our|purposes?)\b/gi;

/** French or English, from a declared language tag when there is one, else from common words. */
export function detectLanguage(text: string, declared?: string): Language {
  const tag = declared?.trim().toLowerCase();
  if (tag?.startsWith('fr')) return 'fr';
  if (tag?.startsWith('en')) return 'en';
  const sample = text.slice(0, 200_000);
  const fr = sample.match(FRENCH)?.length ?? 0;
  const en = sample.match(ENGLISH)?.length ?? 0;
  return fr > en ? 'fr' : 'en';
}
