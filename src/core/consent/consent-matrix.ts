// The visitor's whole journey, as a data-protection authority checks a site (CNIL's method, EDPB
// Website Auditing Tool practice): what is set on arrival before any choice, after "refuse all",
// after "accept all", on the pages a visitor goes through. Each journey's audits in, one matrix
// out: every cookie (and declaration) against the three states, with the page it first appeared
// on, and the findings with their sources. Pure: the browser side lives in src/scan/journeys.ts.
import type { StateOutcome } from '../vocabulary/consent.ts';
import { whenSet } from '../catalogue/when-set.ts';
import { setterSummary } from '../evidence/cookie-setters.ts';
import { matchesPattern } from '../match/matcher.ts';
import type { CookieSetter } from '../evidence/setter-types.ts';
import type { RemovedCookie } from '../evidence/removed-writes.ts';
import type { AuditResult, CatalogueEntry, Party } from '../types.ts';
import type { ManagerId } from './managers/manager.ts';
import { MAY_BE_EXEMPT, measuringTrackersOf } from './trackers.ts';
import { type OrganisationRow, type StorageRow, type TrackerFindingId, type TrackerSubject, TRACKER_SOURCES, trackerMatrix } from './tracker-matrix.ts';

export type { OrganisationRow, StorageRow };

import { JOURNEY_STATES, type JourneyState } from './journey-state.ts';

export { JOURNEY_STATES, type JourneyState };

export interface JourneyRun {
  state: JourneyState;
  /** The state was reached: the choice recorded in the manager's own record (no-choice: nothing touched). */
  reached: boolean;
  /** How the choice was made ("accept-all button", "every switch on, then save") or why it could not be. */
  how: string;
  /**
   * How the state came about, in codes: what findings are decided on (`outcome.blocker`: why it was
   * not reached) and what the edges word in the reader's language; `how` is the English trace.
   */
  outcome?: StateOutcome;
  /** Through the portal's dialog, or set directly (the fallback): never mixed. */
  via?: 'dialog' | 'direct';
  /** The consent manager the choice was made with. */
  manager?: ManagerId;
  /** The dialog's title and the labels of the controls used, as read in the page. */
  dialogTitle?: string;
  controls?: string[];
  /** References (file names) of the pictures of the first page: the dialog as found, and after the choice. */
  screenshots?: { found?: string; chosen?: string };
  /** The audit after each page, in the order visited; undefined when the page timed out. */
  pages: { url: string; audit?: AuditResult; timedOut: boolean; removed?: RemovedCookie[] }[];
}

/** A cookie written in a state and gone before the audit: who removed it, and how long after. */
export interface RemovedInState {
  /** The removal's setter in a few words (`script http://…/tarteaucitron.js`), when a removal was seen. */
  by?: string;
  afterMs?: number;
}

/** The consent manager the journeys drove, every one the page had, and a dialog none of them explains (as found). */
export interface JourneyManagers {
  drove?: ManagerId;
  present: ManagerId[];
  unknownDialog?: string;
}

export interface MatrixRow {
  name: string;
  domain: string;
  party: Party;
  /** The declaration that matched it, or null: undeclared. */
  pattern: string | null;
  /** Consent keys of the trackers it belongs to (ga, matomo…). */
  trackers: string[];
  /** Per state, the page it was first seen on; null: never seen in that state. */
  firstSeen: Record<JourneyState, string | null>;
  /** Per state it was seen in, what set it there (when the journeys were recorded). */
  setBy?: Partial<Record<JourneyState, CookieSetter>>;
  /** Per state where it was written and then removed before the audit (the jar no longer held it). */
  removed?: Partial<Record<JourneyState, RemovedInState>>;
}

export type JourneyFindingId =
  | 'tracker-before-consent'
  | 'exempt-audience-before-consent'
  | 'tracker-after-refusal'
  | 'undeclared'
  | 'declared-never-seen'
  | 'accept-changed-nothing'
  | 'no-consent-control'
  | 'consent-not-driven'
  | 'state-not-reached'
  | TrackerFindingId;

