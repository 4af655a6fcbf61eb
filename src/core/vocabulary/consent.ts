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
  | 'direct-failed';
