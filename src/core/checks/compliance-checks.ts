// Compliance checks applied to every cookie of an audit, each with the source it comes from.
export type { CheckDefinition, CheckId } from '../vocabulary/checks.ts';
import type { CheckDefinition, CheckId } from '../vocabulary/checks.ts';
import type { ConsentState } from '../vocabulary/consent.ts';
import { MAY_BE_EXEMPT, answerFor, measuringTrackersOf } from '../consent/trackers.ts';
import type { Explanation } from '../explain/explain-cookie.ts';
import type { CookieFinding } from '../types.ts';


export const CHECKS: CheckDefinition[] = [
  { id: 'lifetime-over-13-months', source: 'CNIL, délibération n° 2020-091 (lignes directrices cookies et traceurs), art. 5: trackers requiring consent kept at most 13 months' },
  { id: 'session-not-httponly', source: 'OWASP Session Management Cheat Sheet: session cookies must be HttpOnly' },
  { id: 'auth-not-secure', source: 'OWASP Session Management Cheat Sheet: authentication and CSRF cookies must be Secure on HTTPS sites' },
  { id: 'auth-samesite-none', source: 'OWASP Session Management Cheat Sheet: authentication and CSRF cookies should set SameSite Lax or Strict' },
  { id: 'necessary-but-analytics', source: 'CNIL, délibération n° 2020-091, art. 2 and 5: only strictly necessary trackers are exempt from consent; audience measurement is exempt only under strict conditions' },
  { id: 'set-before-consent', source: 'ePrivacy directive art. 5(3) and CNIL délibération n° 2020-091: trackers needing consent wait for the visitor\'s choice' },
  { id: 'exempt-audience-before-consent', severity: 'caution', source: "CNIL, délibération n° 2020-091 art. 5 and its audience-measurement exemption: lawful without consent only if the tool is configured for it (strictly the site's own audience statistics, anonymised, no cross-site tracking or data sharing, lifetime at most 13 months, visitors informed and able to object); the portal's policy claims so" },
  { id: 'tracker-without-consent-control', source: "Opendatasoft documentation (github.com/opendatasoft/ods-documentation, theme.rst): the footer's ##manage-cookies## placeholder 'is mandatory to enable the cookie banner'; without it no choice can be recorded (cookies_preferences), yet this tracker is set" },
  { id: 'set-though-refused', source: 'GDPR art. 7 and ePrivacy directive art. 5(3): a refused tracker must not be set' },
];

export const CAUTIONS: ReadonlySet<CheckId> = new Set(CHECKS.filter((c) => c.severity === 'caution').map((c) => c.id));

/** About 13 months; the CNIL counts in months, we allow the longest 13-month span. */
const THIRTEEN_MONTHS_S = 396 * 86400;
const SESSION_NAMES = /^(?:sessionid|.*sessid|.*_session|session|jsessionid|phpsessid|connect\.sid|asp\.net_sessionid)$/i;
const CSRF_NAMES = /(?:csrf|xsrf)/i;
const ANALYTICS = /^(?:analytics|marketing)$/i;

export interface CheckContext {
  /** Seconds since the epoch when the audit ran. */
  now: number;
  pageIsHttps: boolean;
  consent: ConsentState;
  explanations: Map<string, Explanation | undefined>;
  /** The policy's sentence claiming its audience measurement is exempt from consent, if any. */
  exemption?: string;
  /** Whether the page carries the platform's consent control; undefined when unknown (a cookie file). */
  consentControl?: boolean;
}

export function checkCookie(c: CookieFinding, context: CheckContext): CheckId[] {
  const found: CheckId[] = [];
  if (c.expirationDate !== undefined && c.expirationDate - context.now > THIRTEEN_MONTHS_S) found.push('lifetime-over-13-months');
  const session = SESSION_NAMES.test(c.name);
  const auth = session || CSRF_NAMES.test(c.name);
  if (session && !c.httpOnly) found.push('session-not-httponly');
  if (auth && context.pageIsHttps && !c.secure) found.push('auth-not-secure');
  if (auth && (c.sameSite === 'no_restriction' || c.sameSite === 'unspecified')) found.push('auth-samesite-none');
  const explanation = context.explanations.get(c.name);
  if (c.entry?.category === 'necessary' && explanation && ANALYTICS.test(explanation.category)) found.push('necessary-but-analytics');
  const trackers = measuringTrackersOf(c.name);
  if (trackers.length > 0) {
    if (context.consent.status === 'no-choice') {
      // Exempt audience measurement is a caution (its conditions cannot be seen from here);
      // everything else needs consent, and a portal with no consent control cannot even ask.
      if (context.exemption && trackers.every((t) => MAY_BE_EXEMPT.has(t))) found.push('exempt-audience-before-consent');
      else {
        found.push('set-before-consent');
        if (context.consentControl === false) found.push('tracker-without-consent-control');
      }
    } else if (context.consent.status === 'chosen') {
      // Refused through whichever manager keeps the record: everything refused, or this tracker
      // (or its category) answered no.
      // The platform's record has a key per tracker that asks consent: one it does not name is not gated.
      const { choice, choices, manager = 'opendatasoft' } = context.consent;
      const refused = manager === 'opendatasoft' ? trackers.some((t) => choices[t] === false) : choice === 'refuse-all' || trackers.some((t) => answerFor(t, choices) === false);
      if (refused) found.push('set-though-refused');
    }
  }
  return found;
}
