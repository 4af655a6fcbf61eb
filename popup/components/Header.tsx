import type { TabAudit } from '../../src/messages.ts';
import { sourceText } from '../../src/core/report/report-text.ts';
import { peopleDate } from '../../src/core/text/people-date.ts';
import { openOptions, requestOrigins } from '../api.ts';
import { type MessageKey, t, tn, uiLanguage } from '../i18n.ts';

interface Props {
  state: Extract<TabAudit, { kind: 'ready' }>;
  onRefresh(rereadPolicy: boolean): void;
}

/** The portal's host and where the catalogue came from. */
export function Header({ state, onRefresh }: Props) {
  const { audit, portal, catalogueWarnings } = state;
  // The audit carries its catalogue's source; the background always sets it.
  const source = audit.catalogueSource!;
  return (
    <header class="header">
      <div class="title-row">
        <h1 title={audit.pageUrl}>{audit.host}</h1>
        <div class="actions">
          <button type="button" onClick={() => onRefresh(false)}>{t('refresh')}</button>
          {portal.isPortal && <button type="button" onClick={() => onRefresh(true)}>{t('rereadPolicy')}</button>}
        </div>
      </div>
      {!portal.isPortal && <p class="notice" role="note">{t('notPortalNotice')}</p>}
      <p class="source" data-source={source.kind}>
        {source.kind === 'portal' ? (
          <>
            {t('sourcePortal')}{' '}
            <a href={source.url} target="_blank" rel="noreferrer noopener">{source.url}</a>
          </>
        ) : (
          sourceText(source, t, (iso) => peopleDate(iso, uiLanguage))
        )}{' '}
        <button type="button" class="link" onClick={() => void openOptions(audit.pageUrl)}>{t('editCatalogue')}</button>
      </p>
      {source.kind === 'default' && source.reason === 'no-permission' && source.origins && (
        <button type="button" onClick={() => {
          // In the click itself: permission prompts need the user's gesture.
          void requestOrigins(source.origins!).then((granted) => granted && onRefresh(true));
        }}>
          {t('grantPolicyButton', source.origins.map((o) => new URL(o.replace('/*', '/')).host).join(', '))}
        </button>
      )}
      {portal.isPortal && portal.signals.length > 0 && (
        <details class="signals" data-signals={portal.signals.join(' ')}>
          <summary>{tn('recognisedBy', portal.signals.length)}</summary>
          <ul>{portal.signals.map((signal) => <li key={signal}>{t(`signal_${signal.replace(/-/g, '_')}` as MessageKey)}</li>)}</ul>
          {portal.platformHost && <p data-platform-host>{t('platformHost', portal.platformHost)}</p>}
        </details>
      )}
      {catalogueWarnings.length > 0 && (
        <details class="warnings">
          <summary>{t('catalogueWarnings', String(catalogueWarnings.length))}</summary>
          <ul>{catalogueWarnings.map((w) => <li>{w}</li>)}</ul>
        </details>
      )}
    </header>
  );
}
