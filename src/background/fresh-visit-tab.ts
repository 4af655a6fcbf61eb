// *Fresh visit*: the portal audited as a first visitor sees it (src/core/visit/first-visit.ts), the
// user's cookies set aside in storage.session first (src/background/fresh-visit.ts) and the portal's
// web storage beside them, the page reloaded, its network quiet, then audited; the cookies put back
// exactly and checked, whatever happened meanwhile, and the web storage put back. The reload is recorded (see
// evidence-recorder.ts): each cookie of the audit says what set it.
import { withSetters } from '../core/evidence/cookie-setters.ts';
import { withBeyondCookies } from '../core/trackers/beyond-cookies.ts';
import { trackerKnowledge, withHeldStorage } from './tab-trackers.ts';
import { readWholeStore } from '../jar/cookie-jar.ts';
import type { TabAudit } from '../messages.ts';
import { firstVisit } from '../core/visit/first-visit.ts';
import type { TabTransaction } from './deps.ts';
import { tabVisit } from './tab-visit.ts';

export async function freshVisitInTab(t: TabTransaction, tabId: number, pageUrl: string, host: string, storeId: string | undefined): Promise<TabAudit> {
  const { deps } = t;
  const reloadTab = deps.reloadTab!;
  let stop: 'tab-closed' | 'left-portal' | 'reload-failed' | undefined;
  const outcome = await t.journal.run(tabId, host, storeId, async () => {
    // What is still there once the user's cookies are set aside (other sites'): "set before this visit".
    const before = (await readWholeStore(deps.cookies, storeId)).map((c) => ({ name: c.name, domain: c.domain }));
    const recording = await t.record(tabId, pageUrl);
    // The cookies are set aside (the journal); the visit sets the web storage aside, and puts it back below.
    const visit = tabVisit({ ...deps, reloadTab }, tabId, (url) => recording.navigating(url));
    try {
      const reload = await firstVisit(visit, pageUrl);
      if (reload === 'closed') return void (stop = 'tab-closed');
      const now = await deps.getTab(tabId);
      if (!now) return void (stop = 'tab-closed');
      if (!now.url || !/^https?:/.test(now.url) || new URL(now.url).hostname !== host) return void (stop = 'left-portal');
      const audited = await t.auditInside(tabId);
      if (audited.kind !== 'ready') return audited;
      // The values now in the jar are removed from the addresses the report keeps.
      const values = (await readWholeStore(deps.cookies, storeId)).flatMap((c) => (c.value ? [c.value] : []));
      const recorded = await withHeldStorage(deps, tabId, recording.recording(undefined, before));
      const audit = withSetters(audited.audit, { ...recorded, values: [...(recorded.values ?? []), ...values] });
      // Beyond cookies: what the reload stored and which organisations it reached.
      return { ...audited, audit: recorded.traceCoverage ? withBeyondCookies(audit, { traces: recorded.traces ?? [], ...(recorded.held ? { held: recorded.held } : {}), coverage: recorded.traceCoverage }, await trackerKnowledge(deps)) : audit };
    } finally {
      await recording.stop();
      await visit.restoreStorage();
    }
  });
  if (!outcome) return { kind: 'busy', host };
  const { value, error, restore } = outcome;
  if (error !== undefined) stop = 'reload-failed';
  let result: TabAudit;
  if (stop) result = { kind: 'fresh-visit-stopped', reason: stop, host, restore };
  else if (!value) result = { kind: 'error', message: 'Cookies a previous fresh visit set aside are still waiting to be put back.', restore };
  else if (value.kind === 'ready') result = { ...value, freshVisit: true, ...(restore.failed.length ? { restore } : {}) };
  else result = restore.failed.length ? { ...value, restore } as TabAudit : value;
  return result.kind === 'ready' ? t.keep(tabId, result) : result;
}
