// fleet.html: a standalone, printable page of the whole fleet: totals, what changed since the
// previous run, the portals worst first (sortable, filterable), the cookies most often undeclared,
// a link to each portal's own report. No remote code: one inline script, allowed by its hash in the
// page's Content-Security-Policy; every value from a report is escaped, as in the audit report.
import { escapeHtml, jsonForScript } from '../report/report-html.ts';
import type { FleetDiff } from './fleet-diff.ts';
import type { Fleet, TopOrganisation, TopSetter } from './fleet-model.ts';
import { categoryWords } from '../consent/journey-words.ts';
import { type ReportKey, reportText } from '../report/report-strings.ts';
import type { Language } from '../types.ts';
import { peopleDate } from '../text/people-date.ts';

// Sorting and filtering, in plain DOM calls on the page's own table: no data from reports is
// ever parsed as markup (textContent and dataset only).
const SCRIPT = `(() => {
  const table = document.getElementById('portals');
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.getElementById('filter');
  const shown = document.getElementById('shown');
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    let n = 0;
    for (const row of rows) {
      row.hidden = q !== '' && !row.textContent.toLowerCase().includes(q);
      if (!row.hidden) n++;
    }
    shown.textContent = String(n);
  });
  for (const button of table.tHead.querySelectorAll('button[data-col]')) {
    button.addEventListener('click', () => {
      const th = button.closest('th');
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of table.tHead.querySelectorAll('th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const col = Number(button.dataset.col);
      const numeric = button.dataset.type === 'number';
      const key = (row) => row.cells[col].dataset.value ?? row.cells[col].textContent;
      rows.sort((a, b) => {
        const order = numeric ? Number(key(a)) - Number(key(b)) : key(a).localeCompare(key(b));
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  }
})();`;

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const STYLE = `
  :root { color-scheme: light; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
  body { margin: 24px auto; max-width: 1200px; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 6px; border-bottom: 1px solid #d5dae0; padding-bottom: 3px; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { border: 1px solid #d5dae0; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #f4f6f8; } th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: left; }
  th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
  td.num { text-align: right; } .bad { color: #b3261e; } .muted { color: #4f5964; } code { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
  .totals { display: flex; flex-wrap: wrap; gap: 10px; } .totals div { padding: 6px 12px; border-radius: 6px; background: #eef1f4; } .totals strong { font-size: 20px; display: block; }
  label { font-weight: 600; margin-right: 6px; } input { font: inherit; padding: 3px 6px; min-width: 260px; }
  @media print { .filter { display: none; } body { margin: 0; max-width: none; } tr { break-inside: avoid; } th button::after { content: ""; } }
  @page { size: A4 landscape; margin: 12mm; }
`;

/**
 * A link to a report from a path relative to the fleet's folder: each segment percent-encoded and
 * the whole made to start with "./" or "../", so that no folder name (`javascript:alert(1)`,
 * `https:`) can make it a URL with a scheme, even where the page's CSP is not applied.
 */
export function relativeHref(path: string): string {
  const href = path.split(/[\\/]/).map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment))).join('/');
  return href.startsWith('./') || href.startsWith('../') ? href : `./${href}`;
}

/** At most this many names of one list in a cell or a change; the JSON keeps them all. */
const SHOWN = 50;

export interface FleetPageOptions { language: Language; timeZone: string }

