// The visitor's three journeys, run the same way wherever they run: the popup's *Check consent*
// (a tab, through the extension's APIs) and `scan --journeys` (a page, through puppeteer) are two
// drivers of this one runner. For each state: clean, load, find the consent managers, choose (no
// choice, refuse all, accept all) in one manager's dialog, check the choice is recorded on the
// portal's own hosts, let the page settle, then audit each page. The waits, the cleaning and the
// verification are here, once.
import { type Recording, withSetters } from '../evidence/cookie-setters.ts';
import { removedWrites } from '../evidence/removed-writes.ts';
import type { AuditResult } from '../types.ts';
import { type JourneyManagers, type JourneyRun, type JourneyState, JOURNEY_STATES } from './consent-matrix.ts';
import { MANAGERS, managerById } from './managers/index.ts';
import type { Choice, ConsentManager, ManagerId, ManagerRule } from './managers/manager.ts';
import type { ChoiceAnswer, DetectAnswer } from './driver-protocol.ts';
import { choiceTrace, refusalTrace } from './choice-trace.ts';
import type { Refusal, StateOutcome } from '../vocabulary/consent.ts';
import { VISIT_TIMING, type VisitDriver, firstVisit, settle } from '../visit/first-visit.ts';
import { type TrackerKnowledge, withBeyondCookies } from '../trackers/beyond-cookies.ts';

/** How a state reads when the page shows a consent dialog of a manager the auditor cannot drive. */
export const UNDRIVEN = 'a consent dialog is present but could not be driven';

/**
 * What differs between a tab in the extension and a page in a scan: a visit's primitives (each
 * state starts as a first visit, src/core/visit/first-visit.ts), and the consent dialog's.
 */
export interface JourneyDriver extends VisitDriver {
  /**
   * Where the tab or page is now (undefined: closed), whether it is still the document `mark` was
   * left on, and a navigation the in-page driver cancelled since the choice (`blocked`).
   */
  where(mark?: string): Promise<{ url: string; sameDocument: boolean; blocked?: Refusal } | undefined>;
  /** Which managers the page has (the in-page driver's `detect`). */
  detect(rules: ManagerRule[]): Promise<DetectAnswer>;
  /**
   * A choice in the manager's dialog (the in-page driver's `choose`); `blocked` names a navigation
   * or non-GET request it caused that the driver stopped.
   */
  choose(rule: ManagerRule, choice: Choice, others: ManagerRule[]): Promise<ChoiceAnswer & { blocked?: Refusal }>;
  /** The portal's own cookies (its hosts, never the page the tab may show instead), names and values. */
  portalCookies(): Promise<{ name: string; value: string }[]>;
  /** Sets a cookie on the portal (the direct fallback); false when it could not. */
  writeCookie?(cookie: { name: string; value: string }): Promise<boolean>;
  /** The audit of the page now shown, or undefined when it could not be made. */
  audit(): Promise<AuditResult | undefined>;
  /** Links of the page now shown, for the pages a visitor goes to next. */
  links?(): Promise<string[]>;
  /** Told as each state starts. */
  progress?(state: JourneyState, step: number, of: number): Promise<void>;
  /**
   * Who set each cookie: the writes the driver recorded since this state's `clean` (the evidence
   * recorder). Each page's audit carries them, tied to its cookies.
   */
  recording?(state: JourneyState): Promise<Recording | undefined>;
  /**
   * What the visitor saw: a picture of the page with the dialog as found (`found`, each state) and
   * once the choice is made (`chosen`); returns the reference the driver kept it under.
   */
  capture?(state: JourneyState, moment: 'found' | 'chosen'): Promise<string | undefined>;
  /** The state's pages are all audited (the driver closes its network log, say). */
  stateDone?(state: JourneyState): Promise<void>;
}

export interface JourneyOptions {
  /** Pages per journey, the home page first. */
  pages?: number;
  settleMs?: number;
  /** Choose the pages after the home page from its links (scan); none by default (the popup audits one page). */
  pagesFrom?(homeUrl: string, links: string[], count: number): string[];
  /** When the dialog cannot be driven: write the manager's own record of the choice directly, and reload. */
  fallback?: boolean;
  /** The managers to look for, in the order they are preferred: ours (the default), then autoconsent's rules. */
  managers?: readonly ConsentManager[];
  /**
   * After a choice, load the page once more before its audit: the visitor's next page view, with
   * the choice recorded. Where a journey has one page (Check consent), it is what shows a tracker
   * that fires on every load whatever the visitor chose.
   */
  nextView?: boolean;
  /** What classifies what a page did beyond cookies (organisations, storage keys), when recorded. */
  known?: TrackerKnowledge;
}

