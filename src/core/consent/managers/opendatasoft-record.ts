// The platform's record of the visitor's consent choice: `cookies_preferences`, a URL-encoded JSON
// object of per-tracker booleans (functional_cookies, ga, matomo, xiti, at, piano, eulerian…) and a
// timestamp. Never trusted: a malformed value is a state with its problem's code, not a crash.
// Read only by the platform's manager module (opendatasoft.ts).
import type { ConsentState } from '../../vocabulary/consent.ts';
import { CONSENT_KEYS } from '../consent-cookie.ts';
import { choiceOf } from './record-choice.ts';

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
    return { status: 'unreadable', manager: 'opendatasoft', problem: 'not-url-encoded' };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.slice(0, 10_000));
  } catch {
    return { status: 'unreadable', manager: 'opendatasoft', problem: 'not-json' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { status: 'unreadable', manager: 'opendatasoft', problem: 'not-an-object' };
  const choices: Record<string, boolean> = {};
  let timestamp: string | undefined;
  let otherKeys = 0;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const choice = readChoice(value);
    if (key === 'timestamp') timestamp = readTimestamp(value);
    else if (CONSENT_KEYS.has(key) && choice !== undefined) choices[key] = choice;
    else otherKeys++;
  }
  if (Object.keys(choices).length === 0) return { status: 'unreadable', manager: 'opendatasoft', problem: otherKeys ? 'no-known-choice' : 'no-choice', ...(otherKeys ? { otherKeys } : {}) };
  // functional_cookies is the strictly necessary part, always on: it says nothing of trackers.
  const trackers = Object.fromEntries(Object.entries(choices).filter(([key]) => key !== 'functional_cookies'));
  // A record with no tracker key (a portal with no tracker configured) is an acceptance of nothing to refuse.
  const choice = Object.keys(trackers).length === 0 ? 'accept-all' : choiceOf(trackers)!;
  return { status: 'chosen', manager: 'opendatasoft', choice, choices, ...(timestamp ? { timestamp } : {}), ...(otherKeys ? { otherKeys } : {}) };
}

