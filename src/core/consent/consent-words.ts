// The consent state in words, the one place that turns its codes into a sentence: the popup and
// the reports both call it with their own lookup of the _locales messages.
import type en from '../../../_locales/en/messages.json';
import type { ConsentState } from '../vocabulary/consent.ts';
import { countKey } from '../text/plural.ts';
import type { Language } from '../types.ts';
import { managerLabel } from './manager-names.ts';

type Key = keyof typeof en;
export type Words = (key: Key, ...substitutions: string[]) => string;

export function consentWords(consent: ConsentState, t: Words, language: Language = 'en'): string {
  if (consent.status === 'no-choice') return t('consentNone');
  // Reports before schema 4 name no manager: their record was the platform's.
  const manager = managerLabel(consent.manager ?? 'opendatasoft');
  const others = consent.otherKeys ? `; ${t(countKey('consentOtherKeys', consent.otherKeys, language), String(consent.otherKeys))}` : '';
  if (consent.status === 'unreadable') {
    const why = consent.problem ? t(`consentProblem_${consent.problem.replace(/-/g, '_')}` as Key) : (consent.warning ?? '');
    return t('consentUnreadable', manager, why) + others;
  }
  const answers = Object.entries(consent.choices).map(([key, allowed]) => `${key} ${allowed ? '✓' : '✗'}`).join(', ');
  const choice = consent.choice ? `${t(`consentChoice_${consent.choice.replace(/-/g, '_')}` as Key)} (${answers})` : answers;
  return t('consentChosen', manager, choice) + others;
}
