import { consentWords } from '../../src/core/consent/consent-words.ts';
import type { ConsentState } from '../../src/core/vocabulary/consent.ts';
import { t, uiLanguage } from '../i18n.ts';

/** What the managers' records among the portal's cookies say, so that trackers can be read against it. */
export function ConsentNote({ consent }: { consent: ConsentState | undefined }) {
  if (!consent) return null;
  return <p class="consent" data-consent={consent.status} data-manager={consent.status === 'no-choice' ? undefined : (consent.manager ?? 'opendatasoft')}>{consentWords(consent, t, uiLanguage)}</p>;
}
