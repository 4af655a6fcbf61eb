// The audit report: one versioned shape (schemaVersion, see docs/audit-report.schema.json) from
// which the JSON, CSV, Markdown and HTML files are all written. Cookie values are never in it;
// at the user's explicit request, a short SHA-256 prefix of each value is.
import { cookieKey } from '../audit/audit-jar.ts';
import { whenSet } from '../catalogue/when-set.ts';
import type { AuditResult, Category, CatalogueSource, Cookie, Language, Party, SameSite } from '../types.ts';
import type { ConsentState } from '../vocabulary/consent.ts';
import type { ConsentMatrix } from '../consent/consent-matrix.ts';
import type { CookieSetter, EvidenceCoverage } from '../evidence/cookie-setters.ts';
import type { Explanation } from '../explain/explain-cookie.ts';
import type { BeyondCookies } from '../trackers/tracker-types.ts';
import type { AuditDiff } from './history.ts';
import { reportText } from './report-strings.ts';
import { cleanStrings } from '../text/clean-text.ts';
import { clampExpiry, expiryIso } from '../audit/expiry.ts';
import { checkSource, checkWords } from '../checks/check-words.ts';

/**
 * 3: who set each cookie (`cookies[].setBy`, `evidence`) and the journeys' screenshots; 4: the consent
 * state's manager; 5: what the visit showed beyond cookies (`beyondCookies`, the journeys' storage and
 * organisation rows). Reports of versions 2 to 4 still merge.
 */
export const REPORT_SCHEMA_VERSION = 5;

export interface ReportMeta {
  generatedAt: Date;
  timeZone: string;
  browser: { name: string; version: string };
  extensionVersion: string;
  language: Language;
  catalogueWarnings?: string[];
  diff?: AuditDiff | null;
  /** Keyed by cookieKey(); only given when the user asked for value digests. */
  valueDigests?: Record<string, string>;
  /** The audit is of a fresh visit (the user's cookies set aside meanwhile). */
  freshVisit?: boolean;
  /** When the kept visit was taken (see TabAudit.visitAt). */
  visitTakenAt?: string;
  /** Names of the user's cookies a fresh visit could not put back. */
  unrestoredCookies?: string[];
  /** How the page was recognised as a portal, and the platform's name for it. */
  portal?: { signals: string[]; platformHost?: string };
  journeys?: ConsentMatrix;
}

export interface ReportCookie {
  name: string;
  status: 'declared' | 'undeclared';
  domain: string;
  path: string;
  party: Party;
  pattern: string | null;
  provider: string | null;
  service: string | null;
  purpose: string | null;
  category: Category | null;
  declaredLifetime: string | null;
  hostOnly: boolean;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  session: boolean;
  expires: string | null;
  lifetimeSeconds: number | null;
  partition: string | null;
  storeId: string | null;
  size: number;
  /** Compliance checks failed (ids of `checks`). */
  failedChecks: string[];
  explanation: Explanation | null;
  suggestedPolicyRow: string[] | null;
  /** What set it, when the visit was recorded; null when it was not (an audit of the page as it was). */
  setBy: CookieSetter | null;
  valueSha256Prefix?: string;
}

export interface ReportMissing {
  pattern: string;
  provider: string | null;
  service: string | null;
  purpose: string | null;
  category: Category | null;
  declaredLifetime: string | null;
  whenSet: string | null;
}

export interface AuditReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  timeZone: string;
  language: Language;
  portal: { pageUrl: string; host: string; site: string; platformHost?: string; recognisedBy?: string[] };
  auditedAt: string;
  browser: { name: string; version: string };
  extensionVersion: string;
  catalogue: { source: CatalogueSource | null; entries: number; warnings: string[] };
  summary: AuditResult['summary'];
  cookies: ReportCookie[];
  missing: ReportMissing[];
  diff: AuditDiff | null;
  consent: ConsentState | null;
  policyLayout: string[] | null;
  checks: { id: string; description: string; source?: string }[];
  freshVisit: { performed: boolean; unrestoredCookies: string[] } | null;
  /** When the visit whose journeys and evidence this report carries was taken, if before this audit of the cookies. */
  visitTakenAt?: string | null;
  consentExemption?: string | null;
  /** The consent matrix, when the visitor's journeys were audited (scan --journeys). */
  journeys?: ConsentMatrix | null;
  /** What the recording of who set each cookie covered; null when the visit was not recorded. */
  evidence: EvidenceCoverage | null;
  /** Web storage and the organisations reached (schema 5); null when the visit was not recorded. */
  beyondCookies?: BeyondCookies | null;
}

/** SHA-256 prefixes of cookie values, for the opt-in comparison of two audits. */
export async function digestValues(cookies: readonly Cookie[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const cookie of cookies) {
    const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(cookie.value ?? ''));
    digests[cookieKey(cookie)] = [...new Uint8Array(bytes)].slice(0, 6).map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return digests;
}

