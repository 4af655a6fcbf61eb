// The audit as JSON for files and other programs: a versioned shape, values never included.
import { whenSet } from '../catalogue/when-set.ts';
import type { AuditResult } from '../types.ts';

export const AUDIT_SCHEMA_VERSION = 1;

export function auditToJson(result: AuditResult) {
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    pageUrl: result.pageUrl,
    host: result.host,
    site: result.site,
    auditedAt: result.auditedAt,
    catalogueSource: result.catalogueSource ?? null,
    summary: result.summary,
    cookies: result.cookies.map(({ entry, ...finding }) => ({
      ...finding,
      pattern: entry?.pattern ?? null,
      ...(entry ? { declaredAs: entry } : {}),
    })),
    missing: result.entries
      .filter((e) => e.status === 'missing')
      .map(({ entry }) => ({ ...entry, whenSet: whenSet(entry) ?? null })),
  };
}
