// The consent vocabulary every layer shares, as codes: which managers keep a record of the
// visitor's choice, what a record says, and why one cannot be read. A leaf: it imports nothing,
// so the managers, the checks, the reports and the popup all speak it without importing each
// other. Words for each code live in _locales (see src/core/consent/consent-words.ts).

/** The managers with a module of their own here (src/core/consent/managers). */
export type KnownManagerId = 'opendatasoft' | 'tarteaucitron' | 'klaro' | 'orejime' | 'cookieconsent';
export type Choice = 'refuse-all' | 'accept-all';
/** What a manager's record says of the visitor's choice. */
export type RecordedChoice = Choice | 'mixed';

/** Why a consent record could not be read. */
export type ConsentProblem = 'not-url-encoded' | 'not-json' | 'not-an-object' | 'no-known-choice' | 'no-choice';

/**
 * The consent state a single audit finds, read by the managers from their own records among the
 * portal's cookies: none, a choice (by which manager, and what each tracker or service was
 * answered), or a record that cannot be read.
 */
export type ConsentState =
  | { status: 'no-choice' }
  | {
      status: 'chosen';
      /** Absent in reports before schema 4: the platform's `cookies_preferences`. */
      manager?: KnownManagerId;
      /** Absent in reports before schema 4: read from `choices`. */
      choice?: RecordedChoice;
      /** Each tracker, service or category the record answers (names only: the record's own keys). */
      choices: Record<string, boolean>;
      timestamp?: string;
      /** How many keys the manager is not known to write; their names and values stay unreported. */
      otherKeys?: number;
    }
  | { status: 'unreadable'; manager?: KnownManagerId; problem?: ConsentProblem; otherKeys?: number; /** Reports before schema 4: the reason in English. */ warning?: string };

/**
 * Why a consent state was not reached, as a code (the run's `how` says it in words, with the
 * page's own labels): no manager in the page, none whose dialog shows, a dialog of a manager the
 * auditor does not know, a control that would leave the page, a choice not recorded, and so on.
 */
export type StateBlocker =
  | 'no-manager'
  | 'no-dialog'
  | 'undriven-dialog'
  | 'unsafe-control'
  | 'left-page'
  | 'not-recorded'
  | 'other-choice-recorded'
  | 'dialog-stayed-open'
  | 'no-own-record'
  | 'direct-failed'
  /** After the choice, the page itself tried to leave or change something; the browser refused it. */
  | 'page-tried';

/** How a choice was made in a manager's dialog: its refuse-all or accept-all control, every switch then save, or an autoconsent rule's steps. */
export type ChoiceMethod = 'all-control' | 'switches' | 'rule-steps';

/** What a control would have done that the auditor refused or stopped. */
export type Danger =
  | 'outside-dialog'
  | 'download'
  | 'javascript-link'
  | 'link-elsewhere'
  | 'new-window'
  | 'form-submission'
  | 'navigation'
  /** A navigation begun whose address the browser does not give the page (no Navigation API). */
  | 'unload'
  | 'request'
  /** A window the page opened. */
  | 'popup';

/** A control refused or an action stopped, with the address or form it named (quoted data). */
export interface Refusal { danger: Danger; detail?: string }

/** Why a manager's dialog could not be used. */
export type DialogMiss =
  | 'no-dialog'
  | 'popup-not-shown'
  | 'no-open-control'
  | 'opened-none'
  | 'no-choice-control'
  | 'no-save-control'
  | 'no-switch'
  | 'needs-page-script'
  | 'rule-incomplete';

/**
 * How a journey's state came about, as codes the popup, the reports and the CLI word in the
 * reader's language: nothing touched (the first state), a choice made (how, and whether through
 * the dialog or set directly), or not reached (why). `detail` is quoted data (an address, a
 * dialog's text, a page-script step), never words of ours.
 */
export interface StateOutcome {
  kind: 'untouched' | 'chosen' | 'not-reached';
  /** chosen: through the dialog, or its record set directly (the fallback, after `blocker`). */
  via?: 'dialog' | 'direct';
  method?: ChoiceMethod;
  /** The dialog was opened with the manager's own control first. */
  opened?: boolean;
  /** How many switches were set (method `switches`). */
  switches?: number;
  /** Confirmed by the manager's popup closing (a record the auditor does not read). */
  byClosing?: boolean;
  /** not-reached (or the reason a direct record was set): why, and the detail of it. */
  blocker?: StateBlocker;
  refusal?: Refusal;
  miss?: DialogMiss;
  /** The consent cookies that hold no (or another) choice: not-recorded, other-choice-recorded. */
  records?: string[];
  detail?: string;
}
