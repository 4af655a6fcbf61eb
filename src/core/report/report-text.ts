// Phrases shared by the Markdown and HTML reports.
import { humanSeconds } from './duration.ts';
import type { AuditReport, ReportCookie } from './report-model.ts';
import { reportText } from './report-strings.ts';

export function describeSource(report: AuditReport): string {
  const t = reportText(report.language);
  const source = report.catalogue.source;
  if (!source) return '';
  if (source.kind === 'portal') return `${t('sourcePortal')} ${source.url}${source.fetchedAt ? ` (${source.fetchedAt})` : ''}${source.contentHash ? `, SHA-256 ${source.contentHash}` : ''}`;
  if (source.kind === 'file') return source.path;
  return `${t('sourceDefault')} ${t(`reason_${source.reason.replace(/-/g, '_')}` as never)}${source.detail ? ` (${source.detail})` : ''}`;
}

export function lifetimeText(c: ReportCookie, report: AuditReport): string {
  const t = reportText(report.language);
  if (c.session || c.lifetimeSeconds === null) return t('lifetimeSession');
  return c.lifetimeSeconds <= 0 ? t('lifetimeExpired') : t('lifetimeExpires', humanSeconds(c.lifetimeSeconds, report.language));
}

/** "23 novembre 2026 à 11:00:00 UTC+1 (2026-11-23T10:00:00.000Z)": local to the report's time zone, and exact. */
export function auditDate(report: AuditReport): string {
  try {
    const local = new Intl.DateTimeFormat(report.language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'long', timeZone: report.timeZone }).format(new Date(report.auditedAt));
    return `${local} (${report.auditedAt})`;
  } catch {
    return `${report.auditedAt} (${report.timeZone})`;
  }
}