export interface JourneysOutcome {
  runs: JourneyRun[];
  /** The manager the journeys drove, the others the page had, and a consent dialog no known manager explains. */
  managers: JourneyManagers;
  /** The audit of the home page before any choice: the portal's plain verdict. */
  base?: AuditResult;
  /** The journeys stopped: the tab was closed, or it left the portal where the driver could not stop it. */
  stop?: 'tab-closed' | 'left-portal';
}

const samePortal = (a: string, b: string) => {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
};

export async function runJourneys(driver: JourneyDriver, homeUrl: string, options: JourneyOptions = {}): Promise<JourneysOutcome> {
  const settleMs = options.settleMs ?? VISIT_TIMING.settleMs;
  const managers = options.managers ?? MANAGERS;
  const count = options.pages ?? 1;
  const runs: JourneyRun[] = [];
  let pages: string[] | undefined;
  let present: ManagerId[] = [];
  let drove: ManagerId | undefined;
  let unknown: string | undefined;
  let base: AuditResult | undefined;
  for (const [i, state] of JOURNEY_STATES.entries()) {
    await driver.progress?.(state, i + 1, JOURNEY_STATES.length);
    // Each state a first visit; before a choice, settled only until the dialog shows (in full after the choice).
    const loaded = await firstVisit(driver, homeUrl, state === 'no-choice' ? settleMs : VISIT_TIMING.dialogMs);
    if (loaded === 'closed') return { runs, managers: managersOf(present, undefined, unknown), stop: 'tab-closed' };
    const here = await driver.where();
    if (!here) return { runs, managers: managersOf(present, undefined, unknown), stop: 'tab-closed' };
    if (!samePortal(here.url, homeUrl)) return { runs, managers: managersOf(present, undefined, unknown), stop: 'left-portal' };
    if (!pages) {
      const detected = await driver.detect(managers.map((m) => m.rule));
      present = (detected.present ?? []).map((p) => p.id);
      unknown = detected.unknownDialog;
      // The manager whose dialog shows by its own markup wins, then one whose dialog shows by its
      // role, then the first present, in the managers' order (the platform's first).
      drove = detected.present?.find((p) => p.dialog && !p.byRole)?.id ?? detected.present?.find((p) => p.dialog)?.id ?? present[0];
      pages = options.pagesFrom && count > 1 ? options.pagesFrom(homeUrl, (await driver.links?.()) ?? [], count) : [homeUrl];
    }
    const run: JourneyRun = { state, reached: true, how: 'arrived and touched nothing', outcome: { kind: 'untouched' }, pages: [] };
    const found = await driver.capture?.(state, 'found');
    if (found) run.screenshots = { found };
    // The writes that count for this state: all of them with no choice, those after the choice otherwise.
    let from = 0;
    // The same for what the page did beyond cookies; each page gets what happened since the last one's audit.
    let tracesFrom = 0;
    if (state !== 'no-choice') {
      const sofar = await driver.recording?.(state);
      from = sofar?.writes.length ?? 0;
      tracesFrom = sofar?.traces?.length ?? 0;
      const { made, left } = await choose(driver, managers, drove, state, homeUrl, options.fallback === true, settleMs, unknown);
      Object.assign(run, made);
      const chosen = run.reached ? await driver.capture?.(state, 'chosen') : undefined;
      if (chosen) run.screenshots = { ...run.screenshots, chosen };
      // A control that would have left the page, or a page the tab left: nothing of this state is audited.
      if (left) {
        runs.push(run);
        await driver.stateDone?.(state);
        continue;
      }
      // Not made: the page still settles in full before it is audited as it is.
      if (!run.reached) await settle(driver, settleMs);
      else if (options.nextView && pages.length === 1) {
        // What the page tried since the choice (a navigation its guard cancelled) dies with its
        // document: read before the next view replaces it.
        const tried = (await driver.where())?.blocked;
        if (tried) {
          Object.assign(run, pageTried(tried));
          runs.push(run);
          await driver.stateDone?.(state);
          continue;
        }
        const next = await driver.load(homeUrl);
        if (next === 'closed') return { runs, managers: managersOf(present, drove, unknown), stop: 'tab-closed' };
        await settle(driver, Math.min(settleMs, VISIT_TIMING.nextPageSettleMs));
      }
    }
    for (const [p, url] of pages.entries()) {
      if (p > 0) {
        const next = await driver.load(url);
        if (next === 'closed') return { runs, managers: managersOf(present, drove, unknown), stop: 'tab-closed' };
        if (next === 'timeout') {
          run.pages.push({ url, timedOut: true });
          continue;
        }
        await settle(driver, Math.min(settleMs, VISIT_TIMING.nextPageSettleMs));
      }
      const now = await driver.where();
      // After the choice, the page tried to leave or change something, and the browser refused it
      // (a refused navigation may leave an error page in its place): what follows is not what a
      // visitor who made this choice would have had. Nothing more of this state is audited.
      if (state !== 'no-choice' && run.reached && now?.blocked) {
        Object.assign(run, pageTried(now.blocked));
        break;
      }
      if (!now || !samePortal(now.url, homeUrl)) return { runs, managers: managersOf(present, drove, unknown), stop: now ? 'left-portal' : 'tab-closed' };
      const audited = await driver.audit();
      const recording = audited && (await driver.recording?.(state));
      const withWrites = audited && recording ? withSetters(audited, recording) : audited;
      const audit = withWrites && recording?.traceCoverage ? withBeyondCookies(withWrites, { traces: (recording.traces ?? []).slice(tracesFrom), ...(recording.held ? { held: recording.held } : {}), coverage: recording.traceCoverage }, options.known ?? {}) : withWrites;
      tracesFrom = recording?.traces?.length ?? tracesFrom;
      if (state === 'no-choice' && p === 0) base = audit;
      // Written, then gone before the audit: the jar cannot show it, the writes do.
      const removed = audited && recording ? removedWrites(recording.writes.slice(from), audited.cookies, new URL(now.url).hostname) : [];
      run.pages.push({ url, timedOut: p === 0 && loaded === 'timeout', ...(audit ? { audit } : {}), ...(removed.length ? { removed } : {}) });
    }
    runs.push(run);
    await driver.stateDone?.(state);
  }
  return { runs, managers: managersOf(present, drove, unknown), ...(base ? { base } : {}) };
}

