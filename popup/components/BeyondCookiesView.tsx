import type { BeyondCookies } from '../../src/core/trackers/tracker-types.ts';
import { categoryWords } from '../../src/core/consent/journey-words.ts';
import { t, tn } from '../i18n.ts';

/**
 * What a recorded visit (*Fresh visit*) showed beyond cookies: the web-storage keys its frames held
 * or were written, and the organisations its requests reached, each against the policy. Names and
 * addresses without query values only: never a stored value.
 */
export function BeyondCookiesView({ beyond }: { beyond: BeyondCookies | undefined }) {
  if (!beyond) return null;
  const missing = [!beyond.coverage.storage ? t('beyondStorage') : '', !beyond.coverage.requests ? t('beyondOrganisations') : ''].filter(Boolean);
  const trackingOrgs = beyond.contacts.filter((c) => c.category !== 'unknown');
  return (
    <section class="beyond-cookies" id="beyond-cookies" aria-labelledby="beyond-title">
      <h2 id="beyond-title">{t('beyondTitle')}</h2>
      {missing.length > 0 && <p class="notice" role="note">{t('beyondNotRecorded', missing.join(', '))}</p>}
      {beyond.storage.length === 0 && trackingOrgs.length === 0 ? <p class="muted">{t('beyondNone')}</p> : null}
      {beyond.storage.length > 0 && (
        <>
          <h3>{t('beyondStorage')}</h3>
          <ul class="beyond-list">
            {beyond.storage.map((s) => (
              <li key={`${s.area} ${s.origin} ${s.name}`} data-storage={s.name} data-area={s.area} class={s.pattern ? undefined : s.tracker ? 'undeclared' : undefined}>
                <code>{s.name}</code> <span class="muted">{s.area}</span>{' '}
                {s.pattern ? <span>{t('beyondDeclared')}</span> : <strong>{t('beyondUndeclared')}</strong>}
                {s.tracker ? <> · {t('beyondTracker')}</> : null}
                {s.organisation ? <> · {s.organisation}</> : null}
                {s.writtenBy ? <div class="muted">{t('beyondWrittenBy', s.writtenBy)}</div> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {trackingOrgs.length > 0 && (
        <>
          <h3>{t('beyondOrganisations')}</h3>
          <ul class="beyond-list">
            {trackingOrgs.map((o) => (
              <li key={o.organisation} data-organisation={o.organisation} class={o.tracking && !o.declared ? 'undeclared' : undefined}>
                <strong>{o.organisation}</strong> <span class="muted">{categoryWords(o.category, t)}</span>{' '}
                {o.declared ? t('beyondDeclared') : o.tracking ? <strong>{t('beyondUndeclaredThirdParty')}</strong> : t('beyondUndeclared')}
                <div class="muted">{t('beyondCountTo', tn('beyondRequests', o.count), '')}<code>{o.firstUrl}</code></div>
              </li>
            ))}
          </ul>
        </>
      )}
      {beyond.coverage.heldFrom === 'granted-frames' && <p class="muted">{t('beyondHeldOnlyGranted')}</p>}
      <p class="muted">{t('beyondNotObserved')}</p>
    </section>
  );
}
