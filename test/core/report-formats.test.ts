// Everything a report can say, in the words a privacy officer files: the header (platform name,
// consent, exemption claim, fresh visit, what was recorded), the cookie tables with their notes
// (what set it, failed checks, the likely tracker, the row to add), the declarations not seen with
// when they are set, and the checks applied, in Markdown and HTML alike.
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { renderReport } from '../../src/core/report/render-report.ts';
import { type AuditReport, buildReport } from '../../src/core/report/report-model.ts';
import type { AuditResult } from '../../src/core/types.ts';

const now = new Date('2026-12-01T10:00:00Z');
const page = 'https://data.example.fr/explore/';

function fullAudit(): AuditResult {
  const audit = auditJar({
    cookies: [
      { name: '_ga', domain: '.example.fr', path: '/', session: false, expirationDate: now.getTime() / 1000 + 2 * 365 * 86400 },
      { name: 'sessionid', domain: 'data.example.fr', path: '/', httpOnly: true, secure: true, sameSite: 'lax', session: true },
    ],
    pageUrl: page,
    entries: [{ pattern: 'sessionid', provider: 'Opendatasoft', purpose: 'Authentification' }, { pattern: 'csrftoken', provider: 'Opendatasoft', purpose: 'Formulaires' }],
    now,
    source: { kind: 'portal', url: 'https://data.example.fr/terms/cookies-policy/' },
  });
  return {
    ...audit,
    cookies: audit.cookies.map((c) => (c.name !== '_ga' ? c : {
      ...c,
      checks: ['lifetime-over-13-months', 'set-before-consent'],
      explanation: { platform: 'Google Analytics', category: 'Analytics', description: 'ID used to identify users', retention: '2 years', controller: 'Google', name: '_ga', matchedBy: 'exact', otherDomain: false, source: 'open-cookie-database' },
      suggestedRow: ['Google', 'Google Analytics', '_ga', 'ID used to identify users'],
      setBy: { how: 'document.cookie', url: 'https://tags.example/gtag.js', page, afterMs: 640, count: 2 },
    })),
    consent: { status: 'chosen', choices: { ga: false, matomo: true } },
    consentExemption: 'La mesure d’audience est exemptée',
    evidence: { responses: false, scripts: true, note: 'network access (webRequest) not granted' },
  };
}