function managersOf(present: ManagerId[], drove: ManagerId | undefined, unknown: string | undefined): JourneyManagers {
  return { present, ...(drove ? { drove } : {}), ...(unknown ? { unknownDialog: unknown } : {}) };
}

/** One choice, driven in the dialog, checked on the portal's hosts; or set directly when asked and the dialog failed. */
type Made = Omit<JourneyRun, 'state' | 'pages'>;

/** A state not reached: its codes (what decides, and what the edges word) and the English trace. */
function notReached(how: string, cause: StateOutcome): Made {
  return { reached: false, how, outcome: { ...cause, kind: 'not-reached' } };
}

/** After the choice, the page tried to leave or change something and the browser refused it. */
function pageTried(refusal: Refusal): Made {
  return notReached(`not reached: after the choice, the page tried to leave or change something (${refusalTrace(refusal)}); the browser refused it`, { kind: 'not-reached', blocker: 'page-tried', refusal });
}

async function choose(driver: JourneyDriver, managers: readonly ConsentManager[], drove: ManagerId | undefined, state: Choice, homeUrl: string, fallback: boolean, settleMs: number, unknown?: string): Promise<{ made: Made; left?: boolean }> {
  if (!drove) {
    // A dialog no known manager explains is named as found, never driven by guesswork.
    if (unknown) return { made: notReached(`${UNDRIVEN} (${unknown})`, { kind: 'not-reached', blocker: 'undriven-dialog', detail: unknown }) };
    return { made: await direct(driver, undefined, state, homeUrl, fallback, settleMs, 'no consent manager found in the page', { kind: 'not-reached', blocker: 'no-manager' }) };
  }
  const manager = managerById(drove, managers);
  const answer = await driver.choose(manager.rule, state, managers.map((m) => m.rule));
  const dialog = { ...(answer.dialogTitle ? { dialogTitle: answer.dialogTitle } : {}), ...(answer.labels?.length ? { controls: answer.labels } : {}) };
  const method = answer.outcome !== 'chosen' ? {} : { method: answer.method, ...(answer.opened ? { opened: true } : {}), ...(answer.switches !== undefined ? { switches: answer.switches } : {}) };
  const here = await driver.where(answer.mark);
  const left = !here || !here.sameDocument || !samePortal(here.url, homeUrl);
  const blocked = answer.blocked ?? here?.blocked;
  if (answer.outcome === 'unsafe' || blocked || left) {
    const refusal = answer.outcome === 'unsafe' ? answer.refusal : blocked;
    const why = answer.outcome === 'unsafe' ? choiceTrace(answer) : blocked ? `not reached: the control would leave the page (${refusalTrace(blocked)})` : 'not reached: the control left the page';
    const cause: StateOutcome = answer.outcome === 'unsafe' || blocked ? { kind: 'not-reached', blocker: 'unsafe-control', ...(refusal ? { refusal } : {}) } : { kind: 'not-reached', blocker: 'left-page' };
    // The page may be gone: the state is named, never audited; a direct record is made on a fresh load.
    if (fallback) return { made: { ...(await direct(driver, manager.id, state, homeUrl, fallback, settleMs, why, cause)), ...dialog } };
    return { made: { ...notReached(why, cause), manager: manager.id, ...dialog }, left: true };
  }
  if (answer.outcome !== 'chosen') {
    // The dialog the visitor sees is another manager's, one the auditor does not know: named as such.
    const why = unknown ? `${UNDRIVEN} (${unknown}); ${manager.name}: ${choiceTrace(answer)}` : choiceTrace(answer);
    const cause: StateOutcome = unknown ? { kind: 'not-reached', blocker: 'undriven-dialog', detail: unknown } : { kind: 'not-reached', blocker: 'no-dialog', miss: answer.miss, ...(answer.detail ? { detail: answer.detail } : {}) };
    return { made: { ...(await direct(driver, manager.id, state, homeUrl, fallback, settleMs, why, cause)), ...dialog } };
  }
  // The page settles with the choice made; the state counts only once the manager recorded it
  // among the portal's own cookies, or, where its record's format is unknown, once its popup is gone.
  await settle(driver, settleMs);
  if (manager.confirmedBy === 'dialog-closed') {
    if (!answer.closed) return { made: { ...(await direct(driver, manager.id, state, homeUrl, fallback, settleMs, `${choiceTrace(answer)}, but its consent dialog stayed open`, { kind: 'not-reached', blocker: 'dialog-stayed-open', ...method })), ...dialog } };
    return { made: { reached: true, how: `${choiceTrace(answer)}; its dialog closed (its record is not one the auditor reads)`, outcome: { kind: 'chosen', via: 'dialog', ...method, byClosing: true }, via: 'dialog', manager: manager.id, ...dialog } };
  }
  const recorded = manager.recorded(await driver.portalCookies());
  if (recorded !== state) {
    const why = `${choiceTrace(answer)}, but ${recorded === undefined ? `no choice was recorded in ${manager.consentCookies.join(', ')}` : `${manager.consentCookies.join(', ')} records another choice`}`;
    return { made: { ...(await direct(driver, manager.id, state, homeUrl, fallback, settleMs, why, { kind: 'not-reached', blocker: recorded === undefined ? 'not-recorded' : 'other-choice-recorded', records: [...manager.consentCookies], ...method })), ...dialog } };
  }
  return { made: { reached: true, how: choiceTrace(answer), outcome: { kind: 'chosen', via: 'dialog', ...method }, via: 'dialog', manager: manager.id, ...dialog } };
}

