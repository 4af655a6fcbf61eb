import { humanLifetime } from '../../src/core/report/duration.ts';
import type { CookieFinding } from '../../src/core/types.ts';
import { CAUTIONS } from '../../src/core/checks/compliance-checks.ts';
import { checkRemedy, checkWords } from '../../src/core/checks/check-words.ts';
import { t, uiLanguage } from '../i18n.ts';
import { setterText } from '../../src/core/report/report-text.ts';
import { SuggestedRow } from './SuggestedRow.tsx';

function lifetime(c: CookieFinding): string {
  if (c.session || c.expirationDate === undefined) return t('lifetimeSession');
  const human = humanLifetime(c, new Date(), uiLanguage);
  return human === 'expired' || human === 'expiré' ? t('lifetimeExpired') : t('lifetimeExpires', human);
}

/** One cookie: what it is, what the policy says of it, its attributes. Never its value. */
export function CookieRow({ cookie: c }: { cookie: CookieFinding }) {
  const entry = c.entry;
  const declaredBy = entry && [entry.provider, entry.service].filter(Boolean).join(' · ');
  return (
    <li class="row" data-name={c.name} data-status={c.status}>
      <div class="row-head">
        <code class="name">{c.name}</code>
        {entry && entry.pattern !== c.name && <span class="pattern">{t('matchesPattern', entry.pattern)}</span>}
        <span class={`chip ${c.party}`}>{t(c.party === 'first' ? 'partyFirst' : 'partyThird')}</span>
      </div>
      {entry && (declaredBy || entry.purpose) && (
        <p class="declared">
          {declaredBy && <span class="by">{declaredBy}</span>}
          {declaredBy && entry.purpose && ' — '}
          {entry.purpose}
        </p>
      )}
      {c.checks && c.checks.length > 0 && (
        <ul class="checks">
          {c.checks.map((id) => (
            // A caution may be lawful under conditions the audit cannot see: told apart from defects.
            <li data-check={id} class={CAUTIONS.has(id) ? 'caution' : undefined}>
              {CAUTIONS.has(id) ? 'ⓘ' : '⚠'} {checkWords(id, t)}
              <span class="remedy">{t('remedyLine', checkRemedy(id, t))}</span>
            </li>
          ))}
        </ul>
      )}
      {c.explanation && (
        <p class="explanation" title={t('explanationHint')}>
          {t('explanationLikely', c.explanation.platform, c.explanation.category, c.explanation.description)}
        </p>
      )}
      {c.setBy && (
        // What set it, in a few words; the full address, the time and the count on demand.
        <details class="set-by" data-set-by={c.setBy.how}>
          <summary>{c.setBy.how === 'before-visit' || c.setBy.how === 'not-seen' ? setterText(c.setBy, t) : t('setByShow', setterText(c.setBy, t, { short: true }))}</summary>
          <p>{setterText(c.setBy, t)}</p>
        </details>
      )}
      {c.suggestedRow && <SuggestedRow cells={c.suggestedRow} />}
      <ul class="attrs" aria-label={t('attributesLabel', c.name)}>
        <li class="where">{c.domain}{c.path}</li>
        <li class={c.httpOnly ? 'yes' : 'no'}>{t(c.httpOnly ? 'attrHttpOnly' : 'attrNotHttpOnly')}</li>
        <li class={c.secure ? 'yes' : 'no'}>{t(c.secure ? 'attrSecure' : 'attrNotSecure')}</li>
        <li>{t('attrSameSite', t(`sameSite_${c.sameSite}`))}</li>
        <li class="lifetime">{lifetime(c)}</li>
        {c.partition && <li>{t('partitioned', c.partition)}</li>}
      </ul>
    </li>
  );
}
