// The fleet: many portals' audit reports (from any number of scan shards) merged into one view,
// ranked by severity, with the cookies most often undeclared across the fleet. One versioned shape
// (docs/fleet.schema.json) from which fleet.json, fleet.csv and fleet.html are written.
import type { AuditReport } from '../report/report-model.ts';
import { portalKey } from '../portals/portal-list.ts';
import type { CookieSetter } from '../evidence/cookie-setters.ts';

/**
 * 4: adds the tracking organisations each portal's page reached before any choice and after refusal
 * (`organisationsBeforeConsent`, `organisationsAfterRefusal`) and the fleet's `topOrganisations`;
 * 3: whether each portal's refusal was tested (`refusalTested`) and how many were; 2: each portal's
 * `setters` and the fleet's `topSetters`. Fleets of versions 1 to 3 are still read as `--previous`.
 */
export const FLEET_SCHEMA_VERSION = 4;

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
  /**
   * Whether a refusal was made and audited (scan --journeys reached « refuse all »): without it,
   * an empty `trackersAfterRefusal` means not tested, never none. Absent in fleets before version 3.
   */
  refusalTested?: boolean;
  /** Audience measurement set before any choice on a portal claiming the CNIL exemption. */
  cautions: string[];
  /**
   * Tracking organisations (analytics, advertising, social, session replay) the page reached before
   * any choice, and after the visitor refused (reports of schema 5; absent before).
   */
  organisationsBeforeConsent?: string[];
  organisationsAfterRefusal?: string[];
  policy: { found: boolean; url: string | null; sha256: string | null; reason: string | null };
  /** Every cookie name seen, for the diff between two fleets. */
  cookieNames: string[];
  /**
   * What set its undeclared cookies and its trackers before consent (reports of schema 3):
   * `script <host><path>` or `response <host><path>`, addresses without their query.
   */
  setters?: { undeclared: string[]; beforeConsent: string[] };
  /** Higher is worse: refusals ignored, then trackers before consent, then undeclared cookies. */
  severity: number;
}

export interface FleetFailure { url: string; error: string }

/** A script or response behind cookies across the fleet: the portals where it was, and the cookies it set there. */
export interface TopSetter { setter: string; host: string; portals: number; cookies: string[] }

/** A tracking organisation across the fleet: on how many portals it was reached, and what it does. */
export interface TopOrganisation { organisation: string; category: string; portals: number }

/** Two reports of one portal: which was kept, which set aside, and why. */
export interface FleetDuplicate { portal: string; kept: string; dropped: string; reason: string }

export interface Fleet {
  schemaVersion: typeof FLEET_SCHEMA_VERSION;
  generatedAt: string;
  totals: {
    portals: number;
    failed: number;
    withUndeclared: number;
    withTrackersBeforeConsent: number;
    withTrackersAfterRefusal: number;
    /** Portals whose refusal was tested: `withTrackersAfterRefusal` counts among these only. */
    refusalTested?: number;
    policyFound: number;
    defaultUsed: number;
  };
  portals: FleetPortal[];
  failures: FleetFailure[];
  topUndeclared: { name: string; portals: number }[];
  /** The scripts and responses most often behind undeclared cookies, and behind trackers set before consent, by portals. */
  topSetters?: { undeclared: TopSetter[]; beforeConsent: TopSetter[] };
  /** The tracking organisations most often reached before any choice, and after refusal, by portals (fleet 4). */
  topOrganisations?: { beforeConsent: TopOrganisation[]; afterRefusal: TopOrganisation[] };
  /** Input files that were not valid reports, named, never fatal. */
  skippedFiles: { file: string; reason: string }[];
  /** Portals reported more than once: the newest report is kept, and this says so. */
  duplicates: FleetDuplicate[];
  /** Set when a previous fleet was named to compare with and could not be read: the diff is missing. */
  comparisonError?: string;
}

/** A portal's identity across reports and runs: its origin (two portals may share a host). */
export const portalOf = (pageUrl: string): string => portalKey(pageUrl);
/** How a portal is named to people: its host, with the port when it is not the scheme's. */
export function portalLabel(pageUrl: string): string {
  try {
    return new URL(pageUrl).host;
  } catch {
    return pageUrl;
  }
}

/** Clocks of scan machines may differ a little; a report dated further ahead than this is refused. */
const CLOCK_SKEW_MS = 10 * 60 * 1000;

