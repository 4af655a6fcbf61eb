// Every key the extension keeps in storage, and the shape of each, in one place: no key is spelt
// twice. `storage.local` outlives the browser session; `storage.session` is gone when it closes.
export const localKeys = {
  /** The catalogue worked out for an origin (policy reading and recognition), with its time. */
  catalogue: (origin: string) => `catalogue:${origin}`,
  /** The last audits of an origin the user saw, for "what changed". */
  history: (origin: string) => `history:${origin}`,
  /** The user's own catalogue for an origin (options page). */
  override: (origin: string) => `override:${origin}`,
  overridePrefix: 'override:',
} as const;

export const sessionKeys = {
  /** A tab's last audit. */
  tab: (tabId: number) => `tab:${tabId}`,
  tabPrefix: 'tab:',
  /** Which state *Check consent* is at in a tab, for the popup's progress. */
  consentProgress: (tabId: number) => `consent-progress:${tabId}`,
  /** A fresh visit's journal: the user's jar set aside, until it is put back. */
  freshVisitPrefix: 'fresh-visit:',
  /** Set once the background's start-up sweeps of open tabs are over. */
  startupSwept: 'startup-swept',
  /** The tab whose popup asked for host access, and when: Chrome's prompt closes that popup. */
  grantAsked: 'grant-asked',
} as const;

/** What `sessionKeys.grantAsked` holds. */
export interface GrantAsked {
  tabId: number;
  at: number;
}
