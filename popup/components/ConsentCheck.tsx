import { t, tn } from '../i18n.ts';
import { ConfirmAction } from './ConfirmAction.tsx';

/** The three consent states in this tab: asks first, since the portal's cookies are set aside meanwhile. */
export function ConsentCheck({ cookies, onConfirm }: { cookies: number; onConfirm(): void }) {
  return <ConfirmAction id="check-consent" label={t('checkConsent')} question={tn('checkConsentConfirm', cookies)} note={t('evidenceAsk')} go={t('checkConsentGo')} onConfirm={onConfirm} />;
}
