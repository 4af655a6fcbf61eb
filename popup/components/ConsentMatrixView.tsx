import { JOURNEY_STATES } from '../../src/core/consent/consent-matrix.ts';
import type { ConsentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { type MessageKey, t } from '../i18n.ts';

const stateLabel = (state: string) => t(`state_${state.replace(/-/g, '_')}` as MessageKey);

/** The consent matrix of "Check consent": each cookie against the three states, then the findings. */
export function ConsentMatrixView({ matrix }: { matrix: ConsentMatrix | undefined }) {
  if (!matrix) return null;
  return (
    <section class="consent-matrix" id="consent-matrix" aria-labelledby="consent-matrix-title">
      <h2 id="consent-matrix-title">{t('consentMatrixTitle')}</h2>
      {matrix.rows.length === 0 ? <p class="muted">{t('consentMatrixNone')}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('consentMatrixCookie')}</th>
              {matrix.states.map((s) => <th scope="col" key={s.state} title={s.how}>{stateLabel(s.state)}{s.reached ? '' : ` (${t('consentStateNotReached')})`}</th>)}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((r) => (
              <tr key={`${r.name} ${r.domain}`} data-name={r.name} class={r.pattern ? undefined : 'undeclared'}>
                <th scope="row"><code>{r.name}</code></th>
                {JOURNEY_STATES.map((s) => <td key={s} data-state={s}>{r.firstSeen[s] ? '●' : '–'}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {matrix.findings.length > 0 && (
        <ul class="findings">
          {matrix.findings.map((f, i) => <li key={i} data-finding={f.id} class={f.severity}>{f.severity === 'defect' ? '⚠ ' : f.severity === 'caution' ? 'ⓘ ' : ''}{f.detail}</li>)}
        </ul>
      )}
    </section>
  );
}
