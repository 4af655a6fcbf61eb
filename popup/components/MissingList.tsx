import { whenSet } from '../../src/core/catalogue/when-set.ts';
import type { EntryFinding } from '../../src/core/types.ts';
import { t, type MessageKey } from '../i18n.ts';

export function MissingList({ entries }: { entries: EntryFinding[] }) {
  return (
    <section class="group neutral" id="missing" aria-labelledby="missing-title">
      <h2 id="missing-title">
        {t('groupMissing')} <span class="badge">{entries.length}</span>
      </h2>
      {entries.length > 0 && <p class="hint">{t('groupMissingHint')}</p>}
      {entries.length === 0 ? (
        <p class="muted">{t('emptyMissing')}</p>
      ) : (
        <ul class="rows">
          {entries.map(({ entry }) => {
            const when = whenSet(entry);
            const by = [entry.provider, entry.service].filter(Boolean).join(' · ');
            return (
              <li class="row" data-pattern={entry.pattern} key={`${entry.pattern}|${entry.provider ?? ''}`}>
                <div class="row-head">
                  <code class="name">{entry.pattern}</code>
                </div>
                {(by || entry.purpose) && (
                  <p class="declared">
                    {by && <span class="by">{by}</span>}
                    {by && entry.purpose && ' — '}
                    {entry.purpose}
                  </p>
                )}
                {when && <p class="when">{t(`when_${when.replace(/-/g, '_')}` as MessageKey)}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
