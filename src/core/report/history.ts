// The last audits of each portal, kept small, and what changed between two of them.
import type { AuditResult } from '../types.ts';

export interface CookieRef { name: string; domain: string; path: string }

export interface AuditDigest {
  auditedAt: string;
  pageUrl: string;
  undeclared: number;
  cookies: CookieRef[];
}

export interface AuditDiff {
  previousAt: string;
  added: CookieRef[];
  gone: CookieRef[];
}

export const HISTORY_LENGTH = 20;

const keyOf = (c: CookieRef) => `${c.name}\u0000${c.domain}\u0000${c.path}`;

export function digestAudit(result: AuditResult): AuditDigest {
  return {
    auditedAt: result.auditedAt,
    pageUrl: result.pageUrl,
    undeclared: result.summary.undeclared,
    cookies: result.cookies.map(({ name, domain, path }) => ({ name, domain, path })),
  };
}

/** Newest first, at most HISTORY_LENGTH. */
export function pushHistory(history: readonly AuditDigest[], digest: AuditDigest, max = HISTORY_LENGTH): AuditDigest[] {
  return [digest, ...history.filter((h) => h.auditedAt !== digest.auditedAt)].slice(0, max);
}

export function diffAudits(previous: AuditDigest, current: AuditDigest): AuditDiff {
  const before = new Set(previous.cookies.map(keyOf));
  const now = new Set(current.cookies.map(keyOf));
  return {
    previousAt: previous.auditedAt,
    added: current.cookies.filter((c) => !before.has(keyOf(c))),
    gone: previous.cookies.filter((c) => !now.has(keyOf(c))),
  };
}