/** Beyond cookies, a finding names an organisation reached or a storage key (tracker-matrix.ts). */
export interface JourneyFinding extends TrackerSubject {
  id: JourneyFindingId;
  severity: 'defect' | 'caution' | 'note';
  cookie?: string;
  state?: JourneyState;
  page?: string;
  /** The finding in English, a trace for logs and older readers; the fields below are what the edges word. */
  detail: string;
  source: string;
  /** What set the cookie in that state, when recorded. */
  setBy?: CookieSetter;
  /** The cookie's domain (undeclared). */
  domain?: string;
  /** Written, then removed before the audit (the jar no longer held it). */
  removed?: RemovedInState;
  /** The policy's own sentence claiming its audience measurement is exempt (quoted). */
  exemption?: string;
  /** The refusal was set directly in the consent record, not through the dialog. */
  direct?: boolean;
  /** A consent dialog no known manager explains, as found (quoted). */
  dialog?: string;
  /** state-not-reached: why, in codes. */
  outcome?: StateOutcome;
}

export interface ConsentMatrix {
  states: ({ state: JourneyState; reached: boolean; how: string; pages: { url: string; timedOut: boolean }[] } & Pick<JourneyRun, 'outcome' | 'via' | 'manager' | 'dialogTitle' | 'controls' | 'screenshots'>)[];
  /** The consent manager the journeys drove, and every one the page had. */
  managers?: JourneyManagers;
  rows: MatrixRow[];
  /** Web storage keys against the states (absent: the journeys recorded nothing beyond cookies). */
  storageRows?: StorageRow[];
  /** The organisations the page's frames reached, against the states (absent: not recorded). */
  organisationRows?: OrganisationRow[];
  /** Declarations seen in no state and on no page: when the platform normally sets them, or null (possibly stale). */
  neverSeen: { pattern: string; normallySet: string | null }[];
  findings: JourneyFinding[];
}

const SOURCES: Record<JourneyFindingId, string> = {
  'tracker-before-consent': 'ePrivacy directive art. 5(3); CNIL délibération n° 2020-091: trackers needing consent wait for the visitor\'s choice',
  'exempt-audience-before-consent': 'CNIL délibération n° 2020-091 art. 5 and its audience-measurement exemption, claimed by the portal\'s policy: lawful only if configured for it',
  'tracker-after-refusal': 'GDPR art. 7 and ePrivacy directive art. 5(3): a refused tracker must not be set; CNIL délibération n° 2020-091 art. 2: refusing must be as easy as accepting and be respected',
  undeclared: 'CNIL délibération n° 2020-091 art. 3 (information on each tracker\'s purposes) and the portal\'s own cookie policy',
  'declared-never-seen': 'The portal\'s cookie policy: a declaration no journey showed may be stale',
  'accept-changed-nothing': 'The consent banner: accepting every tracker set none of the declared trackers, so the banner may not work',
  'no-consent-control': "Opendatasoft documentation (github.com/opendatasoft/ods-documentation, theme.rst): the footer's ##manage-cookies## placeholder 'is mandatory to enable the cookie banner'; without it no choice can be recorded",
  'consent-not-driven': 'CNIL method: each state is audited through the site\'s own consent controls; a dialog of a consent manager the auditor does not know is named, not driven by guesswork',
  'state-not-reached': 'CNIL method: each state is audited through the site\'s own consent controls; a state they cannot reach is not guessed',
  ...TRACKER_SOURCES,
};

const key = (c: { name: string; domain: string }) => `${c.name}\u0000${c.domain.replace(/^\./, '').toLowerCase()}`;

/** ", then removed by script … 12 ms later": said of a cookie the jar no longer held at the audit. */
function removedNote(removed: RemovedInState | undefined): string {
  if (!removed) return '';
  return `, then removed${removed.by ? ` by ${removed.by}` : ''}${removed.afterMs !== undefined ? ` ${removed.afterMs} ms later` : ''} (written all the same: a tag sends its hit as it writes)`;
}

/** Declarations of trackers: the catalogue promises analytics the accept-all journey should show. */
function declaresTrackers(entries: readonly CatalogueEntry[]): boolean {
  return entries.some((e) => measuringTrackersOf(e.pattern.replace(/\*.*$/, 'x')).length > 0 || e.category === 'statistics' || e.category === 'advertising');
}

