// fleet.html: a standalone, printable page of the whole fleet: totals, what changed since the
// previous run, the portals worst first (sortable, filterable), the cookies most often undeclared,
// a link to each portal's own report. No remote code: one inline script, allowed by its hash in the
// page's Content-Security-Policy; every value from a report is escaped, as in the audit report.
import { escapeHtml, jsonForScript } from '../report/report-html.ts';
import type { FleetDiff } from './fleet-diff.ts';
import type { Fleet, TopSetter } from './fleet-model.ts';

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

/** What set the fleet's cookies, by the number of portals: the fix (a tag, an embed) to make first. */
function topSettersSection(id: string, title: string, setters: readonly TopSetter[], h: (s: string) => string): string {
  if (setters.length === 0) return '';
  return `<section id="${id}"><h2>${h(title)}</h2><table><tr><th>Setter</th><th>Portals</th><th>Cookies</th></tr>${setters.map((s) => `<tr><td><code>${h(s.setter)}</code></td><td class="num">${s.portals}</td><td>${s.cookies.map((c) => `<code>${h(c)}</code>`).join(' ')}</td></tr>`).join('')}</table></section>`;
}

export async function renderFleetHtml(fleet: Fleet, diff?: FleetDiff): Promise<string> {
  const h = escapeHtml;
  const list = (items: readonly string[]) => `${items.slice(0, SHOWN).map((x) => `<code>${h(x)}</code>`).join(', ')}${items.length > SHOWN ? ` and ${items.length - SHOWN} more` : ''}`;
  const t = fleet.totals;
  const total = (n: number, words: string, bad = false) => `<div${bad && n > 0 ? ' class="bad"' : ''}><strong>${n}</strong>${h(words)}</div>`;
  const changes = diff
    ? [
        ...diff.newlyNonCompliant.map((host) => `<li class="bad">Newly non-compliant: <code>${h(host)}</code></li>`),
        ...diff.newTrackers.map((c) => `<li class="bad">New trackers on <code>${h(c.host)}</code>: ${list(c.cookies)}</li>`),
        ...diff.newUndeclared.map((c) => `<li class="bad">Newly undeclared on <code>${h(c.host)}</code>: ${list(c.cookies)}</li>`),
        ...diff.cookiesGone.map((c) => `<li>Gone from <code>${h(c.host)}</code>: ${list(c.cookies)}</li>`),
        ...diff.policiesChanged.map((c) => `<li>Policy changed on <code>${h(c.host)}</code></li>`),
        ...diff.newlyFailing.map((url) => `<li class="bad">Newly failing: <code>${h(url)}</code></li>`),
        ...diff.portalsNew.map((host) => `<li>New portal: <code>${h(host)}</code></li>`),
        ...diff.portalsGone.map((host) => `<li>No longer listed: <code>${h(host)}</code></li>`),
      ]
    : [];
  const rows = fleet.portals.map((p) => `<tr>
<td><a href="${h(relativeHref(p.report))}">${h(p.host)}</a></td>
<td class="num" data-value="${p.severity}">${p.trackersAfterRefusal.length ? `<span class="bad">${p.trackersAfterRefusal.length} after refusal</span> ` : ''}${p.trackersBeforeConsent.length ? `<span class="bad">${p.trackersBeforeConsent.length} before consent</span> ` : ''}${p.undeclared}</td>
<td class="num">${p.undeclared}</td>
<td>${list(p.trackersBeforeConsent)}</td>
<td>${list(p.trackersAfterRefusal)}</td>
<td>${p.policy.found ? (/^https?:\/\//i.test(p.policy.url ?? '') ? `<a href="${h(p.policy.url!)}">policy</a>` : 'policy') : `<span class="muted">default (${h(p.policy.reason ?? '')})</span>`}</td>
<td>${list(p.undeclaredCookies)}</td>
<td>${h(p.auditedAt)}</td>
</tr>`).join('\n');
  const head = [['Portal', 'text'], ['Severity', 'number'], ['Undeclared', 'number'], ['Trackers before consent', 'text'], ['Trackers after refusal', 'text'], ['Catalogue', 'text'], ['Undeclared cookies', 'text'], ['Audited at', 'text']]
    .map(([label, type], col) => `<th><button type="button" data-col="${col}" data-type="${type}">${h(label!)}</button></th>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${await sha256Base64(SCRIPT)}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cookie audit of ${t.portals} Opendatasoft portals</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Cookie audit of ${t.portals} Opendatasoft portals</h1>
<p class="muted">Merged ${h(fleet.generatedAt)}${diff ? `, compared with the run of ${h(diff.previousAt)}` : ''}.</p>
<section id="totals"><div class="totals">
${total(t.withUndeclared, 'with undeclared cookies', true)}
${total(t.withTrackersBeforeConsent, 'with trackers before consent', true)}
${total(t.withTrackersAfterRefusal, 'with trackers after refusal', true)}
${total(t.policyFound, 'policy read')}
${total(t.defaultUsed, 'default catalogue used')}
${total(t.failed, 'not audited', true)}
</div></section>
${fleet.comparisonError ? `<section id="changes"><h2>What changed</h2><p class="bad" role="alert">Not compared: ${h(fleet.comparisonError)}. Nothing can be said of what got worse since the previous run.</p></section>` : ''}
${fleet.duplicates.length ? `<section id="duplicates"><h2>Portals reported twice (${fleet.duplicates.length})</h2><ul>${fleet.duplicates.map((d) => `<li><code>${h(d.portal)}</code>: kept <code>${h(d.kept)}</code>, set aside <code>${h(d.dropped)}</code>: ${h(d.reason)}</li>`).join('')}</ul></section>` : ''}
${diff ? `<section id="changes"><h2>What changed (${changes.length})</h2>${changes.length ? `<ul>${changes.join('\n')}</ul>` : '<p>Nothing changed.</p>'}</section>` : ''}
<section id="ranking"><h2>Portals, worst first</h2>
<p class="filter"><label for="filter">Filter</label><input id="filter" type="search" placeholder="host, cookie name…" autocomplete="off"> <span class="muted"><span id="shown">${fleet.portals.length}</span> shown</span></p>
<table id="portals"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></section>
<section id="top"><h2>Cookies most often undeclared</h2>${fleet.topUndeclared.length ? `<table><tr><th>Cookie</th><th>Portals</th></tr>${fleet.topUndeclared.map((c) => `<tr><td><code>${h(c.name)}</code></td><td class="num">${c.portals}</td></tr>`).join('')}</table>` : '<p>None.</p>'}</section>
${topSettersSection('setters-undeclared', 'Scripts and responses most often behind undeclared cookies', fleet.topSetters?.undeclared ?? [], h)}
${topSettersSection('setters-before-consent', 'Scripts and responses most often behind trackers set before consent', fleet.topSetters?.beforeConsent ?? [], h)}
${fleet.failures.length ? `<section id="failures"><h2>Not audited (${fleet.failures.length})</h2><ul>${fleet.failures.map((f) => `<li><code>${h(f.url)}</code>: ${h(f.error)}</li>`).join('')}</ul></section>` : ''}
${fleet.skippedFiles.length ? `<section id="skipped"><h2>Files skipped (${fleet.skippedFiles.length})</h2><ul>${fleet.skippedFiles.map((f) => `<li><code>${h(f.file)}</code>: ${h(f.reason)}</li>`).join('')}</ul></section>` : ''}
<script type="application/json" id="fleet">${jsonForScript(fleet)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
