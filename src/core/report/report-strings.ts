// Report wording comes from the extension's own _locales, bundled, so reports written by the CLI
// and by the popup read the same in French and English.
import en from '../../../_locales/en/messages.json';
import fr from '../../../_locales/fr/messages.json';
import type { Language } from '../types.ts';

export type ReportKey = keyof typeof en;
type Messages = Record<string, { message: string }>;
const MESSAGES: Record<Language, Messages> = { en, fr };

export function reportText(language: Language): (key: ReportKey, ...substitutions: string[]) => string {
  const messages = MESSAGES[language];
  return (key, ...substitutions) => (messages[key]?.message ?? key).replace(/\$(\d)/g, (_m, n: string) => substitutions[Number(n) - 1] ?? '');
}
