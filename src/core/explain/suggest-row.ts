// A ready-to-paste policy row for an undeclared cookie, in the portal's own table layout.
import type { CatalogueField, Language } from '../types.ts';
import type { Explanation } from './explain-cookie.ts';

/** The older Opendatasoft layout, for portals whose policy could not be read. */
export const DEFAULT_LAYOUT: CatalogueField[] = ['provider', 'service', 'name', 'purpose'];

const CATEGORY_WORDS: Record<Language, Record<string, string>> = {
  fr: { analytics: "Mesure d'audience", marketing: 'Publicité', functional: 'Fonctionnel', security: 'Sécurité', necessary: 'Nécessaire', personalization: 'Personnalisation' },
  en: { analytics: 'Audience measurement', marketing: 'Advertising', functional: 'Functional', security: 'Security', necessary: 'Necessary', personalization: 'Personalisation' },
};

export function suggestPolicyRow(cookieName: string, explanation: Explanation | undefined, layout: readonly CatalogueField[], language: Language): string[] {
  const name = explanation?.matchedBy === 'prefix' ? `${explanation.name}*` : cookieName;
  const category = explanation ? (CATEGORY_WORDS[language][explanation.category.toLowerCase()] ?? explanation.category) : '';
  const todo = language === 'fr' ? 'À compléter' : 'To be completed';
  const cells: Record<CatalogueField, string> = {
    name,
    provider: explanation?.controller || explanation?.platform || todo,
    service: explanation ? `${explanation.platform} (${category})` : todo,
    purpose: explanation?.description ?? todo,
    lifetime: explanation?.retention ?? todo,
    category,
  };
  return layout.map((field) => cells[field]);
}
