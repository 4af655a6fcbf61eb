// What the auditor knows of one consent manager (the platform's own, tarteaucitron, Klaro…), behind
// one interface: how to find it and its dialog in a page, which of its controls refuse or accept
// everything, where it records the visitor's choice and how to read that record, what a record of
// each choice looks like (to set one directly when the dialog cannot be driven), and which
// trackers' cookies its choices govern. Adding a manager is one module in this folder.
//
// The page-side part is data (ManagerRule): the one in-page driver (src/page/consent-driver)
// interprets it, so that every manager gets the same safety checks.
import type { Cookie } from '../../types.ts';

import type { Choice, ConsentState, KnownManagerId, RecordedChoice } from '../../vocabulary/consent.ts';
import { choiceOf } from './record-choice.ts';

export type { Choice, KnownManagerId, RecordedChoice } from '../../vocabulary/consent.ts';
/** The managers with a module of their own here, and those known from an autoconsent rule (`autoconsent:didomi`). */
export type ManagerId = KnownManagerId | `autoconsent:${string}`;

/** A control in the page: by CSS selector first, else by its accessible name (a RegExp source, lower case). */
export interface ControlRule {
  selectors?: string[];
  names?: string;
}

export interface ManagerRule {
  id: ManagerId;
  /** Elements only this manager puts in a page: its presence, whether or not its dialog shows. */
  present: string[];
  /** Its dialog (or banner) once shown. */
  dialog: string[];
  /**
   * Where a manager's markup is not documented to the element: a dialog by role whose text says
   * this (a RegExp source), taken only while the manager is present in the page.
   */
  dialogByRole?: string;
  /** Its own control that shows the dialog again (never a link found by its words anywhere in the page). */
  open?: string[];
  refuseAll?: ControlRule;
  acceptAll?: ControlRule;
  /**
   * Dialogs with per-tracker switches and a save button but no refuse-all or accept-all button:
   * every switch set off (or on), then save. « Sauvegarder mes choix » with every switch off is a
   * refusal, which generic heuristics read as an acceptance: only this rule decides.
   */
  switches?: { selectors: string[]; save: ControlRule };
  /**
   * A manager known from a DuckDuckGo autoconsent rule (src/core/consent/autoconsent): its own
   * steps find it, its popup and its opt-out and opt-in, interpreted under the same safety checks.
   * `present` then holds the containers the rule names: every click must fall inside one.
   */
  steps?: RuleSteps;
}

/** An autoconsent rule's element selector: CSS, `xpath/…`, or a chain through shadow roots and frames. */
export type ElementSelector = string | string[];

/** The steps of autoconsent's rule syntax the in-page driver knows (docs/rule-syntax.md there). */
export interface RuleStep {
  exists?: ElementSelector;
  visible?: ElementSelector;
  check?: 'any' | 'all' | 'none';
  waitFor?: ElementSelector;
  waitForVisible?: ElementSelector;
  timeout?: number;
  click?: ElementSelector;
  all?: boolean;
  waitForThenClick?: ElementSelector;
  wait?: number;
  cookieContains?: string;
  /** A snippet of the manager's page script: never run (named instead). */
  eval?: string;
  /** Cosmetic steps (they change the page's look, never a choice): skipped. */
  hide?: string;
  removeClass?: string;
  setStyle?: string;
  addStyle?: string;
  selector?: ElementSelector;
  if?: RuleStep;
  then?: RuleStep[];
  else?: RuleStep[];
  any?: RuleStep[];
  negated?: boolean;
  optional?: boolean;
  comment?: string;
}

export interface RuleSteps {
  detectCmp: RuleStep[];
  detectPopup: RuleStep[];
  optOut: RuleStep[];
  optIn: RuleStep[];
}

export interface ConsentManager {
  id: ManagerId;
  /** Its name, as people know it. */
  name: string;
  rule: ManagerRule;
  /** The cookies its record lives in (none known for a manager known only from an autoconsent rule). */
  consentCookies: readonly string[];
  /**
   * How a choice made in its dialog is confirmed: by reading its record (`recorded`), or, where
   * the record's format is not known, by its popup closing once the steps were done.
   */
  confirmedBy?: 'record' | 'dialog-closed';
  /** The choice recorded among the portal's own cookies, or undefined when none is. */
  recorded(cookies: readonly Pick<Cookie, 'name' | 'value'>[]): RecordedChoice | undefined;
  /**
   * The record a visitor's `choice` leaves, for the trackers `keys` (the manager's service names),
   * to set it directly when the dialog cannot be driven, as evidence collectors do.
   */
  record?(choice: Choice, keys: readonly string[]): { name: string; value: string };
  /** The trackers (service names) a record governs, read from the page's record or configuration. */
  keysOf(cookies: readonly Pick<Cookie, 'name' | 'value'>[]): string[];
}

/** A manager with a module of its own here: it knows its record, and so can read and write one. */
export interface OwnManager extends ConsentManager {
  id: KnownManagerId;
  record(choice: Choice, keys: readonly string[]): { name: string; value: string };
  /**
   * The consent state its record among the portal's cookies says, for the single audit: undefined
   * when it keeps no record there (or a record of no answer yet). Only manager modules read records.
   */
  consentState(cookies: readonly Pick<Cookie, 'name' | 'value'>[]): ConsentState | undefined;
}

/** The consent state of a record of per-key answers (`choices`), as a manager read them. */
export function stateOf(manager: KnownManagerId, choices: Record<string, boolean>): ConsentState {
  const choice = choiceOf(choices);
  return choice ? { status: 'chosen', manager, choice, choices } : { status: 'unreadable', manager, problem: 'no-known-choice' };
}

export { choiceOf } from './record-choice.ts';
