// *Fresh visit*: the portal audited as a first visitor sees it, the user's cookies set aside in
// storage.session first (src/background/fresh-visit.ts), the page reloaded and audited, then the
// cookies put back exactly and checked, whatever happened meanwhile.
import type { TabAudit } from '../messages.ts';
import { SETTLE_MS, type TabTransaction } from './deps.ts';

export async function freshVisitInTab(t: TabTransaction, tabId: number, host: string, storeId: string | undefined): Promise<TabAudit> {
  const { deps } = t;
  const reloadTab = deps.reloadTab!;
  let stop: 'tab-closed' | 'left-portal' | 'reload-failed' | undefined;
  const outcome = await t.journal.run(tabId, host, storeId, async () => {
    const reload = await reloadTab(tabId);
    if (reload === 'closed') return void (stop = 'tab-closed');
    await deps.settle?.(SETTLE_MS);
    const now = await deps.getTab(tabId);
    if (!now) return void (stop = 'tab-closed');
    if (!now.url || !/^https?:/.test(now.url) || new URL(now.url).hostname !== host) return void (stop = 'left-portal');
    return t.auditInside(tabId);
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
