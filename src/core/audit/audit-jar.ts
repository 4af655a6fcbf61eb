// A cookie jar, the page it was read for and a catalogue in; the audit out. Every cookie is
// declared or undeclared, first or third party; every declaration seen or missing.
// Cookie values are never copied into the result: only their length is kept.
import { matcherFor } from '../match/matcher.ts';
import type { AuditResult, CatalogueEntry, CatalogueSource, Cookie, CookieFinding, EntryFinding } from '../types.ts';
import { siteOf } from './party.ts';

export interface AuditInput {
  cookies: readonly Cookie[];
  pageUrl: string;
  entries: readonly CatalogueEntry[];
  source?: CatalogueSource;
  now?: Date;
}

const encoder = new TextEncoder();

/** Two cookies are the same only when name, domain, path, store and partition all agree. */
export function cookieKey(cookie: Cookie): string {
  return [cookie.name, cookie.domain.toLowerCase(), cookie.path, cookie.storeId ?? '', cookie.partitionKey?.topLevelSite ?? '', cookie.firstPartyDomain ?? ''].join('\u0000');
}

export function dedupeCookies(cookies: readonly Cookie[]): Cookie[] {
  const seen = new Map<string, Cookie>();
  for (const cookie of cookies) if (!seen.has(cookieKey(cookie))) seen.set(cookieKey(cookie), cookie);
  return [...seen.values()];
}

function hostOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

export function auditJar({ cookies, pageUrl, entries, source, now = new Date() }: AuditInput): AuditResult {
  const host = hostOf(pageUrl);
  const site = host ? siteOf(host) : '';
  const matcher = matcherFor(entries);
  // Keyed by pattern, so that a pattern declared twice (two providers) is seen twice.
  const matched = new Map<string, string[]>();

  const findings: CookieFinding[] = dedupeCookies(cookies).map((cookie) => {
    const index = matcher.matchIndex(cookie.name);
    if (index !== undefined) {
      const pattern = entries[index]!.pattern;
      const names = matched.get(pattern) ?? [];
      if (!names.includes(cookie.name)) names.push(cookie.name);
      matched.set(pattern, names);
    }
    const finding: CookieFinding = {
      name: cookie.name,
      domain: cookie.domain,
      path: cookie.path || '/',
      hostOnly: cookie.hostOnly ?? !cookie.domain.startsWith('.'),
      secure: cookie.secure === true,
      httpOnly: cookie.httpOnly === true,
      sameSite: cookie.sameSite ?? 'unspecified',
      session: cookie.session ?? cookie.expirationDate === undefined,
      size: encoder.encode(cookie.name).length + encoder.encode(cookie.value ?? '').length,
      party: !site || siteOf(cookie.domain) === site ? 'first' : 'third',
      status: index === undefined ? 'undeclared' : 'declared',
    };
    if (cookie.expirationDate !== undefined && !finding.session) finding.expirationDate = cookie.expirationDate;
    if (cookie.storeId !== undefined) finding.storeId = cookie.storeId;
    const partition = cookie.partitionKey?.topLevelSite;
    if (partition) finding.partition = partition;
    if (index !== undefined) finding.entry = entries[index]!;
    return finding;
  });
  findings.sort((a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain) || a.path.localeCompare(b.path));

  const entryFindings: EntryFinding[] = entries.map((entry) => {
    const names = matched.get(entry.pattern);
    return { entry, status: names ? 'seen' : 'missing', matched: names ?? [] };
  });

  const declared = findings.filter((f) => f.status === 'declared').length;
  const firstParty = findings.filter((f) => f.party === 'first').length;
  return {
    pageUrl,
    host,
    site,
    auditedAt: now.toISOString(),
    ...(source ? { catalogueSource: source } : {}),
    cookies: findings,
    entries: entryFindings,
    summary: {
      cookies: findings.length,
      declared,
      undeclared: findings.length - declared,
      missing: entryFindings.filter((e) => e.status === 'missing').length,
      firstParty,
      thirdParty: findings.length - firstParty,
    },
  };
}
