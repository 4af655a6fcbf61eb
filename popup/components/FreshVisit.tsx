import { t, tn } from '../i18n.ts';
import { ConfirmAction } from './ConfirmAction.tsx';

/** Audit as a first visitor: asks first, since the portal's cookies are set aside meanwhile. */
export function FreshVisit({ cookies, done, allBack, onConfirm }: { cookies: number; done: boolean; allBack: boolean; onConfirm(): void }) {
  // "Your cookies were put back" only when they all were; the restore note says which were not.
  if (done) return <p class="notice" role="note" data-fresh-visit>{t(allBack ? 'freshVisitDone' : 'freshVisitDoneUnrestored')}</p>;
  return <ConfirmAction id="fresh-visit" label={t('freshVisit')} question={tn('freshVisitConfirm', cookies)} note={t('evidenceAsk')} go={t('freshVisitGo')} onConfirm={onConfirm} />;
}
