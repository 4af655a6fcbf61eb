import { JOURNEY_STATES } from '../../src/core/consent/consent-matrix.ts';
import type { ConsentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { findingRemedy, findingWords, stateWords } from '../../src/core/consent/journey-words.ts';
import { isAutoconsent, managerLabel } from '../../src/core/consent/manager-names.ts';
import { type MessageKey, t, uiLanguage } from '../i18n.ts';

const stateLabel = (state: string) => t(`state_${state.replace(/-/g, '_')}` as MessageKey);

const managerName = (id: string) => managerLabel(id, (name) => t('consentManagerByRule', name));


/**
 * The consent matrix of "Check consent": which consent manager was used, how each state was
 * reached (through the dialog, or set directly), each cookie against the three states, the findings.
 * When a state could not be reached through the dialog, the user may set the choice directly.
 */
export function ConsentMatrixView({ matrix, onSetDirectly }: { matrix: ConsentMatrix | undefined; onSetDirectly?(): void }) {
  if (!matrix) return null;
  const others = matrix.managers?.present.filter((m) => m !== matrix.managers?.drove) ?? [];
  const failed = matrix.states.some((s) => s.state !== 'no-choice' && !s.reached);
  // A manager known only from an autoconsent rule has no record the auditor knows how to write.
  const settable = !isAutoconsent(matrix.managers?.drove ?? '');
  return (
    <section class="consent-matrix" id="consent-matrix" aria-labelledby="consent-matrix-title">
      <h2 id="consent-matrix-title">{t('consentMatrixTitle')}</h2>
      <p class="muted" data-managers>
        {matrix.managers?.drove ? t('consentManagerUsed', managerName(matrix.managers.drove)) : matrix.managers?.unknownDialog ? '' : t('consentManagerNone')}
        {matrix.managers?.unknownDialog ? ` ${t('consentManagerUnknown', matrix.managers.unknownDialog)}` : ''}
        {others.length > 0 ? ` ${t('consentManagerAlso', others.map(managerName).join(', '))}` : ''}
      </p>
      <ul class="consent-states">
        {matrix.states.filter((s) => s.state !== 'no-choice').map((s) => (
          <li key={s.state} data-state={s.state} data-reached={String(s.reached)} data-via={s.via ?? ''}>
            <strong>{stateLabel(s.state)}</strong>: {s.reached ? (s.via === 'direct' ? t('consentSetDirectly') : t('consentThroughDialog')) : t('consentStateNotReached')}
            {s.controls?.length ? <> ({s.controls.map((c) => `« ${c} »`).join(', ')})</> : null} <span class="muted">{stateWords(s, t)}</span>
          </li>
        ))}
      </ul>
      {failed && settable && onSetDirectly && (
        <p><button type="button" id="check-consent-direct" onClick={onSetDirectly}>{t('consentSetDirectlyButton')}</button> <span class="muted">{t('consentSetDirectlyWhy')}</span></p>
      )}
      {matrix.rows.length > 0 && <p class="muted" data-matrix-scope>{t('consentMatrixScope')}</p>}
      {matrix.rows.length === 0 ? <p class="muted">{t('consentMatrixNone')}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('consentMatrixCookie')}</th>
              {matrix.states.map((s) => <th scope="col" key={s.state} title={stateWords(s, t)}>{stateLabel(s.state)}{s.reached ? '' : ` (${t('consentStateNotReached')})`}</th>)}
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
          {matrix.findings.map((f, i) => (
            <li key={i} data-finding={f.id} class={f.severity}>
              {f.severity === 'defect' ? '⚠ ' : f.severity === 'caution' ? 'ⓘ ' : ''}{findingWords(f, t, stateLabel, uiLanguage)}
              <span class="remedy">{t('remedyLine', findingRemedy(f, t, matrix.managers?.drove ? managerName(matrix.managers.drove) : undefined))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
