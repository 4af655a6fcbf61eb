// A standalone, printable HTML report: no external asset, no script that runs. Every value is
// escaped; the machine-readable copy sits in a JSON data block whose "<" are escaped, so a cookie
// name such as "</script><img onerror=…>" stays text.
import type { AuditReport, ReportCookie } from './report-model.ts';
import { reportText } from './report-strings.ts';
import { checkRemedy, checkWords } from '../checks/check-words.ts';
import { journeyTables, stateKey } from './report-journeys.ts';
import { beyondTables } from './report-beyond.ts';
import { auditDate, consentText, coverageText, describeSource, freshVisitText, lifetimeText, setterText, visitText } from './report-text.ts';

/** Pictures the report shows, by the file name the report gives them: data: URIs of PNG images only. */
export interface ReportAssets {
  images?: Record<string, string>;
}

const PNG_DATA = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script type="application/json"> block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
  :root { color-scheme: light; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
  body { max-width: 1100px; margin: 24px auto; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 6px; border-bottom: 1px solid #d5dae0; padding-bottom: 3px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; } dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { border: 1px solid #d5dae0; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #f4f6f8; } code { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
  .summary { display: flex; gap: 10px; } .summary div { padding: 6px 12px; border-radius: 6px; background: #eef1f4; } .summary strong { font-size: 20px; display: block; }
  .bad { color: #b3261e; } .source { color: #4f5964; font-size: 11px; } .remedy { color: #1b1f23; font-size: 12px; } .good { color: #1e6b34; } .summary .bad { background: #fdecea; } .summary .good { background: #e8f4ec; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } #summary { break-after: page; } code, td { overflow-wrap: break-word; word-break: normal; hyphens: none; } }
  @page { size: A4 landscape; margin: 12mm; }
`;

/** The first page of each state as the visitor saw it: the dialog as found, then after the choice. */
function screenshotsSection(report: AuditReport, h: (s: string) => string, images: Record<string, string>): string {
  const t = reportText(report.language);
  const figures = (report.journeys?.states ?? []).flatMap((st) => (['found', 'chosen'] as const).flatMap((moment) => {
    const name = st.screenshots?.[moment];
    const data = name ? images[name] : undefined;
    if (!name || !data || !PNG_DATA.test(data)) return [];
    const caption = t(moment === 'found' ? 'evidenceShotFound' : 'evidenceShotChosen', t(stateKey(st.state)));
    return [`<figure><img src="${h(data)}" alt="${h(caption)}" width="640"><figcaption>${h(caption)} <code>${h(name)}</code></figcaption></figure>`];
  }));
  return figures.length ? `<section id="screenshots"><h2>${h(t('evidenceScreenshots'))}</h2>${figures.join('\n')}</section>` : '';
}

/** The journeys' defects, worst first, each with what cures it: the printed report's first page. */
function defectsSummary(report: AuditReport, h: (s: string) => string): string {
  const tables = journeyTables(report);
  if (!tables || !report.journeys) return '';
  const t = reportText(report.language);
  const defects = report.journeys.findings.flatMap((f, i) => (f.severity === 'defect' ? [tables.findings[i]!] : []));
  if (defects.length === 0) return '';
  return `<h3>${h(t('summaryDefects'))}</h3><ol class="defects">${defects.map(([, detail, , remedy]) => `<li><span class="bad">${h(detail!)}</span><br><span class="remedy">${h(t('remedyLine', remedy!))}</span></li>`).join('')}</ol>`;
}

function journeysSection(report: AuditReport, h: (s: string) => string): string {
  const journeys = journeyTables(report);
  if (!journeys) return '';
  const t = reportText(report.language);
  const table = ([head, ...rows]: string[][]) => `<table><tr>${head!.map((c) => `<th>${h(c)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n')}</table>`;
  return `<section id="journeys"><h2>${h(t('journeysTitle'))}</h2><p>${h(t('journeysIntro'))}</p>${table(journeys.states)}<h3>${h(t('journeysTitle'))}</h3>${table(journeys.matrix)}${
    journeys.findings.length ? `<h3>${h(t('journeysFindings'))}</h3><ul>${journeys.findings.map(([severity, detail, source, remedy], i) => `<li${report.journeys!.findings[i]!.severity === 'defect' ? ' class="bad"' : ''}><strong>${h(severity!)}</strong>: ${h(detail!)} <span class="source">(${h(source!)})</span><br><span class="remedy">${h(t('remedyLine', remedy!))}</span></li>`).join('')}</ul>` : ''
  }${journeys.neverSeen.length ? `<h3>${h(t('journeysNeverSeen'))}</h3><ul>${journeys.neverSeen.map((n) => `<li><code>${h(n)}</code></li>`).join('')}</ul>` : ''}</section>`;
}

/** Web storage and the organisations reached, beside the cookies. */
function beyondSection(report: AuditReport, h: (s: string) => string): string {
  const beyond = beyondTables(report);
  if (!beyond) return '';
  const t = reportText(report.language);
  const table = ([head, ...rows]: string[][]) => (rows.length ? `<table><tr>${head!.map((c) => `<th>${h(c)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c, i) => `<td>${i === 0 ? `<code>${h(c)}</code>` : h(c)}</td>`).join('')}</tr>`).join('\n')}</table>` : `<p>${h(t('beyondNone'))}</p>`);
  return `<section id="beyond-cookies"><h2>${h(t('beyondTitle'))}</h2><h3>${h(t('beyondStorage'))}</h3>${table(beyond.storage)}<h3>${h(t('beyondOrganisations'))}</h3>${table(beyond.organisations)}<ul class="source">${beyond.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></section>`;
}

export function renderHtml(report: AuditReport, assets: ReportAssets = {}): string {
  const t = reportText(report.language);
  const shots = screenshotsSection(report, escapeHtml, assets.images ?? {});
  const setBy = report.cookies.some((c) => c.setBy);
  // Every row has the digest column when any has: a cookie without a value digest leaves it empty.
  const digests = report.cookies.some((c) => c.valueSha256Prefix);
  const h = (s: string | null | undefined) => (s ? escapeHtml(s) : '');
  const yes = (b: boolean) => (b ? t('yes') : t('no'));
  const setter = (c: ReportCookie) => (setBy ? `<td>${c.setBy ? h(setterText(c.setBy, t)) : ''}</td>` : '');
  const notes = (c: ReportCookie) => [
    ...c.failedChecks.map((id) => `<div class="bad">⚠ ${h(checkWords(id, t))}</div><div class="remedy">${h(t('remedyLine', checkRemedy(id, t)))}</div>`),
    c.explanation ? `<div>${h(t('explanationLikely', c.explanation.platform, c.explanation.category, c.explanation.description))}</div>` : '',
    c.suggestedPolicyRow ? `<div>${h(t('suggestedRow'))}: <code>${h(c.suggestedPolicyRow.join(' | '))}</code></div>` : '',
  ].join('');
  const cookieRows = (rows: ReportCookie[], declared: boolean) =>
    rows.map((c) => `<tr><td><code>${h(c.name)}</code></td><td><code>${h(c.domain + c.path)}</code></td><td>${h(t(c.party === 'first' ? 'partyFirst' : 'partyThird'))}</td>${declared ? `<td><code>${h(c.pattern)}</code></td><td>${h(c.provider)}</td><td>${h(c.purpose)}</td>` : ''}<td>${h(lifetimeText(c, report))}</td><td>${yes(c.httpOnly)}</td><td>${yes(c.secure)}</td><td>${h(c.sameSite)}</td><td>${h(c.partition)}</td>${digests ? `<td>${c.valueSha256Prefix ? `<code>${h(c.valueSha256Prefix)}</code>` : ''}</td>` : ''}${setter(c)}<td>${notes(c)}</td></tr>`).join('\n');
  const digestHead = digests ? `<th>${h(t('colValueDigest'))}</th>` : '';
  const head = (declared: boolean) => `<tr><th>${h(t('colName'))}</th><th>${h(t('colDomain'))}</th><th>${h(t('colParty'))}</th>${declared ? `<th>${h(t('colPattern'))}</th><th>${h(t('colProvider'))}</th><th>${h(t('colPurpose'))}</th>` : ''}<th>${h(t('colLifetime'))}</th><th>HttpOnly</th><th>Secure</th><th>SameSite</th><th>${h(t('colPartition'))}</th>${digestHead}${setBy ? `<th>${h(t('colSetBy'))}</th>` : ''}<th>${h(t('reportNotes'))}</th></tr>`;
  const undeclared = report.cookies.filter((c) => c.status === 'undeclared');
  const declared = report.cookies.filter((c) => c.status === 'declared');
  const section = (id: string, title: string, count: number, body: string) => `<section id="${id}"><h2>${h(title)} (${count})</h2>${body}</section>`;
  const diff = report.diff
    ? section('diff', t('reportDiff'), report.diff.added.length + report.diff.gone.length, report.diff.added.length + report.diff.gone.length === 0
      ? `<p>${h(t('reportDiffNone', report.diff.previousAt))}</p>`
      : `<ul>${report.diff.added.map((c) => `<li class="bad">${h(t('reportDiffNew'))}: <code>${h(c.name)}</code> (${h(c.domain + c.path)})</li>`).join('')}${report.diff.gone.map((c) => `<li>${h(t('reportDiffGone'))}: <code>${h(c.name)}</code> (${h(c.domain + c.path)})</li>`).join('')}</ul>`)
    : '';
  return `<!doctype html>
<html lang="${report.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'${shots ? '; img-src data:' : ''}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(t('reportTitle'))}: ${h(report.portal.host)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${h(t('reportTitle'))}: ${h(report.portal.host)}</h1>
<dl>
<dt>${h(t('reportPage'))}</dt><dd>${h(report.portal.pageUrl)}</dd>
${report.portal.platformHost ? `<dt>${h(t('reportPlatformHost'))}</dt><dd>${h(report.portal.platformHost)}</dd>` : ''}
<dt>${h(t('reportDate'))}</dt><dd>${h(auditDate(report))}</dd>
<dt>${h(t('reportBrowser'))}</dt><dd>${h(`${report.browser.name} ${report.browser.version}`)}</dd>
<dt>${h(t('reportExtension'))}</dt><dd>${h(report.extensionVersion)}</dd>
<dt>${h(t('reportCatalogue'))}</dt><dd>${h(describeSource(report))}</dd>
${report.consent ? `<dt>${h(t('reportConsent'))}</dt><dd>${h(consentText(report))}</dd>` : ''}
${report.consentExemption ? `<dt>${h(t('reportExemption'))}</dt><dd>«${h(report.consentExemption)}»</dd>` : ''}
${report.freshVisit ? `<dt>${h(t('reportFreshVisit'))}</dt><dd${report.freshVisit.unrestoredCookies.length ? ' class="bad"' : ''}>${h(freshVisitText(report))}</dd>` : ''}
${report.visitTakenAt ? `<dt>${h(t('reportVisit'))}</dt><dd>${h(visitText(report))}</dd>` : ''}
${report.evidence ? `<dt>${h(t('evidenceTitle'))}</dt><dd>${h(coverageText(report))}</dd>` : ''}
</dl>
</header>
<section id="summary"><h2>${h(t('reportSummary'))}</h2><div class="summary">
<div class="bad"><strong>${report.summary.undeclared}</strong>${h(t('summaryUndeclared'))}</div>
<div class="good"><strong>${report.summary.declared}</strong>${h(t('summaryDeclared'))}</div>
<div><strong>${report.summary.missing}</strong>${h(t('summaryMissing'))}</div>
</div>${defectsSummary(report, h)}</section>
${section('undeclared', t('groupUndeclared'), undeclared.length, undeclared.length ? `<table>${head(false)}${cookieRows(undeclared, false)}</table>` : `<p>${h(t('emptyUndeclared'))}</p>`)}
${section('declared', t('groupDeclared'), declared.length, declared.length ? `<table>${head(true)}${cookieRows(declared, true)}</table>` : `<p>${h(t('emptyDeclared'))}</p>`)}
${section('missing', t('groupMissing'), report.missing.length, report.missing.length ? `<table><tr><th>${h(t('colPattern'))}</th><th>${h(t('colProvider'))}</th><th>${h(t('colPurpose'))}</th><th>${h(t('colWhen'))}</th></tr>${report.missing.map((m) => `<tr><td><code>${h(m.pattern)}</code></td><td>${h(m.provider)}</td><td>${h(m.purpose)}</td><td>${m.whenSet ? h(t(`when_${m.whenSet.replace(/-/g, '_')}` as never)) : ''}</td></tr>`).join('\n')}</table>` : `<p>${h(t('emptyMissing'))}</p>`)}
${diff}
${journeysSection(report, h)}
${beyondSection(report, h)}
${shots}
<section id="checks"><h2>${h(t('reportChecks'))}</h2><ul>${report.checks.map((c) => `<li>${h(c.description)}${c.source ? ` <span class="source">(${h(c.source)})</span>` : ''}</li>`).join('')}</ul></section>
<script type="application/json" id="audit-report">${jsonForScript(report)}</script>
</body>
</html>
`;
}
