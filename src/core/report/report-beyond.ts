// What the visit showed beyond cookies, as plain-text tables for every human format (Markdown,
// HTML, CSV): the web-storage keys and the organisations reached, against the three consent states
// when the journeys ran, else as the one visit saw them. Names and addresses only, never a value.
import { JOURNEY_STATES, type JourneyState } from '../consent/journey-state.ts';
import { categoryWords } from '../consent/journey-words.ts';
import type { Words } from '../consent/consent-words.ts';
import { countKey } from '../text/plural.ts';
import type { AuditReport } from './report-model.ts';
import { pageLabel, stateKey } from './report-journeys.ts';
import { reportText } from './report-strings.ts';

export interface BeyondTables {
  /** Header, then a row per key: key, storage, origin, declaration, who, then per state (or written by). */
  storage: string[][];
  /** Header, then a row per organisation: name, category, declared, then per state (or requests). */
  organisations: string[][];
  /** What was not observed or not recorded, in words. */
  notes: string[];
}

export function beyondTables(report: AuditReport): BeyondTables | undefined {
  const t = reportText(report.language);
  const words = t as unknown as Words;
  const j = report.journeys;
  const single = report.beyondCookies;
  if (!j?.storageRows && !single) return undefined;
  const states = JOURNEY_STATES.map((s) => t(stateKey(s)));
  const declared = (pattern: string | null) => pattern ?? t('beyondUndeclared');
  const who = (organisation?: string, tracker?: boolean) => [organisation, tracker ? t('beyondTracker') : ''].filter(Boolean).join(', ');
  const requests = (n: number) => t(countKey('beyondRequests', n, report.language), String(n));
  const orgDeclared = (o: { declared: boolean; tracking: boolean; party: string }) => (o.declared ? t('beyondDeclared') : o.tracking && o.party === 'third' ? t('beyondUndeclaredThirdParty') : t('beyondUndeclared'));
  const notes = [t('beyondNotObserved')];
  const coverage = single?.coverage;
  if (coverage && (!coverage.storage || !coverage.requests)) notes.unshift(t('beyondNotRecorded', [!coverage.storage ? t('beyondStorage') : '', !coverage.requests ? t('beyondOrganisations') : ''].filter(Boolean).join(', ')));
  if (coverage?.heldFrom === 'granted-frames') notes.push(t('beyondHeldOnlyGranted'));
  if (j?.storageRows && j.organisationRows) {
    const perState = (cell: (s: JourneyState) => string) => JOURNEY_STATES.map(cell);
    return {
      storage: [
        [t('matrixStorageKey'), t('beyondStorage'), t('colDomain'), t('colPattern'), t('beyondOrganisations'), ...states],
        ...j.storageRows.map((r) => [r.name, r.area, r.origin, declared(r.pattern), who(r.organisation, r.tracker), ...perState((s) => (r.firstSeen[s] ? `${pageLabel(r.firstSeen[s])}${r.writtenBy?.[s] ? ` (${t('beyondWrittenBy', r.writtenBy[s]!)})` : ''}` : '—'))]),
      ],
      organisations: [
        [t('matrixOrganisation'), t('colCategory'), t('colPattern'), ...states],
        ...j.organisationRows.map((o) => [o.organisation, categoryWords(o.category, words), orgDeclared(o), ...perState((s) => {
          const r = o.requests[s];
          return r ? t('beyondCountTo', requests(r.count), r.firstUrl) : '—';
        })]),
      ],
      notes,
    };
  }
  return {
    storage: [
      [t('matrixStorageKey'), t('beyondStorage'), t('colDomain'), t('colPattern'), t('beyondOrganisations'), t('colSetBy')],
      ...(single?.storage ?? []).map((s) => [s.name, s.area, s.origin, declared(s.pattern), who(s.organisation, s.tracker), s.writtenBy ?? '']),
    ],
    organisations: [
      [t('matrixOrganisation'), t('colCategory'), t('colPattern'), t('beyondOrganisations')],
      ...(single?.contacts ?? []).map((o) => [o.organisation, categoryWords(o.category, words), orgDeclared(o), `${t('beyondCountTo', requests(o.count), o.firstUrl)}${o.script ? t('findingStartedBy', o.script) : ''}`]),
    ],
    notes,
  };
}
