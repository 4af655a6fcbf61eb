// Popup strings come from _locales (the browser's language decides); keys are checked at compile time.
import { browser } from '../src/browser/browser.ts';
import type { Language } from '../src/core/types.ts';
import type messages from '../_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

export const uiLanguage: Language = browser.i18n.getUILanguage().toLowerCase().startsWith('fr') ? 'fr' : 'en';
