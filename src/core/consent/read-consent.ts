// The visitor's consent choice on an Opendatasoft portal: `cookies_preferences`, a URL-encoded JSON
// object of per-tracker booleans (functional_cookies, ga, matomo, xiti, at, piano, eulerian…) and a
// timestamp. Never trusted: a malformed value is a warning, not a crash.
import type { Cookie } from '../types.ts';
import { CONSENT_COOKIE, CONSENT_KEYS } from './consent-cookie.ts';

export type ConsentState =
  | { status: 'no-choice' }
  /** `otherKeys`: how many keys the platform is not known to write; their names and values stay unreported. */
  | { status: 'chosen'; choices: Record<string, boolean>; timestamp?: string; otherKeys?: number }
  | { status: 'unreadable'; warning: string };

export { CONSENT_COOKIE, CONSENT_KEYS } from './consent-cookie.ts';

// A timestamp outside these years is garbage, and would not even print as an ISO date.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function readTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  // Seconds or milliseconds: the platform's unit is not documented.
  const ms = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? new Date(ms).toISOString() : undefined;
}

function readChoice(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return value === 'true' || value === 'false' ? value === 'true' : undefined;
}

export function readConsentValue(raw: string): ConsentState {
  let text = raw;
  try {
    // Some portals encode twice; decode until stable, at most three times.
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(text); i++) text = decodeURIComponent(text);
  } catch {
    return { status: 'unreadable', warning: 'cookies_preferences is not valid URL encoding' };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.slice(0, 10_000));
  } catch {
    return { status: 'unreadable', warning: 'cookies_preferences is not JSON' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { status: 'unreadable', warning: 'cookies_preferences is not an object of choices' };
  const choices: Record<string, boolean> = {};
  let timestamp: string | undefined;
  let otherKeys = 0;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const choice = readChoice(value);
    if (key === 'timestamp') timestamp = readTimestamp(value);
    else if (CONSENT_KEYS.has(key) && choice !== undefined) choices[key] = choice;
    else otherKeys++;
  }
  if (Object.keys(choices).length === 0) return { status: 'unreadable', warning: otherKeys ? `cookies_preferences holds no known choice (${otherKeys} other keys)` : 'cookies_preferences holds no choice' };
  return { status: 'chosen', choices, ...(timestamp ? { timestamp } : {}), ...(otherKeys ? { otherKeys } : {}) };
}

/** The consent state a cookie jar records (read from the value, which goes no further). */
export function readConsent(cookies: readonly Cookie[]): ConsentState {
  const cookie = cookies.find((c) => c.name === CONSENT_COOKIE);
  return cookie ? readConsentValue(cookie.value ?? '') : { status: 'no-choice' };
}
