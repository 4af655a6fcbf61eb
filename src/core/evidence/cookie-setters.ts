// Each cookie of an audit tied to what set it: the first write a recorder saw of it (and how many),
// or, when none was seen, whether it was already there when the recording started. Never a guess:
// a cookie no write explains and that was not there before reads "not seen being set".
import type { JourneyState } from '../consent/journey-state.ts';
import type { AuditResult, CookieFinding } from '../types.ts';
import { scrubList, scrubValues } from '../har/write-har.ts';
import type { CookieWrite } from './cookie-writes.ts';
import type { CookieSetter, EvidenceCoverage } from './setter-types.ts';
import type { HeldStorage, PageTrace, TraceCoverage } from '../trackers/traces.ts';

export type { CookieSetter, EvidenceCoverage };

export interface Recording {
  /** Every write seen, in the order seen. */
  writes: readonly CookieWrite[];
  /** Cookies present when the recording started. */
  before?: readonly { name: string; domain: string }[];
  state?: JourneyState;
  coverage: EvidenceCoverage;
  /** The cookie values the recorder met: removed from the addresses kept (a beacon's address may carry one). */
  values?: readonly string[];
  /** Beyond cookies: storage writes and requests seen, in the order seen (src/core/trackers/traces.ts). */
  traces?: readonly PageTrace[];
  /** The storage keys the page's frames hold now. */
  held?: readonly HeldStorage[];
  /** What was observed beyond cookies; absent: nothing was. */
  traceCoverage?: TraceCoverage;
}

const bare = (domain: string) => domain.replace(/^\./, '').toLowerCase();
const keyOf = (c: { name: string; domain: string }) => `${c.name}\u0000${bare(c.domain)}`;

/** The setter of one cookie from a recording's writes. */
export function setterOf(cookie: { name: string; domain: string }, writes: readonly CookieWrite[], before: ReadonlySet<string>, state?: JourneyState): CookieSetter {
  const key = keyOf(cookie);
  const sets = writes.filter((w) => !w.removal && keyOf(w) === key);
  const first = sets[0];
  const inState = state ? { state } : {};
  if (!first) return { how: before.has(key) ? 'before-visit' : 'not-seen', count: 0, ...inState };
  return writeAsSetter(first, sets.length, state);
}

/** One write as the setter it names (a removal too: who removed a cookie), with the count of its kind. */
export function writeAsSetter(write: CookieWrite, count: number, state?: JourneyState): CookieSetter {
  return {
    how: write.kind,
    ...(write.url ? { url: write.url } : {}),
    page: write.page,
    ...(write.frame ? { frame: write.frame } : {}),
    ...(state ? { state } : {}),
    afterMs: write.afterMs,
    count,
  };
}

/** The audit with each cookie's setter, and what the recording covered. */
export function withSetters(audit: AuditResult, recording: Recording): AuditResult {
  const before = new Set((recording.before ?? []).map(keyOf));
  const values = scrubList(recording.values ?? []);
  const scrub = (setter: CookieSetter): CookieSetter => {
    if (values.length === 0) return setter;
    const out = { ...setter };
    for (const field of ['url', 'page', 'frame'] as const) if (out[field]) out[field] = scrubValues(out[field]!, values);
    return out;
  };
  const cookies = audit.cookies.map((c): CookieFinding => ({ ...c, setBy: scrub(setterOf(c, recording.writes, before, recording.state)) }));
  return { ...audit, cookies, evidence: recording.coverage };
}

/** "the script https://x/a.js", "the response to https://x/api": a setter in a few words, for lists and logs. */
export function setterSummary(setter: CookieSetter): string {
  switch (setter.how) {
    case 'response':
      return `response ${setter.url ?? ''}`.trim();
    case 'document.cookie':
    case 'cookieStore':
      if (!setter.url) return `script (${setter.how}, no address)`;
      // A script whose address is the page's own is written inside it.
      return setter.url.replace(/#.*$/, '') === setter.page?.replace(/#.*$/, '') ? `inline script of ${setter.url}` : `script ${setter.url}`;
    case 'before-visit':
      return 'set before this visit';
    default:
      return 'not seen being set';
  }
}
