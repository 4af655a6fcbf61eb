import { JOURNEY_STATES } from '../../src/core/consent/consent-matrix.ts';
import type { ConsentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { categoryWords } from '../../src/core/consent/journey-words.ts';
import { type MessageKey, t } from '../i18n.ts';

const stateLabel = (state: string) => t(`state_${state.replace(/-/g, '_')}` as MessageKey);

/**
 * Beside the cookies' matrix after *Check consent*: each web-storage key and each organisation the
 * page reached, against the three states (an organisation's cell counts its requests; the first
 * address, query values dropped, is the cell's title). Organisations third-party-web does not know
 * stay in the reports only.
 */
export function BeyondMatrixView({ matrix }: { matrix: ConsentMatrix | undefined }) {
  if (!matrix?.storageRows || !matrix.organisationRows) return null;
  const organisations = matrix.organisationRows.filter((o) => o.category !== 'unknown');
  return (
    <section class="consent-matrix beyond-cookies" id="beyond-cookies" aria-labelledby="beyond-title">
      <h2 id="beyond-title">{t('beyondTitle')}</h2>
      {matrix.storageRows.length === 0 && organisations.length === 0 ? <p class="muted">{t('beyondNone')}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('matrixStorageKey')} / {t('matrixOrganisation')}</th>
              {matrix.states.map((s) => <th scope="col" key={s.state}>{stateLabel(s.state)}</th>)}
            </tr>
          </thead>
          <tbody>
            {matrix.storageRows.map((r) => (
              <tr key={`${r.area} ${r.origin} ${r.name}`} data-storage={r.name} data-area={r.area} class={r.pattern ? undefined : 'undeclared'}>
                <th scope="row"><code>{r.name}</code> <span class="muted">{r.area}{r.organisation ? ` · ${r.organisation}` : ''}</span></th>
                {JOURNEY_STATES.map((s) => <td key={s} data-state={s}>{r.firstSeen[s] ? '●' : '–'}</td>)}
              </tr>
            ))}
            {organisations.map((o) => (
              <tr key={o.organisation} data-organisation={o.organisation} class={o.tracking && !o.declared ? 'undeclared' : undefined}>
                <th scope="row">{o.organisation} <span class="muted">{categoryWords(o.category, t)}</span></th>
                {JOURNEY_STATES.map((s) => <td key={s} data-state={s} title={o.requests[s]?.firstUrl}>{o.requests[s] ? String(o.requests[s]!.count) : '–'}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted">{t('beyondNotObserved')}</p>
    </section>
  );
}
