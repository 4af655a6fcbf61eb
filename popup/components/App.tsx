import { useEffect, useState } from 'preact/hooks';
import type { AuditorApi, TabAudit } from '../../src/messages.ts';
import { type MessageKey, t } from '../i18n.ts';
import { requestResponseEvidence, watchConsentProgress } from '../api.ts';
import { AuditView } from './AuditView.tsx';
import { RestoreNote } from './RestoreNote.tsx';
import { StateMessage } from './StateMessage.tsx';

interface Props {
  api: AuditorApi;
  tabId: Promise<number | undefined>;
  requestOrigins(origins: string[], forTab?: number): Promise<boolean>;
}

type View = { kind: 'loading' } | TabAudit;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App({ api, tabId, requestOrigins }: Props) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [id, setId] = useState<number>();
  const [refused, setRefused] = useState(false);
  const [progress, setProgress] = useState<string>();

  const load = (work: (tab: number) => Promise<TabAudit>) => {
    setView({ kind: 'loading' });
    tabId
      .then((tab) => {
        if (tab === undefined) throw new Error('No active tab.');
        setId(tab);
        return work(tab);
      })
      .then(setView, (error) => setView({ kind: 'error', message: describe(error) }));
  };
  useEffect(() => load((tab) => api.getAudit(tab)), []);
  const onRestore = (forget: boolean) => load((tab) => api.restoreCookies(tab, forget));

  switch (view.kind) {
    case 'loading':
      return <StateMessage busy title={t('loading')} body={progress} />;
    case 'unsupported-page':
      return <StateMessage title={t('unsupportedTitle')} body={t('unsupportedBody', view.url.split(':')[0] + ':')} />;
    case 'no-permission':
      if (!view.host) return <StateMessage title={t('noAddressTitle')} body={t('noAddressBody')} />;
      return (
        <StateMessage title={t('noPermissionTitle', view.host)} body={t('noPermissionBody', view.host)} alert={refused ? t('grantRefused') : undefined}>
          <button
            type="button"
            class="primary"
            onClick={() => {
              // Called synchronously in the click: the permission prompt needs the user's gesture.
              requestOrigins(view.origins, id).then(
                (granted) => {
                  setRefused(!granted);
                  if (granted && id !== undefined) load((tab) => api.refresh(tab));
                },
                () => setRefused(true),
              );
            }}
          >
            {t('grantButton')}
          </button>
        </StateMessage>
      );
    case 'busy':
      return (
        <StateMessage title={t('freshVisitBusyTitle', view.host)} body={t('freshVisitBusyBody')}>
          <button type="button" onClick={() => load((tab) => api.getAudit(tab))}>{t('retry')}</button>
        </StateMessage>
      );
    case 'fresh-visit-stopped':
      return (
        <StateMessage title={t('freshVisitStoppedTitle')} body={t(`freshVisitStopped_${view.reason.replace(/-/g, '_')}` as MessageKey)}>
          {view.restore.failed.length === 0 && <p role="status">{t('freshVisitRestored')}</p>}
          <RestoreNote restore={view.restore} onRestore={onRestore} />
          <button type="button" onClick={() => load((tab) => api.refresh(tab))}>{t('retry')}</button>
        </StateMessage>
      );
    case 'error':
      return (
        <StateMessage title={t('errorTitle')} body={view.message} alert={view.message}>
          <RestoreNote restore={view.restore} onRestore={onRestore} />
          <button type="button" onClick={() => load((tab) => api.refresh(tab))}>{t('retry')}</button>
        </StateMessage>
      );
    case 'ready':
      return (
        <AuditView
          state={view}
          api={api}
          tabId={id!}
          onRefresh={(reread) => load((tab) => api.refresh(tab, reread))}
          onFreshVisit={() => {
            const asked = requestResponseEvidence();
            load(async (tab) => {
              await asked;
              return api.freshVisit(tab);
            });
          }}
          onRestore={onRestore}
          onCheckConsent={(direct) => {
            const asked = requestResponseEvidence();
            const stop = id === undefined ? undefined : watchConsentProgress(id, (p) => setProgress(t('checkConsentProgress', String(p.step), String(p.of), t(`state_${p.state.replace(/-/g, '_')}` as MessageKey))));
            load((tab) => asked.then(() => api.checkConsent(tab, direct)).finally(() => {
              stop?.();
              setProgress(undefined);
            }));
          }}
        />
      );
  }
}
