// The fleet: many portals' audit reports (from any number of scan shards) merged into one view,
// ranked by severity, with the cookies most often undeclared across the fleet. One versioned shape
// (docs/fleet.schema.json) from which fleet.json, fleet.csv and fleet.html are written.
import type { AuditReport } from '../report/report-model.ts';

export const FLEET_SCHEMA_VERSION = 1;

export interface FleetPortal {
  host: string;
  pageUrl: string;
  /** The portal's own report, as a path relative to the fleet's folder. */
  report: string;
  auditedAt: string;
  cookies: number;
  undeclared: number;
  declared: number;
  missing: number;
  undeclaredCookies: string[];
  /** Trackers set before any consent choice (defects), and after the visitor refused them. */
  trackersBeforeConsent: string[];
  trackersAfterRefusal: string[];
  /** Audience measurement set before any choice on a portal claiming the CNIL exemption. */
  cautions: string[];
  policy: { found: boolean; url: string | null; sha256: string | null; reason: string | null };
  /** Every cookie name seen, for the diff between two fleets. */
  cookieNames: string[];
  /** Higher is worse: refusals ignored, then trackers before consent, then undeclared cookies. */
  severity: number;
}

export interface FleetFailure { url: string; error: string }

export interface Fleet {
  schemaVersion: typeof FLEET_SCHEMA_VERSION;
  generatedAt: string;
  totals: {
    portals: number;
    failed: number;
    withUndeclared: number;
    withTrackersBeforeConsent: number;
    withTrackersAfterRefusal: number;
    policyFound: number;
    defaultUsed: number;
  };
  portals: FleetPortal[];
  failures: FleetFailure[];
  topUndeclared: { name: string; portals: number }[];
  /** Input files that were not valid reports, named, never fatal. */
  skippedFiles: { file: string; reason: string }[];
}

const withCheck = (report: AuditReport, id: string) => report.cookies.filter((c) => c.failedChecks.includes(id)).map((c) => c.name).sort();

export function fleetPortal(report: AuditReport, reportPath: string): FleetPortal {
  const source = report.catalogue.source;
  const undeclaredCookies = report.cookies.filter((c) => c.status === 'undeclared').map((c) => c.name).sort();
  // With the visitor's journeys (scan --journeys), their findings say it for every state and page;
  // without, the single audit's checks say what its one consent state shows.
  const fromJourneys = (id: string) => [...new Set((report.journeys?.findings ?? []).filter((f) => f.id === id && f.cookie).map((f) => f.cookie!))].sort();
  const trackersBeforeConsent = report.journeys ? fromJourneys('tracker-before-consent') : withCheck(report, 'set-before-consent');
  const trackersAfterRefusal = report.journeys ? fromJourneys('tracker-after-refusal') : withCheck(report, 'set-though-refused');
  return {
    host: report.portal.host,
    pageUrl: report.portal.pageUrl,
    report: reportPath,
    auditedAt: report.auditedAt,
    cookies: report.summary.cookies,
    undeclared: report.summary.undeclared,
    declared: report.summary.declared,
    missing: report.summary.missing,
    undeclaredCookies,
    trackersBeforeConsent,
    trackersAfterRefusal,
    cautions: report.journeys ? fromJourneys('exempt-audience-before-consent') : withCheck(report, 'exempt-audience-before-consent'),
    policy: {
      found: source?.kind === 'portal',
      url: source?.kind === 'portal' || source?.kind === 'user' ? source.url ?? null : null,
      sha256: source?.kind === 'portal' ? source.contentHash ?? null : null,
      reason: source?.kind === 'default' ? source.reason : null,
    },
    cookieNames: [...new Set(report.cookies.map((c) => c.name))].sort(),
    severity: trackersAfterRefusal.length * 10_000 + trackersBeforeConsent.length * 100 + undeclaredCookies.length,
  };
}

/**
 * Merges reports into a fleet: the latest report of each host wins (a re-run after a crash), the
 * portals ranked worst first, failures kept apart.
 */
export function buildFleet(entries: readonly { report: AuditReport; path: string }[], failures: readonly FleetFailure[], skippedFiles: Fleet['skippedFiles'], generatedAt: Date): Fleet {
  const latest = new Map<string, { report: AuditReport; path: string }>();
  for (const entry of entries) {
    const known = latest.get(entry.report.portal.host);
    if (!known || known.report.auditedAt < entry.report.auditedAt) latest.set(entry.report.portal.host, entry);
  }
  const portals = [...latest.values()].map(({ report, path }) => fleetPortal(report, path)).sort((a, b) => b.severity - a.severity || a.host.localeCompare(b.host));
  const audited = new Set(portals.map((p) => p.host));
  // A portal that failed in one run and was audited in another (a resumed shard) is not a failure.
  const failed = [...new Map(failures.filter((f) => !audited.has(hostOf(f.url))).map((f) => [f.url, f])).values()].sort((a, b) => a.url.localeCompare(b.url));
  const counts = new Map<string, number>();
  for (const p of portals) for (const name of p.undeclaredCookies) counts.set(name, (counts.get(name) ?? 0) + 1);
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    generatedAt: generatedAt.toISOString(),
    totals: {
      portals: portals.length + failed.length,
      failed: failed.length,
      withUndeclared: portals.filter((p) => p.undeclared > 0).length,
      withTrackersBeforeConsent: portals.filter((p) => p.trackersBeforeConsent.length > 0).length,
      withTrackersAfterRefusal: portals.filter((p) => p.trackersAfterRefusal.length > 0).length,
      policyFound: portals.filter((p) => p.policy.found).length,
      defaultUsed: portals.filter((p) => !p.policy.found).length,
    },
    portals,
    failures: failed,
    topUndeclared: [...counts].map(([name, n]) => ({ name, portals: n })).sort((a, b) => b.portals - a.portals || a.name.localeCompare(b.name)).slice(0, 50),
    skippedFiles: [...skippedFiles],
  };
}

/** The host of a listed URL, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
