// Popup strings come from _locales (the browser's language decides); keys are checked at compile time.
import { browser } from '../src/browser/browser.ts';
import { countKey } from '../src/core/text/plural.ts';
import type { Language } from '../src/core/types.ts';
import type messages from '../_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

// The language of the words the browser picked from _locales, not its UI language: the two can
// differ (an English UI with French preferred), and one output speaks one language.
export const uiLanguage: Language = browser.i18n.getMessage('language') === 'fr' ? 'fr' : 'en';

/** A counted message in the plural form of the popup's language (see src/core/text/plural.ts). */
export function tn(key: MessageKey, n: number, ...more: string[]): string {
  return t(countKey(key, n, uiLanguage) as MessageKey, String(n), ...more);
}
