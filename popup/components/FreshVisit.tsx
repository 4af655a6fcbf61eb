import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/** Audit as a first visitor: asks first, since the portal's cookies are set aside meanwhile. */
export function FreshVisit({ cookies, done, allBack, onConfirm }: { cookies: number; done: boolean; allBack: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  // "Your cookies were put back" only when they all were; the restore note says which were not.
  if (done) return <p class="notice" role="note" data-fresh-visit>{t(allBack ? 'freshVisitDone' : 'freshVisitDoneUnrestored')}</p>;
  if (!asking) return <button type="button" id="fresh-visit" onClick={() => setAsking(true)}>{t('freshVisit')}</button>;
  return (
    <div class="confirm" role="group" aria-labelledby="fresh-visit-question">
      <p id="fresh-visit-question">{t('freshVisitConfirm', String(cookies))}</p>
      <div class="buttons">
        <button type="button" class="primary" id="fresh-visit-confirm" onClick={onConfirm}>{t('freshVisitGo')}</button>
        <button type="button" onClick={() => setAsking(false)}>{t('cancel')}</button>
      </div>
    </div>
  );
}