/**
 * The evidence collectors' fallback, when asked for: the manager's own record of the choice written
 * directly on the portal, then the page loaded again. Reported as such, never as a driven result.
 */
async function direct(driver: JourneyDriver, id: ManagerId | undefined, state: Choice, homeUrl: string, fallback: boolean, settleMs: number, why: string, cause: StateOutcome): Promise<Made> {
  const named = id ? { manager: id } : {};
  if (!fallback || !driver.writeCookie) return { ...notReached(why, cause), ...named };
  const manager = MANAGERS.find((m) => m.id === (id ?? 'opendatasoft'));
  if (!manager) return { ...notReached(`${why}; no record of its own is known to set directly`, { ...cause, blocker: 'no-own-record' }), ...named };
  const record = manager.record(state, manager.keysOf(await driver.portalCookies()));
  if (!(await driver.writeCookie(record))) return notReached(`${why}; setting ${record.name} directly failed too`, { ...cause, blocker: 'direct-failed', records: [record.name] });
  if ((await driver.load(homeUrl)) === 'closed') return notReached(why, cause);
  await settle(driver, settleMs);
  const recorded = manager.recorded(await driver.portalCookies());
  if (recorded !== state) return notReached(`${why}; ${record.name} set directly, but the page changed it`, { ...cause, blocker: 'direct-failed', records: [record.name] });
  return { reached: true, how: `set directly, not through the portal's dialog (${why})`, outcome: { ...cause, kind: 'chosen', via: 'direct', records: [record.name] }, via: 'direct', manager: manager.id };
}