describe('a report with everything in it', () => {
  let report: AuditReport;
  beforeEach(() => {
    report = buildReport(fullAudit(), { generatedAt: now, timeZone: 'Europe/Paris', browser: { name: 'Firefox', version: '140.12' }, extensionVersion: '0.1.0', language: 'en', portal: { signals: ['front-header'], platformHost: 'example.opendatasoft.com' }, freshVisit: true, unrestoredCookies: ['sessionid'] });
  });

  it('heads the Markdown with the page, platform, date, browser, catalogue, consent, exemption, fresh visit and recording', () => {
    expect(renderReport(report, 'md').split('\n## Summary')[0]).toBe(`# Cookie audit: data.example.fr

- Page audited: https://data.example.fr/explore/
- Platform name: example.opendatasoft.com
- Date: 1 December 2026 at 11:00:00 CET (2026-12-01T10:00:00.000Z)
- Browser: Firefox 140.12
- Auditor version: 0.1.0
- Catalogue: Declared in the portal's policy: https://data.example.fr/terms/cookies-policy/
- Consent: Opendatasoft records the visitor's choice: ga ✗, matomo ✓
- Exemption claimed by the policy: «La mesure d’audience est exemptée»
- Fresh visit: audited as a first-time visitor sees the portal (the user's cookies set aside meanwhile). 1 of the user's cookies could not be put back: sessionid
- Who set each cookie: Recorded during this visit: scripts' writes (document.cookie, cookieStore). Not recorded: HTTP responses (Set-Cookie) (network access (webRequest) not granted).
`);
  });

  it('gives the Markdown summary, each cookie table with its notes, the declarations not seen and the checks', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('| undeclared | declared | declared, not seen | cookies |\n| --- | --- | --- | --- |\n| 1 | 1 | 1 | 2 |');
    expect(md).toContain('## Undeclared (1)\n\n| Cookie | Domain | Party | Lifetime | HttpOnly | Secure | SameSite | Notes |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n| \\_ga | .example.fr/ | first party | expires in 2 years | no | no | unspecified | Set by: the script https://tags.example/gtag.js (640 ms after https://data.example.fr/explore/ started loading; written 2 times)<br>⚠ Lifetime over 13 months (What to do: Set its lifetime (Max-Age or Expires) to 13 months at most.)<br>⚠ Tracker set before the visitor made any consent choice (What to do: Load what sets it only once the visitor accepts, from the consent manager.)<br>Likely Google Analytics (Analytics): ID used to identify users<br>Row to add to the policy: Google / Google Analytics / \\_ga / ID used to identify users |');
    expect(md).toContain('## Declared and present (1)\n\n| Cookie | Domain | Party | Declared as | Provider | Purpose | Lifetime | HttpOnly | Secure | SameSite | Notes |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n| sessionid | data.example.fr/ | first party | sessionid | Opendatasoft | Authentification | session cookie | yes | yes | lax |  |');
    expect(md).toContain('## Declared but not seen (1)\n\n| Declared as | Provider | Purpose | Normally set |\n| --- | --- | --- | --- |\n| csrftoken | Opendatasoft | Formulaires | Normally set when a form or the API is used (login, back office). |');
    expect(md).toMatch(/## Checks applied\n\n- Each cookie set for the page \(HttpOnly included\)[^\n]*\n- Each declaration is reported as seen or not seen on this visit\.\n- First or third party[^\n]*\n- Cookie values are never included\.\n$/);
  });

  it('gives every column of each row in the CSV: the cookie, its declaration, its notes and what set it', () => {
    const csv = renderReport(report, 'csv');
    const [header, ...rows] = Papa.parse<string[]>(csv.slice(1).trim()).data;
    expect(header).toEqual(['Verdict', 'Cookie', 'Domain', 'Path', 'Party', 'Declared as', 'Provider', 'Service', 'Purpose', 'Category', 'Declared lifetime', 'Expires', 'HttpOnly', 'Secure', 'SameSite', 'Partition', 'Size (bytes)', 'Normally set', 'Notes', 'Set by', 'Set by (address)', 'Set on page', 'Set after (ms)', 'Writes seen']);
    const byName = Object.fromEntries(rows.map((r) => [r[1], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    expect(byName._ga).toMatchObject({ Verdict: 'undeclared', Domain: '.example.fr', Path: '/', 'Declared as': '', Notes: 'lifetime-over-13-months set-before-consent', 'Set by': 'document.cookie', 'Set by (address)': 'https://tags.example/gtag.js', 'Set on page': page, 'Set after (ms)': '640', 'Writes seen': '2', HttpOnly: 'false' });
    expect(byName._ga!.Expires).toMatch(/^2028-/);
    expect(byName.sessionid).toMatchObject({ Verdict: 'declared', 'Declared as': 'sessionid', Provider: 'Opendatasoft', Purpose: 'Authentification', Expires: 'session', HttpOnly: 'true', Secure: 'true', SameSite: 'lax', 'Set by': '', 'Set by (address)': '', 'Writes seen': '' });
    expect(byName.csrftoken).toMatchObject({ Verdict: 'missing', 'Declared as': 'csrftoken', Provider: 'Opendatasoft', Purpose: 'Formulaires', Domain: '', Expires: '', 'Set by': '' });
    expect(rows).toHaveLength(3);
  });

  it('names the frame a cookie was set from, and leaves the evidence columns out when nothing was recorded', () => {
    const framed = { ...report, cookies: report.cookies.map((c) => (c.setBy ? { ...c, setBy: { ...c.setBy, frame: 'https://widget.example/' } } : c)) };
    expect(renderReport(framed, 'csv')).toContain(`,document.cookie,https://tags.example/gtag.js,${page} (frame https://widget.example/),640,2`);
    const plain = { ...report, cookies: report.cookies.map(({ setBy: _, ...c }) => c) };
    const [header] = Papa.parse<string[]>(renderReport(plain as AuditReport, 'csv').slice(1).trim()).data;
    expect(header!.at(-1)).toBe('Notes');
  });

  it('heads the HTML with the same facts as the Markdown, and titles the same sections', () => {
    const md = renderReport(report, 'md');
    const html = renderReport(report, 'html');
    const unescape = (text: string) => text.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const mdFacts = md.split('\n## ')[0]!.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
    const htmlFacts = [...html.matchAll(/<dt>([\s\S]*?)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => `${unescape(m[1]!)}: ${unescape(m[2]!)}`);
    expect(htmlFacts).toEqual(mdFacts);
    const mdTitles = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.replace(/\\/g, ''));
    const htmlTitles = [...html.matchAll(/<h2>([\s\S]*?)<\/h2>/g)].map((m) => unescape(m[1]!));
    expect(htmlTitles).toEqual(mdTitles);
    expect(html).toContain(`<title>${unescape('Cookie audit: data.example.fr')}</title>`);
  });

  it('gives each HTML table the columns of its kind, cell by cell, and the digest column when values were digested', () => {
    const cells = (html: string, id: string) => {
      const body = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html)![1]!;
      return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'")));
    };
    const html = renderReport(report, 'html');
    expect(cells(html, 'undeclared')).toEqual([
      ['Cookie', 'Domain', 'Party', 'Lifetime', 'HttpOnly', 'Secure', 'SameSite', 'Partition', 'Set by', 'Notes'],
      ['_ga', '.example.fr/', 'first party', 'expires in 2 years', 'no', 'no', 'unspecified', '', `the script https://tags.example/gtag.js (640 ms after ${page} started loading; written 2 times)`, expect.stringContaining('⚠ ')],
    ]);
    expect(cells(html, 'declared')).toEqual([
      ['Cookie', 'Domain', 'Party', 'Declared as', 'Provider', 'Purpose', 'Lifetime', 'HttpOnly', 'Secure', 'SameSite', 'Partition', 'Set by', 'Notes'],
      ['sessionid', 'data.example.fr/', 'first party', 'sessionid', 'Opendatasoft', 'Authentification', 'session cookie', 'yes', 'yes', 'lax', '', '', ''],
    ]);
    expect(cells(html, 'missing')).toEqual([['Declared as', 'Provider', 'Purpose', 'Normally set'], ['csrftoken', 'Opendatasoft', 'Formulaires', 'Normally set when a form or the API is used (login, back office).']]);
    const digested = { ...report, cookies: report.cookies.map((c) => ({ ...c, valueSha256Prefix: c.name === '_ga' ? 'abcdef012345' : undefined })) } as AuditReport;
    const withDigest = cells(renderReport(digested, 'html'), 'undeclared');
    expect(withDigest[0]!.slice(7, 10)).toEqual(['Partition', 'Value SHA-256 (prefix)', 'Set by']);
    expect(withDigest[1]![8]).toBe('abcdef012345');
    // A row without a digest keeps its cells under their headings.
    const declaredRows = cells(renderReport(digested, 'html'), 'declared');
    expect(declaredRows[1]).toHaveLength(declaredRows[0]!.length);
    expect(declaredRows[1]![declaredRows[0]!.indexOf('Value SHA-256 (prefix)')]).toBe('');
  });

  it('gives the same in the HTML, the unrestored cookies and the failed checks marked', () => {
    const html = renderReport(report, 'html');
    for (const line of [
      '<title>Cookie audit: data.example.fr</title>',
      '<dt>Platform name</dt><dd>example.opendatasoft.com</dd>',
      '<dt>Browser</dt><dd>Firefox 140.12</dd>',
      '<dt>Consent</dt><dd>Opendatasoft records the visitor&#39;s choice: ga ✗, matomo ✓</dd>',
      '<dt>Exemption claimed by the policy</dt><dd>«La mesure d’audience est exemptée»</dd>',
      '<dt>Fresh visit</dt><dd class="bad">audited as a first-time visitor sees the portal (the user&#39;s cookies set aside meanwhile). 1 of the user&#39;s cookies could not be put back: sessionid</dd>',
      '<div class="bad"><strong>1</strong>undeclared</div>\n<div class="good"><strong>1</strong>declared</div>\n<div><strong>1</strong>declared, not seen</div>',
      '<tr><td><code>_ga</code></td><td><code>.example.fr/</code></td><td>first party</td><td>expires in 2 years</td><td>no</td><td>no</td><td>unspecified</td><td></td><td>the script https://tags.example/gtag.js (640 ms after https://data.example.fr/explore/ started loading; written 2 times)</td><td><div class="bad">⚠ Lifetime over 13 months</div><div class="remedy">What to do: Set its lifetime (Max-Age or Expires) to 13 months at most.</div><div class="bad">⚠ Tracker set before the visitor made any consent choice</div><div class="remedy">What to do: Load what sets it only once the visitor accepts, from the consent manager.</div><div>Likely Google Analytics (Analytics): ID used to identify users</div><div>Row to add to the policy: <code>Google | Google Analytics | _ga | ID used to identify users</code></div></td></tr>',
      '<tr><th>Cookie</th><th>Domain</th><th>Party</th><th>Declared as</th><th>Provider</th><th>Purpose</th><th>Lifetime</th><th>HttpOnly</th><th>Secure</th><th>SameSite</th><th>Partition</th><th>Set by</th><th>Notes</th></tr><tr><td><code>sessionid</code></td><td><code>data.example.fr/</code></td><td>first party</td><td><code>sessionid</code></td><td>Opendatasoft</td><td>Authentification</td><td>session cookie</td><td>yes</td><td>yes</td><td>lax</td><td></td><td></td><td></td></tr>',
      '<tr><td><code>csrftoken</code></td><td>Opendatasoft</td><td>Formulaires</td><td>Normally set when a form or the API is used (login, back office).</td></tr>',
      '<li>Each declaration is reported as seen or not seen on this visit.</li>',
    ]) expect(html).toContain(line);
  });

  it('says when nothing is undeclared, declared or missing, and leaves out what the audit does not have', () => {
    const empty = buildReport(auditJar({ cookies: [], pageUrl: page, entries: [], now }), { generatedAt: now, timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en' });
    const html = renderReport(empty, 'html');
    expect(html).toContain('<section id="undeclared"><h2>Undeclared (0)</h2><p>None: every cookie set is declared.</p></section>');
    expect(html).toContain('<section id="declared"><h2>Declared and present (0)</h2><p>No declared cookie is set.</p></section>');
    expect(html).toContain('<section id="missing"><h2>Declared but not seen (0)</h2><p>Every declaration was seen.</p></section>');
    for (const absent of ['<dt>Platform name', '<dt>Consent', '<dt>Exemption', '<dt>Fresh visit', '<dt>Who set each cookie', '<th>Set by</th>', '<section id="diff"', '<section id="journeys"']) expect(html).not.toContain(absent);
    const md = renderReport(empty, 'md');
    for (const absent of ['## Undeclared', '## Declared', 'Platform name', '- Consent', 'Fresh visit']) expect(md).not.toContain(absent);
  });
});