export function consentMatrix(runs: readonly JourneyRun[], options: { consentControl?: boolean; managers?: JourneyManagers } = {}): ConsentMatrix {
  const rows = new Map<string, MatrixRow>();
  /** The row of a cookie, made the first time it is met (in a jar, or among the removed writes). */
  const rowOf = (c: { name: string; domain: string; party: Party }, pattern: () => string | null): MatrixRow => {
    const k = key(c);
    let row = rows.get(k);
    if (!row) {
      row = { name: c.name, domain: c.domain, party: c.party, pattern: pattern(), trackers: measuringTrackersOf(c.name), firstSeen: { 'no-choice': null, 'refuse-all': null, 'accept-all': null } };
      rows.set(k, row);
    }
    return row;
  };
  const findings: JourneyFinding[] = [];
  const seenPatterns = new Set<string>();
  let entries: CatalogueEntry[] = [];
  let exemption: string | undefined;
  for (const run of runs) {
    for (const page of run.pages) {
      if (!page.audit) continue;
      entries = page.audit.entries.map((e) => e.entry);
      exemption ??= page.audit.consentExemption;
      for (const c of page.audit.cookies) {
        const row = rowOf(c, () => c.entry?.pattern ?? null);
        row.firstSeen[run.state] ??= page.url;
        if (c.setBy && !row.setBy?.[run.state]) row.setBy = { ...row.setBy, [run.state]: c.setBy };
        if (c.entry) seenPatterns.add(c.entry.pattern);
      }
      for (const r of page.removed ?? []) {
        const entries = page.audit.entries;
        const row = rowOf(r, () => entries.find((e) => matchesPattern(e.entry.pattern, r.name))?.entry.pattern ?? null);
        if (row.firstSeen[run.state] === null) {
          row.firstSeen[run.state] = r.page;
          row.setBy = { ...row.setBy, [run.state]: r.setBy };
          row.removed = { ...row.removed, [run.state]: { ...(r.removedBy ? { by: setterSummary(r.removedBy) } : {}), ...(r.removedAfterMs !== undefined ? { afterMs: r.removedAfterMs } : {}) } };
        }
        if (row.pattern) seenPatterns.add(row.pattern);
      }
    }
  }
  const sorted = [...rows.values()].sort((a, b) => Number(a.pattern !== null) - Number(b.pattern !== null) || a.name.localeCompare(b.name));
  const reached = (state: JourneyState) => runs.find((r) => r.state === state)?.reached === true;

  for (const run of runs) {
    if (!run.reached) findings.push({ id: 'state-not-reached', severity: 'note', state: run.state, detail: `"${run.state}" not audited: ${run.how}`, source: SOURCES['state-not-reached'], ...(run.outcome ? { outcome: run.outcome } : {}) });
  }
  for (const row of sorted) {
    if (row.trackers.length > 0 && row.firstSeen['no-choice']) {
      const exempt = exemption && row.trackers.every((t) => MAY_BE_EXEMPT.has(t));
      findings.push({
        id: exempt ? 'exempt-audience-before-consent' : 'tracker-before-consent',
        severity: exempt ? 'caution' : 'defect',
        cookie: row.name,
        state: 'no-choice',
        page: row.firstSeen['no-choice'],
        detail: exempt ? `${row.name} set before any choice${removedNote(row.removed?.['no-choice'])}; the policy claims: «${exemption}»` : `${row.name} set before any consent choice${removedNote(row.removed?.['no-choice'])}`,
        source: SOURCES[exempt ? 'exempt-audience-before-consent' : 'tracker-before-consent'],
        ...(exempt ? { exemption } : {}),
        ...(row.removed?.['no-choice'] ? { removed: row.removed['no-choice'] } : {}),
        ...(row.setBy?.['no-choice'] ? { setBy: row.setBy['no-choice'] } : {}),
      });
    }
    if (row.trackers.length > 0 && reached('refuse-all') && row.firstSeen['refuse-all']) {
      const direct = runs.find((r) => r.state === 'refuse-all')?.via === 'direct';
      findings.push({ id: 'tracker-after-refusal', severity: 'defect', cookie: row.name, state: 'refuse-all', page: row.firstSeen['refuse-all'], detail: `${row.name} set although the visitor refused every tracker${removedNote(row.removed?.['refuse-all'])}${direct ? ' (the refusal set directly in the consent record, not through the portal\'s dialog)' : ''}`, source: SOURCES['tracker-after-refusal'], ...(direct ? { direct } : {}), ...(row.removed?.['refuse-all'] ? { removed: row.removed['refuse-all'] } : {}), ...(row.setBy?.['refuse-all'] ? { setBy: row.setBy['refuse-all'] } : {}) });
    }
    if (row.pattern === null) {
      const state = JOURNEY_STATES.find((s) => row.firstSeen[s])!;
      findings.push({ id: 'undeclared', severity: 'defect', cookie: row.name, state, page: row.firstSeen[state]!, detail: `${row.name} (${row.domain}) set but not declared`, source: SOURCES.undeclared, domain: row.domain, ...(row.setBy?.[state] ? { setBy: row.setBy[state] } : {}) });
    }
  }
  const neverSeen = entries.filter((e) => !seenPatterns.has(e.pattern)).map((e) => ({ pattern: e.pattern, normallySet: whenSet(e) ?? null }));
  for (const entry of neverSeen.filter((e) => e.normallySet === null)) {
    findings.push({ id: 'declared-never-seen', severity: 'note', cookie: entry.pattern, detail: `${entry.pattern} declared but seen in no state and on no page: possibly stale`, source: SOURCES['declared-never-seen'] });
  }
  if (reached('accept-all') && declaresTrackers(entries)) {
    const accepted = sorted.filter((r) => r.firstSeen['accept-all'] && r.trackers.length > 0);
    const elsewhere = (r: MatrixRow) => r.firstSeen['no-choice'] || r.firstSeen['refuse-all'];
    if (accepted.every(elsewhere)) findings.push({ id: 'accept-changed-nothing', severity: 'caution', state: 'accept-all', detail: 'Accepting every tracker set no tracker that was not already set: the banner may not work', source: SOURCES['accept-changed-nothing'] });
  }
  if (options.managers?.unknownDialog && runs.some((r) => r.state !== 'no-choice' && !r.reached)) {
    findings.push({ id: 'consent-not-driven', severity: 'caution', detail: `A consent dialog is present but could not be driven (${options.managers.unknownDialog}): the refusal and acceptance were not audited`, source: SOURCES['consent-not-driven'], dialog: options.managers.unknownDialog });
  }
  // A control exists when any manager is in the page, an unknown dialog shows, or a choice went through a dialog:
  // only where none does may the portal be said to offer none.
  const someControl = (options.managers?.present.length ?? 0) > 0 || options.managers?.unknownDialog !== undefined || runs.some((r) => r.via === 'dialog' && r.reached);
  const noControl = !someControl && (options.consentControl === false || runs.filter((r) => r.state !== 'no-choice').every((r) => !r.reached && (r.outcome?.blocker === 'no-manager' || r.outcome?.blocker === 'no-dialog')));
  if (noControl && sorted.some((r) => r.trackers.length > 0 && r.firstSeen['no-choice'])) {
    findings.push({ id: 'no-consent-control', severity: 'defect', detail: 'Trackers are set, and the portal offers no consent control: no choice can be recorded (no cookies_preferences possible)', source: SOURCES['no-consent-control'] });
  }
  const beyond = trackerMatrix(runs);
  findings.push(...(beyond?.findings ?? []));
  const order: Record<JourneyFinding['severity'], number> = { defect: 0, caution: 1, note: 2 };
  // Worst first: within defects, what the visitor refused and still got.
  const refused = (f: JourneyFinding) => Number(f.state === 'refuse-all' && f.id !== 'undeclared' && f.id !== 'undeclared-third-party' && f.id !== 'undeclared-storage');
  findings.sort((a, b) => order[a.severity] - order[b.severity] || refused(b) - refused(a));
  return {
    states: runs.map((r) => ({
      state: r.state, reached: r.reached, how: r.how, ...(r.outcome ? { outcome: r.outcome } : {}), pages: r.pages.map((p) => ({ url: p.url, timedOut: p.timedOut })),
      ...(r.via ? { via: r.via } : {}), ...(r.manager ? { manager: r.manager } : {}), ...(r.dialogTitle ? { dialogTitle: r.dialogTitle } : {}), ...(r.controls ? { controls: r.controls } : {}), ...(r.screenshots ? { screenshots: r.screenshots } : {}),
    })),
    ...(options.managers ? { managers: options.managers } : {}),
    rows: sorted,
    ...(beyond ? { storageRows: beyond.storageRows, organisationRows: beyond.organisationRows } : {}),
    neverSeen,
    findings,
  };
}
