import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AuditorApi, TabAudit } from '../../src/messages.ts';
import { ChangeNote } from './ChangeNote.tsx';
import { ConsentNote } from './ConsentNote.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { FreshVisit } from './FreshVisit.tsx';
import { ConsentCheck } from './ConsentCheck.tsx';
import { ConsentMatrixView } from './ConsentMatrixView.tsx';
import { BeyondCookiesView } from './BeyondCookiesView.tsx';
import { BeyondMatrixView } from './BeyondMatrixView.tsx';
import { RestoreNote } from './RestoreNote.tsx';
import { ThirdPartySites } from './ThirdPartySites.tsx';
import { t } from '../i18n.ts';
import { CookieList } from './CookieList.tsx';
import { Header } from './Header.tsx';
import { MissingList } from './MissingList.tsx';
import { Summary } from './Summary.tsx';
import { cookieMatchesFilter, entryMatchesFilter } from './filter.ts';

interface Props {
  state: Extract<TabAudit, { kind: 'ready' }>;
  api: AuditorApi;
  tabId: number;
  onRefresh(rereadPolicy: boolean): void;
  onFreshVisit(): void;
  onRestore(forget: boolean): void;
  onCheckConsent(direct?: boolean): void;
}

export function AuditView({ state, api, tabId, onRefresh, onFreshVisit, onRestore, onCheckConsent }: Props) {
  const [filter, setFilter] = useState('');
  // The benchmark reads this mark: popup opened to audit on screen.
  useEffect(() => void performance.mark('audit-rendered'), [state]);
  const { audit } = state;
  const query = filter.trim().toLowerCase();
  const cookies = useMemo(() => audit.cookies.filter((c) => cookieMatchesFilter(c, query)), [audit, query]);
  const missing = useMemo(() => audit.entries.filter((e) => e.status === 'missing' && entryMatchesFilter(e.entry, query)), [audit, query]);
  const undeclared = cookies.filter((c) => c.status === 'undeclared');
  const declared = cookies.filter((c) => c.status === 'declared');
  const nothing = query && cookies.length === 0 && missing.length === 0;

  return (
    <>
      <Header state={state} onRefresh={onRefresh} />
      <RestoreNote restore={state.restore} onRestore={onRestore} />
      {/* The verdict and Export first, in reach without scrolling; what explains them below. */}
      <Summary summary={audit.summary} />
      <div class="visit-actions">
        <FreshVisit cookies={audit.summary.firstParty} done={state.freshVisit === true} allBack={!state.restore?.failed.length} onConfirm={onFreshVisit} />
        {state.portal.isPortal && !state.consentCheck && <ConsentCheck cookies={audit.summary.firstParty} onConfirm={() => onCheckConsent()} />}
      </div>
      <ExportPanel api={api} tabId={tabId} />
      <ConsentMatrixView matrix={state.consentCheck} onSetDirectly={() => onCheckConsent(true)} />
      <BeyondMatrixView matrix={state.consentCheck} />
      <ChangeNote diff={state.diff} />
      <ConsentNote consent={audit.consent} />
      {audit.evidence && !audit.evidence.responses && <p class="notice" role="note" data-evidence-note>{t('evidenceNoResponses')}</p>}
      <div class="filter">
        <label for="filter">{t('filterLabel')}</label>
        <input id="filter" type="search" value={filter} placeholder={t('filterPlaceholder')} autocomplete="off" onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      {nothing && <p role="status" class="muted">{t('filterNoMatch', filter.trim())}</p>}
      <CookieList id="undeclared" tone="bad" title={t('groupUndeclared')} hint={t('groupUndeclaredHint')} empty={t('emptyUndeclared')} cookies={undeclared} />
      <CookieList id="declared" tone="good" title={t('groupDeclared')} empty={t('emptyDeclared')} cookies={declared} />
      <MissingList entries={missing} />
      {/* After Check consent, the matrix shows storage and organisations per state; otherwise the visit's own. */}
      {!state.consentCheck?.storageRows && <BeyondCookiesView beyond={audit.beyondCookies} />}
      <ThirdPartySites view={state.thirdParty} onGranted={() => onRefresh(false)} />
    </>
  );
}
