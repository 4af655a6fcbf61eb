// *Fresh visit*: the portal audited as a first visitor sees it, the user's cookies set aside in
// storage.session first (src/background/fresh-visit.ts), the page reloaded and audited, then the
// cookies put back exactly and checked, whatever happened meanwhile. The reload is recorded (see
// evidence-recorder.ts): each cookie of the audit says what set it.
import { withSetters } from '../core/evidence/cookie-setters.ts';
import { readWholeStore } from '../jar/cookie-jar.ts';
import type { TabAudit } from '../messages.ts';
import { SETTLE_MS, type TabTransaction } from './deps.ts';

export async function freshVisitInTab(t: TabTransaction, tabId: number, pageUrl: string, host: string, storeId: string | undefined): Promise<TabAudit> {
  const { deps } = t;
  const reloadTab = deps.reloadTab!;
  let stop: 'tab-closed' | 'left-portal' | 'reload-failed' | undefined;
  const outcome = await t.journal.run(tabId, host, storeId, async () => {
    // What is still there once the user's cookies are set aside (other sites'): "set before this visit".
    const before = (await readWholeStore(deps.cookies, storeId)).map((c) => ({ name: c.name, domain: c.domain }));
    const recording = await t.record(tabId, pageUrl);
    try {
      recording.navigating(pageUrl);
      const reload = await reloadTab(tabId);
      if (reload === 'closed') return void (stop = 'tab-closed');
      await deps.settle?.(SETTLE_MS);
      const now = await deps.getTab(tabId);
      if (!now) return void (stop = 'tab-closed');
      if (!now.url || !/^https?:/.test(now.url) || new URL(now.url).hostname !== host) return void (stop = 'left-portal');
      const audited = await t.auditInside(tabId);
      if (audited.kind !== 'ready') return audited;
      // The values now in the jar are removed from the addresses the report keeps.
      const values = (await readWholeStore(deps.cookies, storeId)).flatMap((c) => (c.value ? [c.value] : []));
      const recorded = recording.recording(undefined, before);
      return { ...audited, audit: withSetters(audited.audit, { ...recorded, values: [...(recorded.values ?? []), ...values] }) };
    } finally {
      await recording.stop();
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
