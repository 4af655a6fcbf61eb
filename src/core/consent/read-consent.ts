// The visitor's consent choice on an Opendatasoft portal: `cookies_preferences`, a URL-encoded JSON
// object of per-tracker booleans (functional_cookies, ga, matomo, xiti, at, piano, eulerian…) and a
// timestamp. Never trusted: a malformed value is a warning, not a crash.
import type { Cookie } from '../types.ts';

export type ConsentState =
  | { status: 'no-choice' }
  | { status: 'chosen'; choices: Record<string, boolean>; timestamp?: string }
  | { status: 'unreadable'; warning: string };

export const CONSENT_COOKIE = 'cookies_preferences';

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
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'timestamp') {
      if (typeof value === 'number' || typeof value === 'string') {
        const date = new Date(typeof value === 'number' && value < 1e12 ? value * 1000 : value);
        if (!Number.isNaN(date.getTime())) timestamp = date.toISOString();
      }
    } else if (typeof value === 'boolean') choices[key] = value;
    else if (value === 'true' || value === 'false') choices[key] = value === 'true';
  }
  if (Object.keys(choices).length === 0) return { status: 'unreadable', warning: 'cookies_preferences holds no choice' };
  return { status: 'chosen', choices, ...(timestamp ? { timestamp } : {}) };
}

/** The consent state a cookie jar records (read from the value, which goes no further). */
export function readConsent(cookies: readonly Cookie[]): ConsentState {
  const cookie = cookies.find((c) => c.name === CONSENT_COOKIE);
  return cookie ? readConsentValue(cookie.value ?? '') : { status: 'no-choice' };
}
