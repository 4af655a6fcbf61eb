// The compliance checks' ids, a leaf every layer shares (see compliance-checks.ts for what each checks).

export type CheckId =
  | 'lifetime-over-13-months'
  | 'session-not-httponly'
  | 'auth-not-secure'
  | 'auth-samesite-none'
  | 'necessary-but-analytics'
  | 'set-before-consent'
  | 'exempt-audience-before-consent'
  | 'tracker-without-consent-control'
  | 'set-though-refused';

/** A defect breaks a rule; a caution may be lawful under conditions the audit cannot see. */
export interface CheckDefinition { id: CheckId; source: string; severity?: 'caution' }
