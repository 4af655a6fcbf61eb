// Markdown for tickets and e-mails: every value from the page or the policy is escaped, so a cookie
// name cannot turn into a link, an image or markup.
import type { AuditReport } from './report-model.ts';
import { reportText } from './report-strings.ts';
import { cleanText } from '../text/clean-text.ts';
import { journeyTables } from './report-journeys.ts';
import { beyondTables } from './report-beyond.ts';
import { auditDate, consentText, coverageText, describeSource, freshVisitText, lifetimeText, setterText, visitText } from './report-text.ts';
import { checkRemedy, checkWords } from '../checks/check-words.ts';

export function escapeMarkdown(text: string): string {
  // What could open markup, a link, an image, code or a table cell; dates and URLs stay readable.
  return cleanText(text).replace(/[\\`*_[\]<>!|~#]/g, (c) => `\\${c}`);
}

export function renderMarkdown(report: AuditReport): string {
  const t = reportText(report.language);
  const e = (s: string | null | undefined) => (s ? escapeMarkdown(s) : '');
  const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const out: string[] = [
    `# ${t('reportTitle')}: ${e(report.portal.host)}`,
    '',
    `- ${t('reportPage')}: ${e(report.portal.pageUrl)}`,
    ...(report.portal.platformHost ? [`- ${t('reportPlatformHost')}: ${e(report.portal.platformHost)}`] : []),
    `- ${t('reportDate')}: ${e(auditDate(report))}`,
    `- ${t('reportBrowser')}: ${e(`${report.browser.name} ${report.browser.version}`)}`,
    `- ${t('reportExtension')}: ${e(report.extensionVersion)}`,
    `- ${t('reportCatalogue')}: ${e(describeSource(report))}`,
    ...(report.consent ? [`- ${t('reportConsent')}: ${e(consentText(report))}`] : []),
    ...(report.consentExemption ? [`- ${t('reportExemption')}: «${e(report.consentExemption)}»`] : []),
    ...(report.freshVisit ? [`- ${t('reportFreshVisit')}: ${e(freshVisitText(report))}`] : []),
    ...(report.visitTakenAt ? [`- ${t('reportVisit')}: ${e(visitText(report))}`] : []),
    ...(report.evidence ? [`- ${t('evidenceTitle')}: ${e(coverageText(report))}`] : []),
    '',
    `## ${t('reportSummary')}`,
    '',
    table([t('statusUndeclared'), t('statusDeclared'), t('statusMissing'), 'cookies'], [[String(report.summary.undeclared), String(report.summary.declared), String(report.summary.missing), String(report.summary.cookies)]]),
  ];
  const notes = (c: AuditReport['cookies'][number]) => [
    ...(c.setBy ? [`${e(t('colSetBy'))}: ${e(setterText(c.setBy, t))}`] : []),
    ...c.failedChecks.map((id) => `⚠ ${e(checkWords(id, t))} (${e(t('remedyLine', checkRemedy(id, t)))})`),
    ...(c.explanation ? [e(t('explanationLikely', c.explanation.platform, c.explanation.category, c.explanation.description))] : []),
    ...(c.suggestedPolicyRow ? [`${e(t('suggestedRow'))}: ${e(c.suggestedPolicyRow.join(' / '))}`] : []),
  ].join('<br>');
  const cookieTable = (status: 'undeclared' | 'declared') => {
    const rows = report.cookies.filter((c) => c.status === status);
    if (rows.length === 0) return;
    out.push('', `## ${t(status === 'undeclared' ? 'groupUndeclared' : 'groupDeclared')} (${rows.length})`, '');
    out.push(table(
      [t('colName'), t('colDomain'), t('colParty'), ...(status === 'declared' ? [t('colPattern'), t('colProvider'), t('colPurpose')] : []), t('colLifetime'), t('colHttpOnly'), t('colSecure'), t('colSameSite'), t('reportNotes')],
      rows.map((c) => [e(c.name), e(c.domain + c.path), t(c.party === 'first' ? 'partyFirst' : 'partyThird'), ...(status === 'declared' ? [e(c.pattern), e(c.provider), e(c.purpose)] : []), e(lifetimeText(c, report)), c.httpOnly ? t('yes') : t('no'), c.secure ? t('yes') : t('no'), c.sameSite, notes(c)]),
    ));
  };
  cookieTable('undeclared');
  cookieTable('declared');
  if (report.missing.length) {
    out.push('', `## ${t('groupMissing')} (${report.missing.length})`, '');
    out.push(table([t('colPattern'), t('colProvider'), t('colPurpose'), t('colWhen')], report.missing.map((m) => [e(m.pattern), e(m.provider), e(m.purpose), m.whenSet ? t(`when_${m.whenSet.replace(/-/g, '_')}` as never) : ''])));
  }
  if (report.diff) {
    out.push('', `## ${t('reportDiff')}`, '');
    if (report.diff.added.length === 0 && report.diff.gone.length === 0) out.push(t('reportDiffNone', e(report.diff.previousAt)));
    for (const c of report.diff.added) out.push(`- ${t('reportDiffNew')}: ${e(c.name)} (${e(c.domain + c.path)})`);
    for (const c of report.diff.gone) out.push(`- ${t('reportDiffGone')}: ${e(c.name)} (${e(c.domain + c.path)})`);
  }
  const journeys = journeyTables(report);
  if (journeys) {
    const cells = (rows: string[][]) => rows.map((r) => r.map((c) => e(c)));
    const [statesHead, ...states] = cells(journeys.states);
    const [matrixHead, ...matrix] = cells(journeys.matrix);
    out.push('', `## ${t('journeysTitle')}`, '', e(t('journeysIntro')), '', table(statesHead!, states), '', table(matrixHead!, matrix));
    if (journeys.findings.length) out.push('', `### ${t('journeysFindings')}`, '', ...journeys.findings.map(([severity, detail, source, remedy]) => `- **${e(severity)}**: ${e(detail)} (${e(source)})\n  ${e(t('remedyLine', remedy!))}`));
    if (journeys.neverSeen.length) out.push('', `### ${t('journeysNeverSeen')}`, '', ...journeys.neverSeen.map((n) => `- ${e(n)}`));
  }
  const beyond = beyondTables(report);
  if (beyond) {
    const cells = (rows: string[][]) => rows.map((r) => r.map((c) => e(c)));
    out.push('', `## ${t('beyondTitle')}`, '');
    for (const [title, rows] of [[t('beyondStorage'), beyond.storage], [t('beyondOrganisations'), beyond.organisations]] as const) {
      const [head, ...body] = cells(rows);
      out.push(`### ${title}`, '', body.length ? table(head!, body) : e(t('beyondNone')), '');
    }
    out.push(...beyond.notes.map((n) => `- ${e(n)}`));
  }
  out.push('', `## ${t('reportChecks')}`, '', ...report.checks.map((c) => `- ${e(c.description)}${c.source ? ` (${e(c.source)})` : ''}`), '');
  return out.join('\n');
}
