import type { CheckDefinition, CheckId } from './vocabulary/checks.ts';
import type { ConsentState } from './vocabulary/consent.ts';
import type { CookieSetter, EvidenceCoverage } from './evidence/setter-types.ts';
import type { Explanation } from './explain/explain-cookie.ts';
import type { BeyondCookies } from './trackers/tracker-types.ts';

// The data every layer shares: described once here, used by the engine, the extension and the CLI.

/** Where a declared cookie is said to belong, from the policy's section headings. */
export type Category = 'necessary' | 'functional' | 'statistics' | 'advertising' | 'third-party';

/** One declared row of a cookie policy. `pattern` uses `*` as the only wildcard. */
export interface CatalogueEntry {
  pattern: string;
  provider?: string;
  service?: string;
  purpose?: string;
  category?: Category;
  /** Retention as the policy writes it ("13 mois", "2 weeks"): kept verbatim, never reinterpreted. */
  lifetime?: string;
}

export type Language = 'fr' | 'en';

/** A column of a policy table. */
export type CatalogueField = 'name' | 'provider' | 'service' | 'purpose' | 'lifetime' | 'category';

/** What a policy reader returns: never throws, says what it skipped or doubted in `warnings`. */
export interface Catalogue {
  language: Language;
  entries: CatalogueEntry[];
  warnings: string[];
  /** The columns of the policy's first cookie table, in order: suggested rows follow it. */
  layout?: CatalogueField[];
  /** The sentence claiming the portal's audience measurement is exempt from consent, if any. */
  consentExemption?: string;
}

/** Where the catalogue an audit used came from. */
export type CatalogueSource =
  | { kind: 'portal'; url: string; fetchedAt?: string; contentHash?: string }
  | { kind: 'user'; via: UserCatalogueVia; updatedAt: string; url?: string }
  | { kind: 'default'; reason: DefaultReason; detail?: string; /** no-permission: the access that would let the policy be read. */ origins?: string[] }
  | { kind: 'file'; path: string };

/** How a user replaced a portal's catalogue on the options page. */
export type UserCatalogueVia = 'pasted' | 'url' | 'edited' | 'imported';

/** A user's replacement for a portal's catalogue, kept per origin. */
export interface CatalogueOverride {
  origin: string;
  entries: CatalogueEntry[];
  via: UserCatalogueVia;
  url?: string;
  updatedAt: string;
}

/** Why the embedded default catalogue stands in for the portal's own. */
export type DefaultReason =
  | 'not-a-portal'
  | 'no-policy-link'
  | 'policy-unreachable'
  | 'policy-empty'
  | 'no-permission'
  | 'requested'
  | 'no-policy-given';

export type SameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

/** The WebExtensions `cookies.Cookie` shape; `value` is read only to be dropped (see audit-jar.ts). */
export interface Cookie {
  name: string;
  value?: string;
  domain: string;
  path: string;
  hostOnly?: boolean;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  session?: boolean;
  /** Seconds since the epoch; absent for session cookies. */
  expirationDate?: number;
  storeId?: string;
  partitionKey?: { topLevelSite?: string; hasCrossSiteAncestor?: boolean };
  /** Firefox first-party isolation key; '' when isolation is off. */
  firstPartyDomain?: string;
}

export type Party = 'first' | 'third';

/** A cookie as the audit reports it: every attribute but the value. */
export interface CookieFinding {
  name: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  session: boolean;
  expirationDate?: number;
  storeId?: string;
  partition?: string;
  /** Size of name plus value in bytes: the value's length says nothing about the value itself. */
  size: number;
  party: Party;
  status: 'declared' | 'undeclared';
  /** The catalogue entry that matched, when declared. */
  entry?: CatalogueEntry;
  /** Compliance checks this cookie fails (see CHECKS for their sources). */
  checks?: CheckId[];
  /** What the Open Cookie Database and the platform know of an undeclared cookie: a hint only. */
  explanation?: Explanation;
  /** A ready-to-paste row for the policy, in the portal's table layout. */
  suggestedRow?: string[];
  /** What set it, when the visit was recorded (scans, Fresh visit, Check consent). */
  setBy?: CookieSetter;
}

export interface EntryFinding {
  entry: CatalogueEntry;
  status: 'seen' | 'missing';
  /** Names of the cookies this entry matched (several for a wildcard). */
  matched: string[];
}

export interface AuditSummary {
  cookies: number;
  declared: number;
  undeclared: number;
  missing: number;
  firstParty: number;
  thirdParty: number;
}

export interface AuditResult {
  pageUrl: string;
  host: string;
  /** Registrable domain of the page (eTLD+1), or the host for IPs and single labels. */
  site: string;
  auditedAt: string;
  catalogueSource?: CatalogueSource;
  /** The visitor's consent choice read from cookies_preferences, when checks ran. */
  consent?: ConsentState;
  /** The compliance checks applied, with their sources. */
  checksApplied?: CheckDefinition[];
  /** The policy's sentence claiming its audience measurement is exempt from consent. */
  consentExemption?: string;
  /** The columns of the portal's policy table, for suggested rows. */
  layout?: CatalogueField[];
  cookies: CookieFinding[];
  entries: EntryFinding[];
  summary: AuditSummary;
  /** What the recording of who set each cookie covered; absent: the visit was not recorded. */
  evidence?: EvidenceCoverage;
  /** Web storage and the organisations reached, when the visit was recorded (Fresh visit, Check consent, scans). */
  beyondCookies?: BeyondCookies;
}
