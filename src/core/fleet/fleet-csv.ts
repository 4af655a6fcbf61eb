// fleet.csv: one row per portal (audited or failed), for spreadsheets; cells neutralised as the
// audit report's are.
import { neutraliseFormula } from '../report/report-csv.ts';
import { type Fleet, hostOf } from './fleet-model.ts';

const field = (value: string | number | boolean | null) => {
  const text = value === null ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function renderFleetCsv(fleet: Fleet): string {
  const header = ['host', 'page', 'audited at', 'undeclared', 'declared', 'declared but not seen', 'trackers before consent', 'trackers after refusal', 'cautions', 'policy found', 'policy', 'policy sha256', 'default because', 'undeclared cookies', 'set by (undeclared)', 'set by (trackers before consent)', 'organisations before consent', 'organisations after refusal', 'error', 'report'];
  const rows: (string | number | boolean | null)[][] = [header];
  for (const p of fleet.portals) {
    rows.push([p.host, p.pageUrl, p.auditedAt, p.undeclared, p.declared, p.missing, p.trackersBeforeConsent.join(' '), p.trackersAfterRefusal.join(' '), p.cautions.join(' '), p.policy.found, p.policy.url, p.policy.sha256, p.policy.reason, p.undeclaredCookies.join(' '), p.setters?.undeclared.join(' ') ?? null, p.setters?.beforeConsent.join(' ') ?? null, p.organisationsBeforeConsent?.join(' ') ?? null, p.organisationsAfterRefusal?.join(' ') ?? null, null, p.report]);
  }
  for (const f of fleet.failures) rows.push([hostOf(f.url), f.url, ...Array<null>(header.length - 4).fill(null), f.error, null]);
  return `\ufeff${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
