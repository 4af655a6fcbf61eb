// What a recorded visit in a tab adds beyond cookies: the storage its frames hold now (values kept in
// memory only, to be scrubbed from what is kept), and what classifies its requests and keys.
import type { Recording } from '../core/evidence/cookie-setters.ts';
import type { TrackerKnowledge } from '../core/trackers/beyond-cookies.ts';
import type { AuditorDeps } from './deps.ts';

/** The recording with the storage the tab's frames hold now; its values join those to scrub. */
export async function withHeldStorage(deps: AuditorDeps, tabId: number, recorded: Recording): Promise<Recording> {
  if (!recorded.traceCoverage) return recorded;
  const storage = await deps.heldStorage?.(tabId);
  if (!storage) return recorded;
  return { ...recorded, held: storage.held, values: [...(recorded.values ?? []), ...storage.values] };
}

/** Organisations and known storage keys, each loaded the first time a visit needs them. */
export async function trackerKnowledge(deps: AuditorDeps): Promise<TrackerKnowledge> {
  const [organisations, knowledge] = await Promise.all([deps.organisations?.(), deps.knowledge?.()]);
  return { ...(organisations ? { organisations } : {}), ...(knowledge ? { knowledge } : {}) };
}
