// What changed since the previous fleet, so that a nightly run alerts on change only: portals newly
// non-compliant, cookies newly set or gone, policies changed (their SHA-256), portals that appeared,
// disappeared or started failing. Worse: a new defect anywhere, any consent finding that appears included.
import { type Fleet, portalOf, portalOrText } from './fleet-model.ts';

export interface FleetDiff {
  previousAt: string;
  /** Audited clean before, with undeclared cookies or trackers before consent or after refusal now. */
  newlyNonCompliant: string[];
  newUndeclared: { host: string; cookies: string[] }[];
  /** Trackers (before consent or after refusal) whose cookie was not set at all in the previous run. */
  newTrackers: { host: string; cookies: string[] }[];
  /**
   * Every consent finding that appeared, each kind on its own (a tracker already set before
   * consent that now also stays after refusal is one): `cookies` newly in that finding, of which
   * `reclassified` were already set in the previous run (the same cookie, newly judged so: a first
   * --journeys run, a consent choice newly tested).
   */
  newConsentFindings: { host: string; finding: 'tracker-before-consent' | 'tracker-after-refusal'; cookies: string[]; reclassified: string[] }[];
  cookiesSet: { host: string; cookies: string[] }[];
  cookiesGone: { host: string; cookies: string[] }[];
  policiesChanged: { host: string; before: string | null; after: string | null }[];
  portalsNew: string[];
  portalsGone: string[];
  newlyFailing: string[];
  worse: boolean;
}

/** What `a` has that `b` has not, in a's order: linear, for portals with tens of thousands of names. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
}
const defective = (p: Fleet['portals'][number]) => p.undeclared > 0 || p.trackersBeforeConsent.length > 0 || p.trackersAfterRefusal.length > 0;

export function diffFleets(previous: Fleet, current: Fleet): FleetDiff {
  // Portals are told apart by origin; people read their host (with a port if any).
  const before = new Map(previous.portals.map((p) => [portalOf(p.pageUrl), p]));
  const now = new Map(current.portals.map((p) => [portalOf(p.pageUrl), p]));
  const failedBefore = new Set(previous.failures.map((f) => portalOrText(f.url)));
  const failedNow = new Set(current.failures.map((f) => portalOrText(f.url)));
  const previousFailures = new Set(previous.failures.map((f) => f.url));
  const diff: FleetDiff = {
    previousAt: previous.generatedAt,
    newlyNonCompliant: [],
    newUndeclared: [],
    newTrackers: [],
    newConsentFindings: [],
    cookiesSet: [],
    cookiesGone: [],
    policiesChanged: [],
    portalsNew: [...now].filter(([key]) => !before.has(key) && !failedBefore.has(key)).map(([, p]) => p.host).sort(),
    portalsGone: [...before].filter(([key]) => !now.has(key) && !failedNow.has(key)).map(([, p]) => p.host).sort(),
    newlyFailing: current.failures.filter((f) => !previousFailures.has(f.url)).map((f) => f.url),
    worse: false,
  };
  for (const [key, p] of now) {
    const old = before.get(key);
    if (!old) continue;
    const host = p.host;
    if (defective(p) && !defective(old)) diff.newlyNonCompliant.push(host);
    const undeclared = minus(p.undeclaredCookies, old.undeclaredCookies);
    if (undeclared.length) diff.newUndeclared.push({ host, cookies: undeclared });
    const seenBefore = new Set(old.cookieNames);
    const findings = [['tracker-before-consent', p.trackersBeforeConsent, old.trackersBeforeConsent], ['tracker-after-refusal', p.trackersAfterRefusal, old.trackersAfterRefusal]] as const;
    const fresh = new Set<string>();
    for (const [finding, nowList, oldList] of findings) {
      const appeared = minus(nowList, oldList);
      if (appeared.length === 0) continue;
      diff.newConsentFindings.push({ host, finding, cookies: appeared, reclassified: appeared.filter((name) => seenBefore.has(name)) });
      for (const name of appeared) if (!seenBefore.has(name)) fresh.add(name);
    }
    if (fresh.size) diff.newTrackers.push({ host, cookies: [...fresh] });
    const set = minus(p.cookieNames, old.cookieNames);
    if (set.length) diff.cookiesSet.push({ host, cookies: set });
    const gone = minus(old.cookieNames, p.cookieNames);
    if (gone.length) diff.cookiesGone.push({ host, cookies: gone });
    if (p.policy.sha256 !== old.policy.sha256) diff.policiesChanged.push({ host, before: old.policy.sha256, after: p.policy.sha256 });
  }
  diff.worse = diff.newlyNonCompliant.length > 0 || diff.newUndeclared.length > 0 || diff.newConsentFindings.length > 0;
  return diff;
}
