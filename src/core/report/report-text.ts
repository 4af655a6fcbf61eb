// Phrases shared by the Markdown and HTML reports.
import { consentWords } from '../consent/consent-words.ts';
import { humanSeconds } from './duration.ts';
import type { AuditReport, ReportCookie } from './report-model.ts';
import type { CookieSetter } from '../evidence/cookie-setters.ts';
import type { CatalogueSource } from '../types.ts';
import { peopleDate } from '../text/people-date.ts';
import { type ReportKey, reportText } from './report-strings.ts';

type Translate = (key: ReportKey, ...substitutions: string[]) => string;

/** Where the catalogue came from, in words: for reports, the CLI and the popup alike; `date` writes its dates for people. */
export function sourceText(source: CatalogueSource | null | undefined, t: Translate, date: (iso: string) => string = (iso) => iso): string {
  if (!source) return '';
  switch (source.kind) {
    case 'portal':
      return `${t('sourcePortal')} ${source.url}${source.fetchedAt ? ` (${source.fetchedAt})` : ''}${source.contentHash ? `, SHA-256 ${source.contentHash}` : ''}`;
    case 'user':
      return `${t('sourceUser', t(`via_${source.via}`), date(source.updatedAt))}${source.url ? ` ${source.url}` : ''}`;
    case 'file':
      return source.path;
    case 'default':
      return `${t('sourceDefault')} ${t(`reason_${source.reason.replace(/-/g, '_')}` as ReportKey)}${source.detail ? ` (${source.detail})` : ''}`;
  }
}

export function describeSource(report: AuditReport): string {
  const t = reportText(report.language);
  return sourceText(report.catalogue.source, t, (iso) => peopleDate(iso, report.language, report.timeZone)) || t('sourceUnknown');
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

export function consentText(report: AuditReport): string {
  const t = reportText(report.language);
  const consent = report.consent;
  if (!consent) return '';
  return consentWords(consent, t, report.language);
}

/** When the visit whose journeys and evidence the report carries was taken, if before this audit. */
export function visitText(report: AuditReport): string {
  if (!report.visitTakenAt) return '';
  return t(report)('reportVisitKept', auditDate({ ...report, auditedAt: report.visitTakenAt }));
}

/** Whether the audit is of a fresh visit, and the user's cookies it could not put back (names only). */
export function freshVisitText(report: AuditReport): string {
  const fresh = report.freshVisit;
  if (!fresh) return '';
  const unrestored = fresh.unrestoredCookies.length ? t(report)('reportUnrestored', String(fresh.unrestoredCookies.length), fresh.unrestoredCookies.join(', ')) : '';
  return [fresh.performed ? t(report)('reportFreshVisitDone') : '', unrestored].filter(Boolean).join('. ');
}

const t = (report: AuditReport) => reportText(report.language);

const hostPath = (url: URL) => `${url.host}${url.pathname}`;

/**
 * What set a cookie, in words: "the script cdn.example/tag.js", "the portal's response to
 * /api/…". `short` (the popup's line): host and file, no query; otherwise the full address, with
 * when, where (frame) and how many writes.
 */
export function setterText(setBy: CookieSetter, t: Translate, options: { short?: boolean } = {}): string {
  const parse = (u: string | undefined) => {
    try {
      return u ? new URL(u) : undefined;
    } catch {
      return undefined;
    }
  };
  const url = parse(setBy.url);
  const page = parse(setBy.page);
  const shown = (u: URL) => (options.short ? hostPath(u) : u.href);
  let what: string;
  switch (setBy.how) {
    case 'before-visit':
      return t('setByBefore');
    case 'not-seen':
      return t('setByNotSeen');
    case 'response':
      what = url && page && url.host === page.host ? t('setByOwnResponse', options.short ? url.pathname : url.href) : url ? t('setByResponse', shown(url)) : t('setByResponse', '?');
      break;
    default:
      what = !url ? t('setByNoAddress', setBy.how) : page && hostPath(url) === hostPath(page) ? t('setByInline', shown(url)) : t('setByScript', shown(url));
  }
  if (options.short) return what;
  const frame = parse(setBy.frame);
  const details = [
    ...(setBy.afterMs !== undefined && setBy.page ? [t('setByWhen', String(setBy.afterMs), setBy.page)] : []),
    ...(frame ? [t('setByFrame', frame.href)] : []),
    ...(setBy.count > 1 ? [t('setByCount', String(setBy.count))] : []),
  ];
  return details.length ? `${what} (${details.join('; ')})` : what;
}

/** What the recording covered, and what it did not: "Recorded during this visit: …". */
export function coverageText(report: AuditReport): string {
  const e = report.evidence;
  if (!e) return '';
  const tr = t(report);
  const kinds = (on: boolean) => [e.responses === on ? tr('evidenceResponses') : '', e.scripts === on ? tr('evidenceScripts') : ''].filter(Boolean).join(', ');
  const missing = kinds(false);
  return [kinds(true) ? tr('evidenceCoverage', kinds(true)) : '', missing ? tr('evidenceNotRecorded', `${missing}${e.note ? ` (${e.note})` : ''}`) : ''].filter(Boolean).join(' ');
}
