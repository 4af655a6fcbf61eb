// The platform's consent record, by name: `cookies_preferences` and the keys its banner writes
// (docs/platform-facts.md §1). Spelt here once; read in read-consent.ts and the platform's manager.
export const CONSENT_COOKIE = 'cookies_preferences';

/** The keys Opendatasoft's banner writes; any other key is only counted. */
export const CONSENT_KEYS: ReadonlySet<string> = new Set(['functional_cookies', 'ga', 'matomo', 'xiti', 'at', 'piano', 'eulerian']);
