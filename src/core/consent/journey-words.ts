// The journeys in words, the one place that turns their codes into sentences: how each state came
// about (or why it was not reached), and each finding with its source. The popup, the reports and
// the command line call it with their own lookup of the _locales messages. Quoted data (an
// address, a dialog's text, the policy's own sentence) goes in as it is; reports made before these
// codes existed are worded from their English trace.
import type { JourneyState } from './journey-state.ts';
import type { JourneyFinding, JourneyFindingId, RemovedInState } from './consent-matrix.ts';
import type { Words } from './consent-words.ts';
import type { DialogMiss, Refusal, StateOutcome } from '../vocabulary/consent.ts';
import { countKey } from '../text/plural.ts';
import type { Language } from '../types.ts';

type Key = Parameters<Words>[0];
const camel = (code: string) => code.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/** Addresses of links and navigations read as they are; a download's, a form's or a request's in brackets. */
const BRACKETED: ReadonlySet<Refusal['danger']> = new Set(['download', 'form-submission', 'request', 'popup']);

export function refusalWords(refusal: Refusal, t: Words): string {
  const detail = refusal.detail && BRACKETED.has(refusal.danger) ? `(${refusal.detail})` : refusal.detail ?? '';
  return t(`danger_${camel(refusal.danger)}` as Key, detail).trimEnd();
}

function missWords(miss: DialogMiss, detail: string | undefined, t: Words): string {
  return t(`stateMiss_${camel(miss)}` as Key, detail ?? '');
}

function methodWords(o: StateOutcome, state: JourneyState, t: Words): string {
  if (!o.method) return '';
  const accept = state === 'accept-all';
  const base = o.method === 'all-control' ? t(accept ? 'stateHow_acceptAll' : 'stateHow_refuseAll')
    : o.method === 'switches' ? t(accept ? 'stateHow_switchesOn' : 'stateHow_switchesOff', String(o.switches ?? 0))
    : t(accept ? 'stateHow_ruleOptIn' : 'stateHow_ruleOptOut');
  return o.opened ? t('stateHow_opened', base) : base;
}

/** Why a state was not reached (or why its record was set directly). */
function whyWords(o: StateOutcome, state: JourneyState, t: Words): string {
  const records = (o.records ?? []).join(', ');
  const after = (words: string) => (o.method ? t('stateWhy_after', methodWords(o, state, t), words) : words);
  switch (o.blocker) {
    case 'no-manager': return t('stateWhy_noManager');
    case 'undriven-dialog': return t('stateWhy_undrivenDialog', o.detail ?? '');
    case 'unsafe-control': return t('stateWhy_unsafeControl', o.refusal ? refusalWords(o.refusal, t) : '');
    case 'left-page': return t('stateWhy_leftPage');
    case 'page-tried': return t('stateWhy_pageTried', o.refusal ? refusalWords(o.refusal, t) : '');
    case 'no-dialog': return missWords(o.miss ?? 'no-dialog', o.detail, t);
    case 'not-recorded': return after(t('stateWhy_notRecorded', records));
    case 'other-choice-recorded': return after(t('stateWhy_otherChoice', records));
    case 'dialog-stayed-open': return after(t('stateWhy_dialogStayedOpen'));
    case 'no-own-record': return t('stateWhy_noOwnRecord');
    case 'direct-failed': return t('stateWhy_directFailed', records);
    default: return '';
  }
}

/** How a state came about, or why it was not reached. */
export function stateWords(s: { state: JourneyState; how: string; outcome?: StateOutcome }, t: Words): string {
  const o = s.outcome;
  if (!o) return s.how;
  if (o.kind === 'untouched') return t('stateHow_untouched');
  if (o.kind === 'not-reached') return whyWords(o, s.state, t);
  if (o.via === 'direct') return t('stateHow_direct', whyWords(o, s.state, t));
  const how = methodWords(o, s.state, t);
  return o.byClosing ? t('stateHow_byClosing', how) : how;
}

function removedWords(removed: RemovedInState | undefined, t: Words): string {
  if (!removed) return '';
  // Chrome's i18n reads `$1$2` as a named placeholder: the parts are joined here, never side by side in a message.
  return t('finding_removed', `${removed.by ? t('finding_removedBy', removed.by) : ''}${removed.afterMs !== undefined ? t('finding_removedAfter', String(removed.afterMs)) : ''}`);
}

