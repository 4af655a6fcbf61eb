import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/** The three consent states in this tab: asks first, since the portal's cookies are set aside meanwhile. */
export function ConsentCheck({ cookies, onConfirm }: { cookies: number; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" id="check-consent" onClick={() => setAsking(true)}>{t('checkConsent')}</button>;
  return (
    <div class="confirm" role="group" aria-labelledby="check-consent-question">
      <p id="check-consent-question">{t('checkConsentConfirm', String(cookies))}</p>
      <div class="buttons">
        <button type="button" class="primary" id="check-consent-confirm" onClick={onConfirm}>{t('checkConsentGo')}</button>
        <button type="button" onClick={() => setAsking(false)}>{t('cancel')}</button>
      </div>
    </div>
  );
}
