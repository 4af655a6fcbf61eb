import type { AuditDiff } from '../../src/core/report/history.ts';
import { t, uiLanguage } from '../i18n.ts';

/** What changed since the last audit of this portal the user saw. */
export function ChangeNote({ diff }: { diff: AuditDiff | null | undefined }) {
  if (!diff || (diff.added.length === 0 && diff.gone.length === 0)) return null;
  const when = new Date(diff.previousAt).toLocaleString(uiLanguage === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
  return (
    <div class="changes" role="note">
      {diff.added.length > 0 && <p class="new">{t('historyNew', when, diff.added.map((c) => c.name).join(', '))}</p>}
      {diff.gone.length > 0 && <p>{t('historyGone', diff.gone.map((c) => c.name).join(', '))}</p>}
    </div>
  );
}
