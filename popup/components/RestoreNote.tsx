import type { RestoreView } from '../../src/messages.ts';
import { t } from '../i18n.ts';

interface Props {
  restore: RestoreView | undefined;
  onRestore(forget: boolean): void;
}

/** What became of the cookies a fresh visit set aside: names of those not put back, never values. */
export function RestoreNote({ restore, onRestore }: Props) {
  if (!restore) return null;
  if (restore.failed.length === 0) {
    return restore.recovered ? <p class="notice" role="status" data-restore-recovered>{t('restoreRecovered')}</p> : null;
  }
  return (
    <div class="restore-failed" role="alert" data-restore-failed>
      <p><strong>{t('restoreFailedTitle', String(restore.failed.length))}</strong></p>
      {restore.recovered && <p>{t('restoreRecovered')}</p>}
      <ul>{restore.failed.map((name) => <li key={name}><code>{name}</code></li>)}</ul>
      <p>{t('restoreFailedBody')}</p>
      <div class="buttons">
        <button type="button" class="primary" id="restore-retry" onClick={() => onRestore(false)}>{t('restoreRetry')}</button>
        <button type="button" id="restore-forget" onClick={() => onRestore(true)}>{t('restoreForget')}</button>
      </div>
    </div>
  );
}
