// What the runner asks the in-page consent driver (src/page/consent-driver), and what it answers:
// one request and one answer type per action. The rule book (every manager's ManagerRule, a few
// hundred kilobytes with autoconsent's) goes into a document once, under a key; later requests
// name rules by id. Codes only: the English trace of a choice is made on this side (choice-trace.ts).
import type { Choice, ChoiceMethod, DialogMiss, Refusal } from '../vocabulary/consent.ts';
import type { ManagerId, ManagerRule } from './managers/manager.ts';

export type DriverRequest =
  | { action: 'book'; key: string; rules: ManagerRule[] }
  | { action: 'detect'; key: string }
  /** `others`: the other managers, whose dialogs are never taken for this one's. */
  | { action: 'choose'; key: string; rule: ManagerId; choice: Choice; others: ManagerId[] }
  | { action: 'mark' };

/** The driver in this document holds no rule book under the request's key: send it, then ask again. */
export interface NeedsBook { needs: 'book' }

/** detect: the managers present, in the rules' order, and whether each shows its dialog (found by its own markup, or only by its role). */
export interface DetectAnswer {
  present: { id: ManagerId; dialog: boolean; byRole?: boolean }[];
  /**
   * When no known manager shows a dialog: a visible dialog or banner that speaks of cookies or
   * consent, as found (`div#cmp-banner "Nous utilisons des cookies…"`). Named, never driven.
   */
  unknownDialog?: string;
}

interface ChoiceCommon {
  /** The dialog's title and the labels of the controls used, as read (quoted data). */
  dialogTitle?: string;
  labels: string[];
  /** A token the choice left in this document: still there afterwards means the same document. */
  mark: string;
  /** The choice this answer is for (for the trace). */
  choice: Choice;
}

export type ChoiceAnswer = ChoiceCommon & (
  /** Made: how (its all control, every switch then save, a rule's steps), after opening the dialog with its own control, how many switches, and whether a rule's popup was gone afterwards. */
  | { outcome: 'chosen'; method: ChoiceMethod; opened?: boolean; switches?: number; closed?: boolean }
  /** Nothing clicked, or the click stopped: what the control would have done. */
  | { outcome: 'unsafe'; refusal: Refusal }
  /** The dialog could not be used: why, and its detail (a page-script step's name). */
  | { outcome: 'not-found'; miss: DialogMiss; detail?: string }
);

/**
 * mark: the token of the last choice in this document, and a navigation the choice started that
 * was cancelled before its request (`left`, its address); or, where the browser has no Navigation
 * API, a navigation begun (`unloading`) that its network rules refused, since the document is still here.
 */
export interface MarkAnswer { mark: string; left?: string; unloading?: true }

export type DriverAnswer<R extends DriverRequest> =
  R extends { action: 'detect' } ? DetectAnswer
    : R extends { action: 'choose' } ? ChoiceAnswer
      : R extends { action: 'mark' } ? MarkAnswer
        : { ok: true };

/** The global the driver's bundle sets in the world it runs in (the extension's isolated world, or the scan's). */
export const DRIVER_GLOBAL = '__odsConsentDriver';
