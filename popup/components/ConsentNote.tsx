import type { ConsentState } from '../../src/core/consent/read-consent.ts';
import { t } from '../i18n.ts';

/** What the portal's consent cookie records, so that trackers can be read against it. */
export function ConsentNote({ consent }: { consent: ConsentState | undefined }) {
  if (!consent) return null;
  const text =
    consent.status === 'no-choice'
      ? t('consentNone')
      : consent.status === 'unreadable'
        ? t('consentUnreadable', consent.warning)
        : t('consentChosen', Object.entries(consent.choices).map(([key, allowed]) => `${key} ${allowed ? '✓' : '✗'}`).join(', '));
  return <p class="consent" data-consent={consent.status}>{text}</p>;
}
