// Which cookies belong to which tracker a portal's consent banner lists (keys of cookies_preferences),
// from the vendors' own documentation (docs/platform-facts.md §6): Matomo, AT Internet / XiTi SmartTag,
// Piano Analytics, Google Analytics (GA4 and Universal), Eulerian.
export const TRACKER_COOKIES: Record<string, RegExp> = {
  ga: /^(?:_ga(?:_.+)?|_gid|_gat(?:_.+)?|__utm[a-z])$/,
  matomo: /^(?:_pk_(?:id|ses|ref|cvar|hsr|testcookie)(?:\..*)?|matomo_sessid|mtm_consent|mtm_consent_removed|mtm_cookie_consent|matomo_ignore)$/i,
  xiti: /^(?:xtvrn|xtan.*|xtant.*|xtidc|atuserid|atidvisitor|atid|atredir|atreman|atsession)$/,
  at: /^(?:atuserid|atidvisitor|atid|atredir|atreman|atsession)$/,
  piano: /^(?:_pcid|_pctx|_pcus|_pprv|pa_user|pa_vid|pa_privacy|idrxvr|__pat|__pvi|__tbc|xbc)$/,
  eulerian: /^(?:etuix|eul.*)$/,
};

/** Cookies that record a consent or an opt-out rather than measure: never "set before consent". */
const CONSENT_STATE = /^(?:mtm_consent|mtm_consent_removed|mtm_cookie_consent|matomo_ignore|pa_privacy|_pprv)$/i;

/**
 * Audience measurement the French regulator may exempt from consent when configured for it
 * (CNIL's exemption: Matomo, AT Internet / Piano, Eulerian offer such configurations). Google
 * Analytics never qualifies.
 */
export const MAY_BE_EXEMPT: ReadonlySet<string> = new Set(['matomo', 'xiti', 'at', 'piano', 'eulerian']);

/** The trackers (consent keys) a cookie name belongs to. */
export function trackersOf(name: string): string[] {
  return Object.entries(TRACKER_COOKIES).filter(([, pattern]) => pattern.test(name)).map(([key]) => key);
}

/** The trackers a cookie measures for: its vendor's, unless it only records a consent or an opt-out. */
export function measuringTrackersOf(name: string): string[] {
  return CONSENT_STATE.test(name) ? [] : trackersOf(name);
}

/**
 * What other managers call each tracker in their records: tarteaucitron's service names (`gtag`,
 * `analytics`, `matomo`, `xiti`…), and the categories Klaro, Orejime and vanilla-cookieconsent sites
 * configure (`analytics`, `statistics`, `audience`…). A category answers for every tracker of its kind.
 */
const RECORD_NAMES: Record<string, RegExp> = {
  ga: /^(?:ga|gtag|gajs|ga4|analytics|googleanalytics|google-?analytics|google_analytics|gtm|googletagmanager)$/i,
  matomo: /^(?:matomo|matomocloud|matomotm|matomohightrack|piwik|piwikpro)$/i,
  xiti: /^(?:xiti|atinternet|at-?internet|smarttag)$/i,
  at: /^(?:at|atinternet|at-?internet|smarttag)$/i,
  piano: /^(?:piano|pianoanalytics|piano-?analytics)$/i,
  eulerian: /^(?:eulerian)$/i,
};
const MEASUREMENT_CATEGORY = /^(?:analytics|analytique|statistics|statistiques|stats|audience|mesure[-_ ]?d?[-_ ]?audience|measurement|performance|tracking)$/i;

/**
 * What a record says of `tracker`: refused (false), accepted (true), or unknown (undefined) when no
 * key of the record names it or a category it belongs to. The platform's own keys are the trackers'.
 */
export function answerFor(tracker: string, choices: Record<string, boolean>): boolean | undefined {
  if (tracker in choices) return choices[tracker];
  const named = Object.entries(choices).filter(([key]) => RECORD_NAMES[tracker]?.test(key) || MEASUREMENT_CATEGORY.test(key));
  if (named.length === 0) return undefined;
  // Any key that names it accepted: accepted; else refused.
  return named.some(([, allowed]) => allowed);
}
