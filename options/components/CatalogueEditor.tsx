import { useEffect, useState } from 'preact/hooks';
import { catalogueToJson, checkEntries, parseCatalogueJson } from '../../src/core/catalogue/catalogue-json.ts';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import type { CatalogueEntry, UserCatalogueVia } from '../../src/core/types.ts';
import { fetchText } from '../../src/net/fetch-text.ts';
import { t, tn } from '../../popup/i18n.ts';
import { knownOrigins, loadInForce, requestOrigin, resetOverride, saveOverride } from '../store.ts';
import { EntryTable } from './EntryTable.tsx';

type Status = { ok: boolean; text: string; notes?: string[] } | undefined;

function originOf(input: string): string | undefined {
  try {
    const url = new URL(input.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Replace, correct, import, export or reset the catalogue of one portal. */
export function CatalogueEditor({ initialOrigin }: { initialOrigin: string }) {
  const [portal, setPortal] = useState(initialOrigin);
  const [origin, setOrigin] = useState<string | undefined>(originOf(initialOrigin));
  const [entries, setEntries] = useState<CatalogueEntry[]>([]);
  const [via, setVia] = useState<UserCatalogueVia>('edited');
  const [sourceUrl, setSourceUrl] = useState<string>();
  const [pasted, setPasted] = useState('');
  const [policyUrl, setPolicyUrl] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>();
  // The catalogue in force when the page opened on this portal, and where it came from: an edit is
  // saved as an edit of it, and entries it would lose are shown before they are.
  const [inForce, setInForce] = useState<{ from: 'user' | 'portal' | 'default' | 'none'; entries: CatalogueEntry[] }>();
  const [confirming, setConfirming] = useState<string>();

  useEffect(() => void knownOrigins().then(setKnown), [status]);
  useEffect(() => {
    if (!origin) return;
    void loadInForce(origin).then((found) => {
      setInForce(found);
      setEntries(found.entries);
      setVia(found.override?.via ?? 'edited');
      setSourceUrl(found.override?.url);
      setConfirming(undefined);
    });
  }, [origin]);

  const refuse = (reason: string) => setStatus({ ok: false, text: t('optionsBadInput', reason) });
  const useReading = (text: string, from: UserCatalogueVia, url?: string) => {
    const catalogue = readPolicy(text);
    // An empty reading is refused with the reader's own explanation (prose only, not a policy…).
    if (catalogue.entries.length === 0) return refuse([t('optionsNoEntries'), ...catalogue.warnings.slice(0, 3)].join(' '));
    setEntries(catalogue.entries);
    setVia(from);
    setSourceUrl(url);
    setStatus({ ok: true, text: tn('optionsRead', catalogue.entries.length), notes: catalogue.warnings });
  };

  return (
    <>
      <h1>{t('optionsTitle')}</h1>
      <p>{t('optionsIntro')}</p>
      <fieldset>
        <legend>{t('optionsPortal')}</legend>
        <div class="row">
          <input id="portal" type="url" aria-label={t('optionsPortal')} placeholder={t('optionsPortalHint')} value={portal} onInput={(e) => setPortal(e.currentTarget.value)} />
          <button type="button" onClick={() => {
            const o = originOf(portal);
            if (!o) return setStatus({ ok: false, text: t('optionsBadOrigin') });
            setOrigin(o);
            setStatus(undefined);
          }}>{t('optionsLoad')}</button>
        </div>
        <p class="muted">{t('optionsKnown')}: {known.length === 0 && t('optionsNone')}</p>
        <ul class="known">{known.map((k) => <li><button type="button" onClick={() => { setPortal(k); setOrigin(k); }}>{k}</button></li>)}</ul>
      </fieldset>

      {origin && (
        <>
          <fieldset>
            <legend>{origin}</legend>
            <label for="pasted">{t('optionsPasteLabel')}</label>
            <textarea id="pasted" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
            <div class="row"><button type="button" id="read-pasted" onClick={() => useReading(pasted, 'pasted')}>{t('optionsReadPasted')}</button></div>
            <label for="policy-url">{t('optionsUrlLabel')}</label>
            <div class="row">
              <input id="policy-url" type="url" value={policyUrl} onInput={(e) => setPolicyUrl(e.currentTarget.value)} />
              <button type="button" onClick={() => {
                if (!originOf(policyUrl)) return refuse(t('optionsBadOrigin'));
                requestOrigin(policyUrl)
                  .then(async (granted) => {
                    if (!granted) return refuse(t('grantRefused'));
                    const result = await fetchText(policyUrl);
                    if (!result.ok) return refuse(`${policyUrl}: ${result.reason}`);
                    useReading(result.text, 'url', result.url);
                  })
                  .catch((error) => refuse(String(error?.message ?? error)));
              }}>{t('optionsReadUrl')}</button>
            </div>
            <label for="import">{t('optionsImportLabel')}</label>
            <input id="import" type="file" accept="application/json,.json" onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              const checked = parseCatalogueJson(await file.text());
              if (!checked.ok) return refuse(checked.reason);
              setEntries(checked.entries);
              setVia('imported');
              setSourceUrl(undefined);
              setStatus({ ok: true, text: tn('optionsRead', checked.entries.length) });
            }} />
          </fieldset>

          {inForce && (
            <p class="muted" id="in-force" data-from={inForce.from}>
              {inForce.from === 'none' ? t('optionsFromNone') : tn(inForce.from === 'user' ? 'optionsFromUser' : inForce.from === 'default' ? 'optionsFromDefault' : 'optionsFromPortal', inForce.entries.length)}
            </p>
          )}
          <EntryTable entries={entries} onChange={(next) => { setEntries(next); setVia('edited'); setConfirming(undefined); }} />

          <div class="row">
            <button type="button" class="primary" id="save" onClick={async () => {
              const checked = checkEntries(entries);
              if (!checked.ok) return refuse(checked.reason);
              // Entries of the catalogue in force this save would drop: said first, saved on the second click.
              const kept = new Set(checked.entries.map((e) => e.pattern));
              const removed = [...new Set((inForce?.entries ?? []).map((e) => e.pattern).filter((p) => !kept.has(p)))];
              if (removed.length > 0 && confirming !== removed.join('\n')) {
                setConfirming(removed.join('\n'));
                return setStatus({ ok: false, text: tn('optionsRemoves', removed.length, removed.slice(0, 20).join(', ') + (removed.length > 20 ? '…' : '')) });
              }
              await saveOverride({ origin, entries: checked.entries, via, ...(sourceUrl ? { url: sourceUrl } : {}), updatedAt: new Date().toISOString() });
              setInForce({ from: 'user', entries: checked.entries });
              setConfirming(undefined);
              setStatus({ ok: true, text: tn('optionsSaved', checked.entries.length, origin) });
            }}>{t('optionsSave')}</button>
            <button type="button" onClick={() => {
              const url = URL.createObjectURL(new Blob([catalogueToJson(entries, origin)], { type: 'application/json' }));
              const a = document.createElement('a');
              a.href = url;
              a.download = `cookie-catalogue_${new URL(origin).host}.json`;
              a.click();
              setTimeout(() => URL.revokeObjectURL(url), 10_000);
            }}>{t('optionsExport')}</button>
            <button type="button" id="reset" onClick={async () => {
              await resetOverride(origin);
              setEntries([]);
              setInForce({ from: 'none', entries: [] });
              setStatus({ ok: true, text: t('optionsResetDone', origin) });
            }}>{t('optionsReset')}</button>
          </div>
        </>
      )}

      {status && (
        <div role={status.ok ? 'status' : 'alert'} class={`status ${status.ok ? 'ok' : 'bad'}`}>
          {status.text}
          {status.notes && status.notes.length > 0 && (
            <>
              <p>{t('optionsWarnings')}</p>
              <ul>{status.notes.map((n) => <li>{n}</li>)}</ul>
            </>
          )}
        </div>
      )}
    </>
  );
}