const FINDING_KEYS: Record<JourneyFindingId, string> = {
  'tracker-before-consent': 'TrackerBeforeConsent',
  'exempt-audience-before-consent': 'ExemptBeforeConsent',
  'tracker-after-refusal': 'TrackerAfterRefusal',
  undeclared: 'Undeclared',
  'declared-never-seen': 'DeclaredNeverSeen',
  'accept-changed-nothing': 'AcceptChangedNothing',
  'no-consent-control': 'NoConsentControl',
  'consent-not-driven': 'ConsentNotDriven',
  'state-not-reached': 'StateNotReached',
  'request-before-consent': 'RequestBeforeConsent',
  'audience-request-before-consent': 'AudienceRequestBeforeConsent',
  'request-after-refusal': 'RequestAfterRefusal',
  'undeclared-third-party': 'UndeclaredThirdParty',
  'storage-before-consent': 'StorageBeforeConsent',
  'storage-after-refusal': 'StorageAfterRefusal',
  'undeclared-storage': 'UndeclaredStorage',
};
const key = (prefix: 'finding' | 'source' | 'remedy', id: JourneyFindingId) => `${prefix}_${FINDING_KEYS[id][0]!.toLowerCase()}${FINDING_KEYS[id].slice(1)}` as Key;

/** An organisation's category in the reader's language. */
export function categoryWords(category: string, t: Words): string {
  return t(`orgCategory_${camel(category)}` as Key) || category;
}

/** "3 requests, the first to https://…/g/collect?v=&cid= (started by https://…/gtag/js)". */
function requestsWords(o: NonNullable<JourneyFinding['organisation']>, t: Words, language: Language): string {
  return `${t(countKey('findingRequests', o.count, language), String(o.count), o.url)}${o.script ? t('findingStartedBy', o.script) : ''}`;
}

/** "localStorage _hjSessionUser_1" and who wrote it: " by https://static.hotjar.com/c/hotjar.js". */
function storageWords(s: NonNullable<JourneyFinding['storage']>): string {
  return `${s.area} ${s.name}`;
}

/** A finding in words; `stateLabel` names a state in the reader's language. */
export function findingWords(f: JourneyFinding, t: Words, stateLabel: (state: JourneyState) => string, language: Language = 'en'): string {
  const cookie = f.cookie ?? '';
  const o = f.organisation;
  const s = f.storage;
  switch (f.id) {
    case 'request-before-consent':
    case 'request-after-refusal':
      return o ? t(key('finding', f.id), o.name, categoryWords(o.category, t), requestsWords(o, t, language)) + (f.direct ? t('finding_refusedDirectly') : '') : f.detail;
    case 'audience-request-before-consent': return o ? t(key('finding', f.id), o.name, requestsWords(o, t, language)) : f.detail;
    case 'undeclared-third-party': return o ? t(key('finding', f.id), o.name, categoryWords(o.category, t)) : f.detail;
    case 'storage-before-consent':
    case 'storage-after-refusal':
      return s ? t(key('finding', f.id), storageWords(s), `${s.by ? t('findingStoredBy', s.by) : ''}${s.organisation ? t('findingStorageOf', s.organisation) : ''}`) + (f.direct ? t('finding_refusedDirectly') : '') : f.detail;
    case 'undeclared-storage': return s ? t(key('finding', f.id), storageWords(s), s.origin, `${s.by ? t('findingStoredBy', s.by) : ''}${s.organisation ? t('findingStorageOf', s.organisation) : ''}`) : f.detail;
    case 'tracker-before-consent': return t(key('finding', f.id), cookie, removedWords(f.removed, t));
    case 'exempt-audience-before-consent': return f.exemption !== undefined ? t(key('finding', f.id), cookie, removedWords(f.removed, t), f.exemption) : f.detail;
    case 'tracker-after-refusal': return t(key('finding', f.id), cookie, `${removedWords(f.removed, t)}${f.direct ? t('finding_refusedDirectly') : ''}`);
    case 'undeclared': return f.domain !== undefined ? t(key('finding', f.id), cookie, f.domain) : f.detail;
    case 'declared-never-seen': return t(key('finding', f.id), cookie);
    case 'consent-not-driven': return f.dialog !== undefined ? t(key('finding', f.id), f.dialog) : f.detail;
    case 'state-not-reached': return f.state && f.outcome ? t(key('finding', f.id), stateLabel(f.state), stateWords({ state: f.state, how: '', outcome: f.outcome }, t)) : f.detail;
    default: return t(key('finding', f.id));
  }
}

/**
 * What cures a finding, in the reader's language: a consent defect is cured in the consent manager
 * (`manager`, by name, where one was driven), never by declaring the tracker.
 */
export function findingRemedy(f: Pick<JourneyFinding, 'id'>, t: Words, manager?: string): string {
  const who = manager ?? t('remedy_theManager');
  return t(key('remedy', f.id), who);
}

/** The rule a finding rests on, in the reader's language. */
export function findingSource(f: Pick<JourneyFinding, 'id'>, t: Words): string {
  return t(key('source', f.id));
}
