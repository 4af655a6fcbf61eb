// RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheets show accents right: a row per cookie,
// a row per declaration not seen, and a row per web-storage key and organisation reached. Cells a
// spreadsheet would run as a formula are neutralised.
import type { AuditReport } from './report-model.ts';
import { reportText } from './report-strings.ts';
import { JOURNEY_STATES } from '../consent/journey-state.ts';
import { firstSeenCells, pageLabel, stateKey } from './report-journeys.ts';

/**
 * =, +, -, @ open a formula in Excel, LibreOffice and Sheets, and so may any white space or control
 * character before them (OWASP): a cell starting with any of these is prefixed with a quote.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\s\u0000-\u001f\u007f-\u009f]/.test(cell) ? `'${cell}` : cell;
}

function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(report: AuditReport): string {
  const t = reportText(report.language);
  const digests = report.cookies.some((c) => c.valueSha256Prefix);
  // With the visitor's journeys: the page each cookie was first seen on, per consent state.
  const journeys = report.journeys ? JOURNEY_STATES.map((s) => t(stateKey(s))) : [];
  const seen = (name: string, domain: string) => (report.journeys ? firstSeenCells(report, name, domain) : []);
  // Who set each cookie, when the visit was recorded: how, the address, the page, when and how often.
  const evidence = report.cookies.some((c) => c.setBy) ? [t('colSetBy'), t('colSetByUrl'), t('colSetOnPage'), t('colSetAfterMs'), t('colSetCount')] : [];
  const setter = (c: AuditReport['cookies'][number] | undefined) => (evidence.length ? (c?.setBy ? [c.setBy.how, c.setBy.url ?? null, c.setBy.frame ? `${c.setBy.page ?? ''} (frame ${c.setBy.frame})` : c.setBy.page ?? null, c.setBy.afterMs ?? null, c.setBy.count] : [null, null, null, null, null]) : []);
  const header = [t('colStatus'), t('colName'), t('colDomain'), t('colPath'), t('colParty'), t('colPattern'), t('colProvider'), t('colService'), t('colPurpose'), t('colCategory'), t('colDeclaredLifetime'), t('colExpires'), t('colHttpOnly'), t('colSecure'), t('colSameSite'), t('colPartition'), t('colSize'), t('colWhen'), t('reportNotes'), ...(digests ? [t('colValueDigest')] : []), ...evidence, ...journeys];
  const rows: (string | number | boolean | null)[][] = [header];
  for (const c of report.cookies) {
    rows.push([c.status, c.name, c.domain, c.path, c.party, c.pattern, c.provider, c.service, c.purpose, c.category, c.declaredLifetime, c.expires ?? 'session', c.httpOnly, c.secure, c.sameSite, c.partition, c.size, null, c.failedChecks.join(' '), ...(digests ? [c.valueSha256Prefix ?? null] : []), ...setter(c), ...seen(c.name, c.domain)]);
  }
  // Cookies the journeys met that the portal's own audit did not (other pages, other states).
  for (const r of report.journeys?.rows ?? []) {
    if (report.cookies.some((c) => c.name === r.name && c.domain === r.domain)) continue;
    rows.push([r.pattern ? 'declared' : 'undeclared', r.name, r.domain, null, r.party, r.pattern, null, null, null, null, null, null, null, null, null, null, null, null, null, ...(digests ? [null] : []), ...setter(undefined), ...seen(r.name, r.domain)]);
  }
  // Web storage keys and the organisations reached: their own statuses; the states' cells as the matrix has them.
  const width = header.length;
  const fit = (row: (string | number | boolean | null)[], states: string[] = []) => [...row, ...Array.from({ length: Math.max(0, width - row.length - states.length) }, () => null), ...states].slice(0, width);
  const j = report.journeys;
  const requests = (r: { count: number; firstUrl: string } | undefined) => (r ? `${r.count}: ${r.firstUrl}` : '—');
  if (j?.storageRows && j.organisationRows) {
    for (const r of j.storageRows) rows.push(fit(['storage', r.name, r.origin, null, null, r.pattern, r.organisation ?? null, r.area, null, r.category ?? null, null, null, null, null, null, null, null, null, r.tracker ? 'tracker' : null], JOURNEY_STATES.map((s) => pageLabel(r.firstSeen[s]))));
    for (const o of j.organisationRows) rows.push(fit(['organisation', o.organisation, null, null, o.party, null, o.company ?? o.organisation, null, null, o.category, null, null, null, null, null, null, null, null, [o.tracking ? 'tracking' : '', o.declared ? 'declared' : 'undeclared'].filter(Boolean).join(' ')], JOURNEY_STATES.map((s) => requests(o.requests[s]))));
  } else if (report.beyondCookies) {
    for (const r of report.beyondCookies.storage) rows.push(fit(['storage', r.name, r.origin, null, r.party, r.pattern, r.organisation ?? null, r.area, r.writtenBy ?? null, r.category ?? null, null, null, null, null, null, null, null, null, r.tracker ? 'tracker' : null]));
    for (const o of report.beyondCookies.contacts) rows.push(fit(['organisation', o.organisation, null, null, o.party, null, o.company ?? o.organisation, null, requests(o), o.category, null, null, null, null, null, null, null, null, [o.tracking ? 'tracking' : '', o.declared ? 'declared' : 'undeclared'].filter(Boolean).join(' ')]));
  }
  for (const m of report.missing) {
    rows.push(['missing', m.pattern, null, null, null, m.pattern, m.provider, m.service, m.purpose, m.category, m.declaredLifetime, null, null, null, null, null, null, m.whenSet, null, ...(digests ? [null] : []), ...setter(undefined), ...(report.journeys ? JOURNEY_STATES.map(() => null) : [])]);
  }
  return `\ufeff${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
