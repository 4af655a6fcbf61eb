// What changed since the previous fleet, so that a nightly run alerts on change only: portals newly
// non-compliant, cookies newly set or gone, policies changed (their SHA-256), portals that appeared,
// disappeared or started failing. Worse: a new defect anywhere.
import type { Fleet } from './fleet-model.ts';

export interface FleetDiff {
  previousAt: string;
  /** Audited clean before, with undeclared cookies or trackers before consent or after refusal now. */
  newlyNonCompliant: string[];
  newUndeclared: { host: string; cookies: string[] }[];
  newTrackers: { host: string; cookies: string[] }[];
  cookiesSet: { host: string; cookies: string[] }[];
  cookiesGone: { host: string; cookies: string[] }[];
  policiesChanged: { host: string; before: string | null; after: string | null }[];
  portalsNew: string[];
  portalsGone: string[];
  newlyFailing: string[];
  worse: boolean;
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
const defective = (p: Fleet['portals'][number]) => p.undeclared > 0 || p.trackersBeforeConsent.length > 0 || p.trackersAfterRefusal.length > 0;

export function diffFleets(previous: Fleet, current: Fleet): FleetDiff {
  const before = new Map(previous.portals.map((p) => [p.host, p]));
  const now = new Map(current.portals.map((p) => [p.host, p]));
  const diff: FleetDiff = {
    previousAt: previous.generatedAt,
    newlyNonCompliant: [],
    newUndeclared: [],
    newTrackers: [],
    cookiesSet: [],
    cookiesGone: [],
    policiesChanged: [],
    portalsNew: [...now.keys()].filter((h) => !before.has(h) && !previous.failures.some((f) => f.url.includes(`//${h}`))).sort(),
    portalsGone: [...before.keys()].filter((h) => !now.has(h) && !current.failures.some((f) => f.url.includes(`//${h}`))).sort(),
    newlyFailing: current.failures.filter((f) => !previous.failures.some((g) => g.url === f.url)).map((f) => f.url),
    worse: false,
  };
  for (const [host, p] of now) {
    const old = before.get(host);
    if (!old) continue;
    if (defective(p) && !defective(old)) diff.newlyNonCompliant.push(host);
    const undeclared = minus(p.undeclaredCookies, old.undeclaredCookies);
    if (undeclared.length) diff.newUndeclared.push({ host, cookies: undeclared });
    const trackers = minus([...p.trackersBeforeConsent, ...p.trackersAfterRefusal], [...old.trackersBeforeConsent, ...old.trackersAfterRefusal]);
    if (trackers.length) diff.newTrackers.push({ host, cookies: [...new Set(trackers)] });
    const set = minus(p.cookieNames, old.cookieNames);
    if (set.length) diff.cookiesSet.push({ host, cookies: set });
    const gone = minus(old.cookieNames, p.cookieNames);
    if (gone.length) diff.cookiesGone.push({ host, cookies: gone });
    if (p.policy.sha256 !== old.policy.sha256) diff.policiesChanged.push({ host, before: old.policy.sha256, after: p.policy.sha256 });
  }
  diff.worse = diff.newlyNonCompliant.length > 0 || diff.newUndeclared.length > 0 || diff.newTrackers.length > 0;
  return diff;
}