export async function renderFleetHtml(fleet: Fleet, diff?: FleetDiff, { language, timeZone }: FleetPageOptions = { language: 'en', timeZone: 'UTC' }): Promise<string> {
  const h = escapeHtml;
  const t = reportText(language);
  const when = (iso: string) => peopleDate(iso, language, timeZone);
  /** A message whose `$1` is markup of ours: the words escaped, the markup put in their place after. */
  const withMarkup = (key: ReportKey, markup: string) => h(t(key, '\u0000')).replace('\u0000', markup);
  const list = (items: readonly string[]) => `${items.slice(0, SHOWN).map((x) => `<code>${h(x)}</code>`).join(', ')}${items.length > SHOWN ? ` ${h(t('fleet_more', String(items.length - SHOWN)))}` : ''}`;
  const totals = fleet.totals;
  const total = (n: number, words: string, bad = false) => `<div${bad && n > 0 ? ' class="bad"' : ''}><strong>${n}</strong>${h(words)}</div>`;
  // Never tested is not zero: the refusal's total says how many portals it was tested on.
  const tested = totals.refusalTested ?? totals.portals;
  const afterRefusalTotal = tested === 0
    ? `<div class="muted" data-total="after-refusal"><strong>–</strong>${h(t('fleet_after_refusal_untested'))}</div>`
    : total(totals.withTrackersAfterRefusal, tested < totals.portals ? t('fleet_total_after_refusal_of', String(tested)) : t('fleet_total_after_refusal'), true);
  const code = (x: string) => `<code>${h(x)}</code>`;
  const changes = diff
    ? [
        ...diff.newlyNonCompliant.map((host) => `<li class="bad">${h(t('fleet_change_noncompliant'))} ${code(host)}</li>`),
        ...(diff.newConsentFindings ?? []).map((c) => {
          const fresh = c.cookies.filter((name) => !c.reclassified.includes(name));
          const heading = withMarkup(c.finding === 'tracker-after-refusal' ? 'fleet_change_after_refusal' : 'fleet_change_before_consent', code(c.host));
          return `<li class="bad">${heading} ${list(fresh)}${c.reclassified.length ? `${fresh.length ? '; ' : ''}${withMarkup('fleet_change_reclassified', list(c.reclassified))}` : ''}</li>`;
        }),
        ...diff.newUndeclared.map((c) => `<li class="bad">${h(t('fleet_change_undeclared', c.host))} ${list(c.cookies)}</li>`),
        ...diff.cookiesGone.map((c) => `<li>${h(t('fleet_change_gone', c.host))} ${list(c.cookies)}</li>`),
        ...diff.policiesChanged.map((c) => `<li>${h(t('fleet_change_policy', c.host))}</li>`),
        ...diff.newlyFailing.map((url) => `<li class="bad">${h(t('fleet_change_failing'))} ${code(url)}</li>`),
        ...diff.portalsNew.map((host) => `<li>${h(t('fleet_change_new_portal'))} ${code(host)}</li>`),
        ...diff.portalsGone.map((host) => `<li>${h(t('fleet_change_portal_gone'))} ${code(host)}</li>`),
      ]
    : [];
  // One column per kind of finding, its count (the sort key) and its cookies: never run together.
  const count = (names: readonly string[], testedHere = true) => (testedHere
    ? `<td class="num" data-value="${names.length}"><span${names.length ? ' class="bad"' : ''}>${names.length}</span>${names.length ? `<br>${list(names)}` : ''}</td>`
    : `<td class="num muted" data-value="-1">${h(t('fleet_not_tested'))}</td>`);
  const rows = fleet.portals.map((p) => `<tr>
<td data-value="${h(p.host)}"><a href="${h(relativeHref(p.report))}">${h(p.host)}</a></td>
${count(p.trackersAfterRefusal, p.refusalTested !== false)}
${count(p.trackersBeforeConsent)}
${count(p.undeclaredCookies)}
<td>${p.policy.found ? (/^https?:\/\//i.test(p.policy.url ?? '') ? `<a href="${h(p.policy.url!)}">${h(t('fleet_policy'))}</a>` : h(t('fleet_policy'))) : `<span class="muted">${h(t('fleet_default', p.policy.reason ?? ''))}</span>`}</td>
<td data-value="${h(p.auditedAt)}">${h(when(p.auditedAt))}</td>
</tr>`).join('\n');
  const head = ([['fleet_col_portal', 'text'], ['fleet_col_after_refusal', 'number'], ['fleet_col_before_consent', 'number'], ['fleet_col_undeclared', 'number'], ['fleet_col_catalogue', 'text'], ['fleet_col_audited', 'text']] as const)
    .map(([label, type], col) => `<th><button type="button" data-col="${col}" data-type="${type}">${h(t(label))}</button></th>`).join('');
  const setters = (id: string, title: ReportKey, rows: readonly TopSetter[]) => (rows.length === 0 ? '' : `<section id="${id}"><h2>${h(t(title))}</h2><table><tr><th>${h(t('fleet_col_setter'))}</th><th>${h(t('fleet_col_portals'))}</th><th>${h(t('fleet_col_cookie'))}</th></tr>${rows.map((r) => `<tr><td>${code(r.setter)}</td><td class="num">${r.portals}</td><td>${r.cookies.map(code).join(' ')}</td></tr>`).join('')}</table></section>`);
  const organisations = (id: string, title: ReportKey, rows: readonly TopOrganisation[]) => (rows.length === 0 ? '' : `<section id="${id}"><h2>${h(t(title))}</h2><table><tr><th>${h(t('fleet_col_organisation'))}</th><th>${h(t('colCategory'))}</th><th>${h(t('fleet_col_portals'))}</th></tr>${rows.map((r) => `<tr><td>${h(r.organisation)}</td><td>${h(categoryWords(r.category, t as never))}</td><td class="num">${r.portals}</td></tr>`).join('')}</table></section>`);
  const title = h(t('fleet_title', String(totals.portals)));
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${await sha256Base64(SCRIPT)}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p class="muted">${h(t('fleet_merged', when(fleet.generatedAt)))}${diff ? h(t('fleet_compared', when(diff.previousAt))) : ''}.</p>
<section id="totals"><div class="totals">
${total(totals.withUndeclared, t('fleet_total_undeclared'), true)}
${total(totals.withTrackersBeforeConsent, t('fleet_total_before_consent'), true)}
${afterRefusalTotal}
${total(totals.policyFound, t('fleet_total_policy'))}
${total(totals.defaultUsed, t('fleet_total_default'))}
${total(totals.failed, t('fleet_total_failed'), true)}
</div></section>
${fleet.comparisonError ? `<section id="changes"><h2>${h(t('fleet_changes'))}</h2><p class="bad" role="alert">${h(t('fleet_not_compared', fleet.comparisonError))}</p></section>` : ''}
${fleet.duplicates.length ? `<section id="duplicates"><h2>${h(t('fleet_duplicates', String(fleet.duplicates.length)))}</h2><ul>${fleet.duplicates.map((d) => `<li>${h(t('fleet_duplicate', d.portal, d.kept, d.dropped, d.reason))}</li>`).join('')}</ul></section>` : ''}
${diff ? `<section id="changes"><h2>${h(t('fleet_changes'))} (${changes.length})</h2>${changes.length ? `<ul>${changes.join('\n')}</ul>` : `<p>${h(t('fleet_nothing_changed'))}</p>`}</section>` : ''}
<section id="ranking"><h2>${h(t('fleet_ranking'))}</h2>
<p class="filter"><label for="filter">${h(t('fleet_filter'))}</label><input id="filter" type="search" placeholder="${h(t('fleet_filter_placeholder'))}" autocomplete="off"> <span class="muted"><span id="shown">${fleet.portals.length}</span> ${h(t('fleet_shown'))}</span></p>
<table id="portals"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></section>
<section id="top"><h2>${h(t('fleet_top'))}</h2>${fleet.topUndeclared.length ? `<table><tr><th>${h(t('fleet_col_cookie'))}</th><th>${h(t('fleet_col_portals'))}</th></tr>${fleet.topUndeclared.map((c) => `<tr><td>${code(c.name)}</td><td class="num">${c.portals}</td></tr>`).join('')}</table>` : `<p>${h(t('fleet_none'))}</p>`}</section>
${setters('setters-undeclared', 'fleet_setters_undeclared', fleet.topSetters?.undeclared ?? [])}
${setters('setters-before-consent', 'fleet_setters_before_consent', fleet.topSetters?.beforeConsent ?? [])}
${organisations('organisations-after-refusal', 'fleet_organisations_after_refusal', fleet.topOrganisations?.afterRefusal ?? [])}
${organisations('organisations-before-consent', 'fleet_organisations_before_consent', fleet.topOrganisations?.beforeConsent ?? [])}
${fleet.failures.length ? `<section id="failures"><h2>${h(t('fleet_failures', String(fleet.failures.length)))}</h2><ul>${fleet.failures.map((f) => `<li>${code(f.url)}: ${h(f.error)}</li>`).join('')}</ul></section>` : ''}
${fleet.skippedFiles.length ? `<section id="skipped"><h2>${h(t('fleet_skipped', String(fleet.skippedFiles.length)))}</h2><ul>${fleet.skippedFiles.map((f) => `<li>${code(f.file)}: ${h(f.reason)}</li>`).join('')}</ul></section>` : ''}
<script type="application/json" id="fleet">${jsonForScript(fleet)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