/**
 * The report, every string in it cleaned at this one depth, so that no format can be broken by
 * what a page or a file put in a name: control characters, line breaks, credentials in URLs.
 */
export function buildReport(result: AuditResult, meta: ReportMeta): AuditReport {
  return cleanStrings(reportOf(result, meta));
}

function reportOf(result: AuditResult, meta: ReportMeta): AuditReport {
  const t = reportText(meta.language);
  const now = meta.generatedAt.getTime() / 1000;
  const cookies = result.cookies.map((c): ReportCookie => {
    const row: ReportCookie = {
      name: c.name,
      status: c.status,
      domain: c.domain,
      path: c.path,
      party: c.party,
      pattern: c.entry?.pattern ?? null,
      provider: c.entry?.provider ?? null,
      service: c.entry?.service ?? null,
      purpose: c.entry?.purpose ?? null,
      category: c.entry?.category ?? null,
      declaredLifetime: c.entry?.lifetime ?? null,
      hostOnly: c.hostOnly,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite,
      session: c.session,
      expires: c.expirationDate !== undefined ? expiryIso(c.expirationDate) : null,
      lifetimeSeconds: c.expirationDate !== undefined ? Math.max(0, Math.round((clampExpiry(c.expirationDate).seconds ?? 0) - now)) : null,
      partition: c.partition ?? null,
      storeId: c.storeId ?? null,
      size: c.size,
      failedChecks: c.checks ?? [],
      explanation: c.explanation ?? null,
      suggestedPolicyRow: c.suggestedRow ?? null,
      setBy: c.setBy ?? null,
    };
    if (meta.valueDigests) {
      const key = cookieKey({ name: c.name, domain: c.domain, path: c.path, ...(c.storeId ? { storeId: c.storeId } : {}), ...(c.partition ? { partitionKey: { topLevelSite: c.partition } } : {}) });
      const digest = meta.valueDigests[key];
      if (digest) row.valueSha256Prefix = digest;
    }
    return row;
  });
  const missing = result.entries
    .filter((e) => e.status === 'missing')
    .map(({ entry }): ReportMissing => ({
      pattern: entry.pattern,
      provider: entry.provider ?? null,
      service: entry.service ?? null,
      purpose: entry.purpose ?? null,
      category: entry.category ?? null,
      declaredLifetime: entry.lifetime ?? null,
      whenSet: whenSet(entry) ?? null,
    }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: meta.generatedAt.toISOString(),
    timeZone: meta.timeZone,
    language: meta.language,
    portal: {
      pageUrl: result.pageUrl,
      host: result.host,
      site: result.site,
      ...(meta.portal?.platformHost ? { platformHost: meta.portal.platformHost } : {}),
      ...(meta.portal?.signals.length ? { recognisedBy: meta.portal.signals } : {}),
    },
    auditedAt: result.auditedAt,
    browser: meta.browser,
    extensionVersion: meta.extensionVersion,
    catalogue: { source: result.catalogueSource ?? null, entries: result.entries.length, warnings: meta.catalogueWarnings ?? [] },
    summary: result.summary,
    cookies,
    missing,
    diff: meta.diff ?? null,
    consent: result.consent ?? null,
    policyLayout: result.layout ?? null,
    consentExemption: result.consentExemption ?? null,
    journeys: meta.journeys ?? null,
    evidence: result.evidence ?? null,
    beyondCookies: result.beyondCookies ?? null,
    freshVisit: meta.freshVisit || meta.unrestoredCookies?.length ? { performed: meta.freshVisit === true, unrestoredCookies: meta.unrestoredCookies ?? [] } : null,
    ...(meta.visitTakenAt ? { visitTakenAt: meta.visitTakenAt } : {}),
    checks: [
      { id: 'declared', description: t('reportCheckDeclared') },
      { id: 'missing', description: t('reportCheckMissing') },
      { id: 'party', description: t('reportCheckParty') },
      { id: 'values', description: t(meta.valueDigests ? 'reportCheckValueDigests' : 'reportCheckValues') },
      // Each check's rule in the report's language (the English one in CHECKS is the code's own note).
      ...(result.checksApplied ?? []).map(({ id }) => ({ id, description: checkWords(id, t), source: checkSource(id, t) })),
    ],
  };
}

/** A host as report file names write it. */
export function fileHost(host: string): string {
  return host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') || 'page';
}

/**
 * `cookie-audit_<host>[_<port>]_<YYYYMMDD-HHMM>.<ext>`, in the local time of the machine writing
 * it; the port when it is not the scheme's, so that two portals on one host never share a name.
 */
export function reportFileName(host: string, date: Date, extension: string, port = ''): string {
  return `${reportBaseName(host, date, port)}.${extension}`;
}

export function reportBaseName(host: string, date: Date, port = ''): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}`;
  return `cookie-audit_${fileHost(host)}${/^\d+$/.test(port) ? `_${port}` : ''}_${stamp}`;
}
