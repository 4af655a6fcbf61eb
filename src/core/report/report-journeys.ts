// The consent matrix in the human formats: the same table and findings in Markdown, HTML and CSV
// columns, from the report's `journeys` (see core/consent/consent-matrix.ts).
import { JOURNEY_STATES, type JourneyState } from '../consent/journey-state.ts';
import { findingRemedy, findingSource, findingWords, stateWords } from '../consent/journey-words.ts';
import { managerLabel } from '../consent/manager-names.ts';
import { setterText } from './report-text.ts';
import type { AuditReport } from './report-model.ts';
import { type ReportKey, reportText } from './report-strings.ts';

/** A page as the matrix shows it: its path, the host being the report's. */
export function pageLabel(url: string | null): string {
  if (!url) return '—';
  try {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  } catch {
    return url;
  }
}

export const stateKey = (state: JourneyState) => `state_${state.replace(/-/g, '_')}` as ReportKey;

/** The matrix as header and rows of plain text cells, for any renderer to escape its own way. */
export function journeyTables(report: AuditReport): { states: string[][]; matrix: string[][]; findings: string[][]; neverSeen: string[] } | undefined {
  const j = report.journeys;
  if (!j) return undefined;
  const t = reportText(report.language);
  const manager = j.managers?.drove ? managerLabel(j.managers.drove, (name) => t('consentManagerByRule', name)) : undefined;
  return {
    states: [
      [t('journeysState'), t('journeysReached'), t('journeysHow'), t('journeysDialog'), t('journeysPages')],
      ...j.states.map((s) => [t(stateKey(s.state)), s.reached ? t('yes') : t('no'), stateWords(s, t), dialogText(s), s.pages.map((p) => `${pageLabel(p.url)}${p.timedOut ? ` (${t('journeysTimedOut')})` : ''}`).join(', ')]),
    ],
    matrix: [
      [t('colName'), t('colDomain'), t('colPattern'), ...JOURNEY_STATES.map((s) => t(stateKey(s)))],
      ...j.rows.map((r) => [r.name, r.domain, r.pattern ?? t('statusUndeclared'), ...JOURNEY_STATES.map((s) => pageLabel(r.firstSeen[s]))]),
    ],
    // Severity, the finding, the rule it rests on, and what cures it.
    findings: j.findings.map((f) => [t(`severity_${f.severity}` as ReportKey), `${findingWords(f, t, (state) => t(stateKey(state)), report.language)}${f.page ? ` (${pageLabel(f.page)})` : ''}${f.setBy ? `; ${t('colSetBy').toLowerCase()}: ${setterText(f.setBy, t)}` : ''}`, findingSource(f, t), findingRemedy(f, t, manager)]),
    neverSeen: j.neverSeen.map((n) => (n.normallySet ? `${n.pattern} (${t(`when_${n.normallySet.replace(/-/g, '_')}` as ReportKey)})` : n.pattern)),
  };
}

/** The dialog as the journey read it: its title, and the labels of the controls it used, quoted. */
export function dialogText(s: { dialogTitle?: string; controls?: string[] }): string {
  const controls = s.controls?.length ? s.controls.map((c) => `« ${c} »`).join(', ') : '';
  return s.dialogTitle && controls ? `${s.dialogTitle}: ${controls}` : s.dialogTitle ?? controls;
}

/** The three states' first pages for a cookie of the report, for the CSV's extra columns. */
export function firstSeenCells(report: AuditReport, name: string, domain: string): string[] {
  const row = report.journeys?.rows.find((r) => r.name === name && r.domain === domain);
  return JOURNEY_STATES.map((s) => (row ? pageLabel(row.firstSeen[s]) : '—'));
}