/** A setter as the fleet groups them: the kind and the address without its query (the query varies by portal). */
export function setterKey(setBy: CookieSetter | null | undefined): string | undefined {
  if (!setBy?.url || (setBy.how !== 'response' && setBy.how !== 'document.cookie' && setBy.how !== 'cookieStore')) return undefined;
  try {
    const url = new URL(setBy.url);
    return `${setBy.how === 'response' ? 'response' : 'script'} ${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The tracking organisations a report's page reached before any choice, and after refusal: from the
 * journeys' findings; without journeys, a first visit's tracking contacts (no choice was made yet).
 */
function organisationsOf(report: AuditReport): { beforeConsent: { name: string; category: string }[]; afterRefusal: { name: string; category: string }[] } {
  const from = (id: string) => (report.journeys?.findings ?? []).flatMap((f) => (f.id === id && f.organisation ? [{ name: f.organisation.name, category: f.organisation.category }] : []));
  if (report.journeys) return { beforeConsent: from('request-before-consent'), afterRefusal: from('request-after-refusal') };
  const firstVisit = !report.consent || report.consent.status === 'no-choice';
  return { beforeConsent: firstVisit ? (report.beyondCookies?.contacts ?? []).filter((c) => c.tracking && !c.audience).map((c) => ({ name: c.organisation, category: c.category })) : [], afterRefusal: [] };
}

const names = (list: { name: string }[]) => [...new Set(list.map((o) => o.name))].sort();

const withCheck = (report: AuditReport, id: string) => report.cookies.filter((c) => c.failedChecks.includes(id)).map((c) => c.name).sort();

export function fleetPortal(report: AuditReport, reportPath: string): FleetPortal {
  const source = report.catalogue.source;
  const undeclaredCookies = report.cookies.filter((c) => c.status === 'undeclared').map((c) => c.name).sort();
  // With the visitor's journeys (scan --journeys), their findings say it for every state and page;
  // without, the single audit's checks say what its one consent state shows.
  const fromJourneys = (id: string) => [...new Set((report.journeys?.findings ?? []).filter((f) => f.id === id && f.cookie).map((f) => f.cookie!))].sort();
  const trackersBeforeConsent = report.journeys ? fromJourneys('tracker-before-consent') : withCheck(report, 'set-before-consent');
  const trackersAfterRefusal = report.journeys ? fromJourneys('tracker-after-refusal') : withCheck(report, 'set-though-refused');
  const keys = (setters: (CookieSetter | null | undefined)[]) => [...new Set(setters.map(setterKey).filter((k): k is string => k !== undefined))].sort();
  const setters = {
    undeclared: keys(report.cookies.filter((c) => c.status === 'undeclared').map((c) => c.setBy)),
    beforeConsent: keys(report.journeys ? report.journeys.findings.filter((f) => f.id === 'tracker-before-consent').map((f) => f.setBy) : report.cookies.filter((c) => c.failedChecks.includes('set-before-consent')).map((c) => c.setBy)),
  };
  const organisations = organisationsOf(report);
  const organisationsBeforeConsent = names(organisations.beforeConsent);
  const organisationsAfterRefusal = names(organisations.afterRefusal);
  return {
    host: portalLabel(report.portal.pageUrl),
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
    ...(report.beyondCookies || report.journeys?.organisationRows ? { organisationsBeforeConsent, organisationsAfterRefusal } : {}),
    policy: {
      found: source?.kind === 'portal',
      url: source?.kind === 'portal' || source?.kind === 'user' ? source.url ?? null : null,
      sha256: source?.kind === 'portal' ? source.contentHash ?? null : null,
      reason: source?.kind === 'default' ? source.reason : null,
    },
    cookieNames: [...new Set(report.cookies.map((c) => c.name))].sort(),
    setters,
    // A refusal reached by the journeys, or a tracker found after one (a visitor's own refusal), tested it.
    refusalTested: trackersAfterRefusal.length > 0 || organisationsAfterRefusal.length > 0 || (report.journeys?.states.some((state) => state.state === 'refuse-all' && state.reached) ?? false),
    // A tracker's hits count as its cookie would: after refusal worst, then before any choice.
    severity: (trackersAfterRefusal.length + organisationsAfterRefusal.length) * 10_000 + (trackersBeforeConsent.length + organisationsBeforeConsent.length) * 100 + undeclaredCookies.length,
  };
}

/**
 * Merges reports into a fleet: the latest report of each portal wins (a re-run after a crash),
 * compared as instants, never as strings (`10:00+09:00` is before `02:00Z`); a report dated in the
 * future is set aside (it would otherwise pin its portal for ever). The portals ranked worst first,
 * failures kept apart.
 */
export function buildFleet(entries: readonly { report: AuditReport; path: string }[], failures: readonly FleetFailure[], skippedFiles: Fleet['skippedFiles'], generatedAt: Date): Fleet {
  const latest = new Map<string, { report: AuditReport; path: string; at: number }>();
  const skipped = [...skippedFiles];
  const duplicates: FleetDuplicate[] = [];
  for (const entry of entries) {
    const at = Date.parse(entry.report.auditedAt);
    if (!Number.isFinite(at) || at > generatedAt.getTime() + CLOCK_SKEW_MS) {
      const when = Number.isFinite(at) ? 'dated in the future' : 'no valid audit date';
      skipped.push({ file: entry.path, reason: `${when} (${entry.report.auditedAt}, merged at ${generatedAt.toISOString()})` });
      continue;
    }
    const key = portalOf(entry.report.portal.pageUrl);
    const known = latest.get(key);
    if (!known) {
      latest.set(key, { ...entry, at });
      continue;
    }
    const newer = at > known.at;
    const [kept, dropped] = newer ? [{ ...entry, at }, known] : [known, { ...entry, at }];
    duplicates.push({
      portal: portalLabel(entry.report.portal.pageUrl),
      kept: kept.path,
      dropped: dropped.path,
      reason: at === known.at ? `both audited at ${new Date(at).toISOString()}: the first in file order is kept` : `newer (${new Date(kept.at).toISOString()} against ${new Date(dropped.at).toISOString()})`,
    });
    if (newer) latest.set(key, kept);
  }
  const portals = [...latest.values()].map(({ report, path }) => fleetPortal(report, path)).sort((a, b) => b.severity - a.severity || a.host.localeCompare(b.host));
  const audited = new Set(portals.map((p) => portalOf(p.pageUrl)));
  // A portal that failed in one run and was audited in another (a resumed shard) is not a failure.
  const failed = [...new Map(failures.filter((f) => !audited.has(portalOrText(f.url))).map((f) => [f.url, f])).values()].sort((a, b) => a.url.localeCompare(b.url));
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
      refusalTested: portals.filter((p) => p.refusalTested).length,
      policyFound: portals.filter((p) => p.policy.found).length,
      defaultUsed: portals.filter((p) => !p.policy.found).length,
    },
    portals,
    failures: failed,
    topUndeclared: [...counts].map(([name, n]) => ({ name, portals: n })).sort((a, b) => b.portals - a.portals || a.name.localeCompare(b.name)).slice(0, 50),
    topSetters: { undeclared: topSetters(latest, 'undeclared'), beforeConsent: topSetters(latest, 'beforeConsent') },
    topOrganisations: { beforeConsent: topOrganisations(latest, 'beforeConsent'), afterRefusal: topOrganisations(latest, 'afterRefusal') },
    skippedFiles: skipped,
    duplicates,
  };
}

/** Setters by the number of portals they acted on, with the cookies they set there, the 30 first. */
function topSetters(reports: ReadonlyMap<string, { report: AuditReport }>, which: 'undeclared' | 'beforeConsent'): TopSetter[] {
  const found = new Map<string, { portals: Set<string>; cookies: Set<string> }>();
  for (const [portal, { report }] of reports) {
    const pairs = which === 'undeclared'
      ? report.cookies.filter((c) => c.status === 'undeclared').map((c) => [c.name, c.setBy] as const)
      : report.journeys
        ? report.journeys.findings.filter((f) => f.id === 'tracker-before-consent' && f.cookie).map((f) => [f.cookie!, f.setBy] as const)
        : report.cookies.filter((c) => c.failedChecks.includes('set-before-consent')).map((c) => [c.name, c.setBy] as const);
    for (const [name, setBy] of pairs) {
      const key = setterKey(setBy);
      if (!key) continue;
      const entry = found.get(key) ?? { portals: new Set(), cookies: new Set() };
      entry.portals.add(portal);
      entry.cookies.add(name);
      found.set(key, entry);
    }
  }
  return [...found]
    .map(([setter, e]) => ({ setter, host: setter.slice(setter.indexOf(' ') + 1).split('/')[0]!, portals: e.portals.size, cookies: [...e.cookies].sort() }))
    .sort((a, b) => b.portals - a.portals || a.setter.localeCompare(b.setter))
    .slice(0, 30);
}

/** Tracking organisations by the number of portals where they were reached (before a choice, or after refusal), the 30 first. */
function topOrganisations(reports: ReadonlyMap<string, { report: AuditReport }>, which: 'beforeConsent' | 'afterRefusal'): TopOrganisation[] {
  const found = new Map<string, { category: string; portals: number }>();
  for (const { report } of reports.values()) {
    const seen = new Map(organisationsOf(report)[which].map((o) => [o.name, o.category]));
    for (const [name, category] of seen) found.set(name, { category, portals: (found.get(name)?.portals ?? 0) + 1 });
  }
  return [...found].map(([organisation, e]) => ({ organisation, category: e.category, portals: e.portals })).sort((a, b) => b.portals - a.portals || a.organisation.localeCompare(b.organisation)).slice(0, 30);
}

/** The portal a listed URL names, or the text itself when it is not a URL. */
export function portalOrText(url: string): string {
  try {
    return portalOf(url);
  } catch {
    return url;
  }
}

/** The host of a listed URL, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
