// Each portal's last audits, kept locally, so the popup can say what changed since the user last looked.
import { diffAudits, digestAudit, pushHistory } from '../core/report/history.ts';
import type { TabAudit } from '../messages.ts';
import { localKeys } from '../storage-keys.ts';
import type { AuditorDeps } from './deps.ts';

/** The audit joins its portal's history; the popup is told what changed since the previous one. */
export async function withHistory(deps: AuditorDeps, state: Extract<TabAudit, { kind: 'ready' }>): Promise<TabAudit> {
  const key = localKeys.history(new URL(state.audit.pageUrl).origin);
  const history = (await deps.historyGet(key)) ?? [];
  const current = digestAudit(state.audit);
  const previous = history.find((h) => h.auditedAt !== current.auditedAt);
  await deps.historySet(key, pushHistory(history, current));
  return { ...state, diff: previous ? diffAudits(previous, current) : null };
}
