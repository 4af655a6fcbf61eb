// The consent matrix beyond cookies: each web-storage key and each organisation the page's frames
// reached, against the three states, and what that makes a finding (EDPB Guidelines 2/2023: storage
// and pixels are in scope as cookies are). A tracker's storage or request before any choice or
// after refusal is a defect, as its cookie would be; a tracking organisation the policy names
// nowhere is an undeclared third party; audience measurement the CNIL's exemption may cover is a
// caution naming the conditions the auditor cannot see. Pure, on codes.
import type { BeyondCookies, OrganisationCategory, OrganisationContact, StorageArea, StorageItem } from '../trackers/tracker-types.ts';
import { MAY_BE_EXEMPT } from './trackers.ts';
import { JOURNEY_STATES, type JourneyState } from './journey-state.ts';

/** A state's pages as the matrix reads them (the runner's JourneyRun, narrowed to what is used here). */
interface RunPages {
  state: JourneyState;
  reached: boolean;
  via?: 'dialog' | 'direct';
  pages: { url: string; audit?: { beyondCookies?: BeyondCookies; consentExemption?: string } }[];
}

/** A storage key against the states: what the pages said of it, and where each state first had it. */
export interface StorageRow extends Pick<StorageItem, 'area' | 'name' | 'origin' | 'pattern' | 'tracker' | 'organisation' | 'category'> {
  /** Per state, the page it was first held or written on; null: never in that state. */
  firstSeen: Record<JourneyState, string | null>;
  /** Per state, the script that wrote it (without query values). */
  writtenBy?: Partial<Record<JourneyState, string>>;
}

/** An organisation against the states, as the pages' contacts said it. */
export interface OrganisationRow extends Pick<OrganisationContact, 'organisation' | 'company' | 'category' | 'party' | 'tracking' | 'audience' | 'declared'> {
  firstSeen: Record<JourneyState, string | null>;
  /** Per state: how many requests, the first one's address (no query values), its kinds, the script that started it. */
  requests: Partial<Record<JourneyState, Pick<OrganisationContact, 'count' | 'firstUrl' | 'types' | 'script'>>>;
}

export type TrackerFindingId =
  | 'request-before-consent'
  | 'audience-request-before-consent'
  | 'request-after-refusal'
  | 'undeclared-third-party'
  | 'storage-before-consent'
  | 'storage-after-refusal'
  | 'undeclared-storage';

/** What a finding beyond cookies names: an organisation reached, or a storage key. */
export interface TrackerSubject {
  organisation?: { name: string; category: OrganisationCategory | 'unknown'; count: number; url: string; script?: string; firstParty?: boolean };
  storage?: { area: StorageArea; name: string; origin: string; by?: string; organisation?: string };
}

export const TRACKER_SOURCES: Record<TrackerFindingId, string> = {
  'request-before-consent': 'EDPB Guidelines 2/2023 on Art. 5(3) ePrivacy (v2.0, 2024): pixels and scripts sending information are in scope; CNIL délibération n° 2020-091: trackers needing consent wait for the visitor\'s choice',
  'audience-request-before-consent': 'CNIL délibération n° 2020-091 art. 5 and the CNIL\'s audience-measurement exemption (4 July 2025): lawful without consent only if configured for it',
  'request-after-refusal': 'EDPB Guidelines 2/2023 and ePrivacy directive art. 5(3): a refused tracker sends nothing; CNIL délibération n° 2020-091 art. 2: a refusal is respected',
  'undeclared-third-party': 'CNIL délibération n° 2020-091 art. 3: the visitor is told of each tracker and who operates it; the portal\'s own cookie policy',
  'storage-before-consent': 'EDPB Guidelines 2/2023 (local storage is in scope of Art. 5(3)); CNIL délibération n° 2020-091: trackers needing consent wait for the visitor\'s choice',
  'storage-after-refusal': 'EDPB Guidelines 2/2023 and ePrivacy directive art. 5(3): a refused tracker stores nothing',
  'undeclared-storage': 'CNIL délibération n° 2020-091 art. 3 (information on each tracker) and the portal\'s own cookie policy',
};

const empty = (): Record<JourneyState, string | null> => ({ 'no-choice': null, 'refuse-all': null, 'accept-all': null });

export interface TrackerMatrix {
  storageRows: StorageRow[];
  organisationRows: OrganisationRow[];
  findings: ({ id: TrackerFindingId; severity: 'defect' | 'caution' | 'note'; state?: JourneyState; page?: string; detail: string; source: string; exemption?: string; direct?: boolean } & TrackerSubject)[];
}

