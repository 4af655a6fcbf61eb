// A portal's audit report as a scan writes it, for the fleet's tests: the cookies named, one
// declaration (sessionid), the policy read at the conventional address unless a source is given.
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { enrichAudit } from '../../src/core/checks/enrich-audit.ts';
import { type AuditReport, buildReport } from '../../src/core/report/report-model.ts';
import type { CatalogueSource, Cookie } from '../../src/core/types.ts';

export function portalReport(host: string, names: string[], options: { at?: string; policyHash?: string; source?: CatalogueSource } = {}): AuditReport {
  const at = options.at ?? '2026-11-23T10:00:00Z';
  const cookies = names.map((name): Cookie => ({ name, value: 'v', domain: host.split(':')[0]!, path: '/' }));
  const source = options.source ?? { kind: 'portal', url: `https://${host}/terms/cookies-policy/`, contentHash: options.policyHash ?? 'a'.repeat(64) };
  const audit = enrichAudit(auditJar({ cookies, pageUrl: `https://${host}/`, entries: [{ pattern: 'sessionid' }], source, now: new Date(at) }), { cookies, language: 'en' });
  return buildReport(audit, { generatedAt: new Date(at), timeZone: 'UTC', browser: { name: 'Chromium', version: '156' }, extensionVersion: '0.1.0', language: 'en' });
}