export function trackerMatrix(runs: readonly RunPages[]): TrackerMatrix | undefined {
  const storage = new Map<string, StorageRow>();
  const organisations = new Map<string, OrganisationRow>();
  let exemption: string | undefined;
  let observed = false;
  for (const run of runs) {
    for (const page of run.pages) {
      const beyond = page.audit?.beyondCookies;
      if (!beyond) continue;
      observed = true;
      exemption ??= page.audit?.consentExemption;
      for (const s of beyond.storage) {
        const k = `${s.area}\u0000${s.origin}\u0000${s.name}`;
        let row = storage.get(k);
        if (!row) {
          row = { area: s.area, name: s.name, origin: s.origin, pattern: s.pattern, tracker: s.tracker, ...(s.organisation ? { organisation: s.organisation } : {}), ...(s.category ? { category: s.category } : {}), firstSeen: empty() };
          storage.set(k, row);
        }
        row.firstSeen[run.state] ??= page.url;
        if (s.writtenBy && !row.writtenBy?.[run.state]) row.writtenBy = { ...row.writtenBy, [run.state]: s.writtenBy };
      }
      for (const c of beyond.contacts) {
        let row = organisations.get(c.organisation);
        if (!row) {
          row = { organisation: c.organisation, ...(c.company ? { company: c.company } : {}), category: c.category, party: c.party, tracking: c.tracking, ...(c.audience ? { audience: c.audience } : {}), declared: c.declared, firstSeen: empty(), requests: {} };
          organisations.set(c.organisation, row);
        }
        row.firstSeen[run.state] ??= page.url;
        const seen = row.requests[run.state];
        if (!seen) row.requests[run.state] = { count: c.count, firstUrl: c.firstUrl, types: [...c.types], ...(c.script ? { script: c.script } : {}) };
        else {
          seen.count += c.count;
          for (const t of c.types) if (!seen.types.includes(t)) seen.types.push(t);
        }
      }
    }
  }
  if (!observed) return undefined;
  const storageRows = [...storage.values()].sort((a, b) => Number(b.tracker) - Number(a.tracker) || Number(a.pattern !== null) - Number(b.pattern !== null) || a.name.localeCompare(b.name));
  const organisationRows = [...organisations.values()].sort((a, b) => Number(b.tracking) - Number(a.tracking) || Number(a.declared) - Number(b.declared) || a.organisation.localeCompare(b.organisation));
  const reached = (state: JourneyState) => runs.find((r) => r.state === state)?.reached === true;
  const direct = runs.find((r) => r.state === 'refuse-all')?.via === 'direct';
  const findings: TrackerMatrix['findings'] = [];

  for (const row of organisationRows) {
    if (!row.tracking) continue;
    const subject = (state: JourneyState) => {
      const r = row.requests[state]!;
      return { organisation: { name: row.organisation, category: row.category, count: r.count, url: r.firstUrl, ...(r.script ? { script: r.script } : {}), ...(row.party === 'first' ? { firstParty: true } : {}) } };
    };
    if (row.firstSeen['no-choice']) {
      // Audience measurement the exemption may cover: on the portal's own site, or a tool offering
      // the configuration that the policy says is used. A caution, never silence, never a defect.
      const mayBeExempt = row.audience !== undefined && MAY_BE_EXEMPT.has(row.audience) && (row.party === 'first' || exemption !== undefined);
      const id = mayBeExempt ? 'audience-request-before-consent' : 'request-before-consent';
      findings.push({ id, severity: mayBeExempt ? 'caution' : 'defect', state: 'no-choice', page: row.firstSeen['no-choice'], detail: `${row.organisation} (${row.category}) reached before any choice: ${row.requests['no-choice']!.count} request(s), first ${row.requests['no-choice']!.firstUrl}`, source: TRACKER_SOURCES[id], ...subject('no-choice'), ...(mayBeExempt && exemption ? { exemption } : {}) });
    }
    if (reached('refuse-all') && row.firstSeen['refuse-all']) {
      findings.push({ id: 'request-after-refusal', severity: 'defect', state: 'refuse-all', page: row.firstSeen['refuse-all'], detail: `${row.organisation} (${row.category}) reached although the visitor refused every tracker: ${row.requests['refuse-all']!.count} request(s), first ${row.requests['refuse-all']!.firstUrl}`, source: TRACKER_SOURCES['request-after-refusal'], ...subject('refuse-all'), ...(direct ? { direct } : {}) });
    }
    if (!row.declared && row.party === 'third') {
      const state = JOURNEY_STATES.find((s) => row.firstSeen[s])!;
      findings.push({ id: 'undeclared-third-party', severity: 'defect', state, page: row.firstSeen[state]!, detail: `${row.organisation} (${row.category}) reached, but the policy names it nowhere`, source: TRACKER_SOURCES['undeclared-third-party'], ...subject(state) });
    }
  }
  for (const row of storageRows) {
    const subject = (state: JourneyState) => {
      const by = row.writtenBy?.[state];
      return { storage: { area: row.area, name: row.name, origin: row.origin, ...(by ? { by } : {}), ...(row.organisation ? { organisation: row.organisation } : {}) } };
    };
    if (row.tracker && row.firstSeen['no-choice']) findings.push({ id: 'storage-before-consent', severity: 'defect', state: 'no-choice', page: row.firstSeen['no-choice'], detail: `${row.area} ${row.name} stored before any choice`, source: TRACKER_SOURCES['storage-before-consent'], ...subject('no-choice') });
    if (row.tracker && reached('refuse-all') && row.firstSeen['refuse-all']) findings.push({ id: 'storage-after-refusal', severity: 'defect', state: 'refuse-all', page: row.firstSeen['refuse-all'], detail: `${row.area} ${row.name} stored although the visitor refused every tracker`, source: TRACKER_SOURCES['storage-after-refusal'], ...subject('refuse-all'), ...(direct ? { direct } : {}) });
    if (row.pattern === null) {
      const state = JOURNEY_STATES.find((s) => row.firstSeen[s])!;
      // An identifier of a tracker the policy does not declare is a defect; any other key a note (the platform's own state).
      findings.push({ id: 'undeclared-storage', severity: row.tracker ? 'defect' : 'note', state, page: row.firstSeen[state]!, detail: `${row.area} ${row.name} (${row.origin}) stored but not declared`, source: TRACKER_SOURCES['undeclared-storage'], ...subject(state) });
    }
  }
  return { storageRows, organisationRows, findings };
}
