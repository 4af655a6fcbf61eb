// The consent matrix as a privacy officer reads it in the Markdown, HTML and CSV reports: each
// state (reached or not, how, the dialog, its pages, a page that timed out), each cookie against
// the three states, the findings with their severity, page, setter and source, and the
// declarations no state showed, with when the platform normally sets them.
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { consentMatrix } from '../../src/core/consent/consent-matrix.ts';
import { withSetters } from '../../src/core/evidence/cookie-setters.ts';
import { renderReport } from '../../src/core/report/render-report.ts';
import { type AuditReport, buildReport } from '../../src/core/report/report-model.ts';
import { journeyTables, pageLabel } from '../../src/core/report/report-journeys.ts';
import type { CatalogueEntry } from '../../src/core/types.ts';

const HOME = 'https://data.example.fr/explore/';
const MAP = 'https://data.example.fr/explore/dataset/communes/map/?q=1';
const now = new Date('2026-12-01T10:00:00Z');
const entries: CatalogueEntry[] = [{ pattern: 'sessionid', purpose: 'Authentification' }, { pattern: 'cookies_preferences', purpose: 'Choix de consentement' }, { pattern: '_pk_id.*', category: 'statistics' }];
const audit = (names: string[], state: 'no-choice' | 'refuse-all' | 'accept-all') =>
  withSetters(auditJar({ cookies: names.map((name) => ({ name, domain: name === '_ga' ? '.example.fr' : 'data.example.fr', path: '/' })), pageUrl: HOME, entries, now }), {
    writes: [{ kind: 'document.cookie', name: '_ga', domain: '.example.fr', url: 'https://tags.example/gtag.js', page: HOME, afterMs: 800 }],
    state,
    coverage: { responses: true, scripts: true },
  });

function reportIn(language: 'en' | 'fr'): AuditReport {
  const journeys = consentMatrix([
    { state: 'no-choice', reached: true, how: 'arrived and touched nothing', screenshots: { found: 'n.png' }, pages: [{ url: HOME, audit: audit(['_ga', '_pk_id.1.ab'], 'no-choice'), timedOut: false }, { url: MAP, timedOut: true }] },
    { state: 'refuse-all', reached: true, how: 'refuse-all button', via: 'dialog', dialogTitle: 'Cookies', controls: ['Tout refuser'], pages: [{ url: HOME, audit: audit(['_ga'], 'refuse-all'), timedOut: false }] },
    { state: 'accept-all', reached: false, how: 'no accept control found', pages: [] },
  ], { consentControl: true });
  return buildReport(audit(['_ga', '_pk_id.1.ab'], 'no-choice'), { generatedAt: now, timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language, journeys });
}

describe('the consent matrix in the reports', () => {
  let report: AuditReport;
  beforeEach(() => void (report = reportIn('en')));

  it('gives each state, whether it was reached, how, the dialog as read and its pages, timed-out ones said so', () => {
    expect(journeyTables(report)!.states).toEqual([
      ['State', 'Reached', 'How', 'Dialog as read (title: controls used)', 'Pages'],
      ['No choice', 'yes', 'arrived and touched nothing', '', '/explore/, /explore/dataset/communes/map/?q=1 (timed out)'],
      ['Refuse all', 'yes', 'refuse-all button', 'Cookies: « Tout refuser »', '/explore/'],
      ['Accept all', 'no', 'no accept control found', '', ''],
    ]);
  });

  it('gives each cookie against the three states, undeclared ones first and said so', () => {
    expect(journeyTables(report)!.matrix).toEqual([
      ['Cookie', 'Domain', 'Declared as', 'No choice', 'Refuse all', 'Accept all'],
      ['_ga', '.example.fr', 'undeclared', '/explore/', '/explore/', '—'],
      ['_pk_id.1.ab', 'data.example.fr', '_pk_id.*', '/explore/', '—', '—'],
    ]);
  });

  it('gives each finding with its severity, page, setter and source, and the declarations never seen with when they are set', () => {
    const { findings, neverSeen } = journeyTables(report)!;
    const byDetail = (start: string) => findings.find(([, detail]) => detail!.startsWith(start));
    expect(byDetail('_ga set before any consent choice')).toEqual(['defect', '_ga set before any consent choice (/explore/); set by: the script https://tags.example/gtag.js (800 ms after https://data.example.fr/explore/ started loading)', expect.stringContaining('ePrivacy directive art. 5(3)'), expect.stringMatching(/^Load this tag only once the visitor accepts/)]);
    // A consent defect is cured in the consent manager, never by declaring the tracker.
    expect(byDetail('_ga set although the visitor refused')?.[3]).toMatch(/^Stop this tag when the visitor refuses/);
    expect(byDetail('_ga (.example.fr) set but not declared')?.[3]).toMatch(/^Declare it in the cookie policy/);
    expect(byDetail('_ga set although the visitor refused')?.[0]).toBe('defect');
    expect(byDetail('"accept-all" not audited: no accept control found')?.[0]).toBe('note');
    expect(neverSeen).toEqual(['sessionid (Normally set after login.)', 'cookies_preferences (Normally set after a cookie consent choice.)']);
  });

  it('writes the same in Markdown and HTML, and per cookie in the CSV', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('## Consent journeys');
    expect(md).toContain('| Refuse all | yes | refuse-all button | Cookies: « Tout refuser » | /explore/ |');
    expect(md).toContain('| \\_ga | .example.fr | undeclared | /explore/ | /explore/ | — |');
    expect(md).toContain('### Declared, seen in no state\n\n- sessionid (Normally set after login.)');
    expect(md).toMatch(/- \*\*defect\*\*: \\_ga set before any consent choice \(\/explore\/\); set by: the script https:\/\/tags\.example\/gtag\.js/);
    const html = renderReport(report, 'html');
    expect(html).toContain('<td>Cookies: « Tout refuser »</td>');
    expect(html).toMatch(/<li class="bad"><strong>defect<\/strong>: _ga set before any consent choice/);
    expect(html).toMatch(/<li><strong>note<\/strong>: &quot;accept-all&quot; not audited/);
    expect(html).toContain('<h3>Declared, seen in no state</h3><ul><li><code>sessionid (Normally set after login.)</code></li>');
    const rows = Papa.parse<Record<string, string>>(renderReport(report, 'csv').slice(1).trim(), { header: true }).data;
    const ga = rows.find((r) => r.Cookie === '_ga')!;
    expect([ga['No choice'], ga['Refuse all'], ga['Accept all'], ga['Set by'], ga['Set by (address)']]).toEqual(['/explore/', '/explore/', '—', 'document.cookie', 'https://tags.example/gtag.js']);
  });

  it('adds to the CSV the cookies only the journeys met, and marks the missing rows as seen in no state', () => {
    // The base audit knew only _ga: _pk_id.1.ab was met on the journeys alone.
    const narrow = { ...report, cookies: report.cookies.filter((c) => c.name === '_ga'), missing: [{ pattern: 'sessionid', purpose: 'Authentification', whenSet: null }] } as unknown as AuditReport;
    const [header, ...rows] = Papa.parse<string[]>(renderReport(narrow, 'csv').slice(1).trim()).data;
    const at = (name: string) => header!.indexOf(name);
    const pk = rows.find((r) => r[1] === '_pk_id.1.ab')!;
    expect([pk[at('Verdict')], pk[at('Domain')], pk[at('Declared as')], pk[at('Party')], pk[at('Path')], pk[at('Set by')], pk[at('No choice')], pk[at('Refuse all')], pk[at('Accept all')]])
      .toEqual(['declared', 'data.example.fr', '_pk_id.*', 'first', '', '', '/explore/', '—', '—']);
    const missing = rows.find((r) => r[0] === 'missing')!;
    expect([missing[1], missing[at('Purpose')], missing[at('No choice')], missing[at('Accept all')]]).toEqual(['sessionid', 'Authentification', '', '']);
    expect(rows.filter((r) => r[1] === '_ga')).toHaveLength(1);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });

  it('writes the Markdown section as a reader files it: states, matrix, findings, declarations seen in no state', () => {
    const md = renderReport(report, 'md');
    const section = md.slice(md.indexOf('## Consent journeys'), md.indexOf('## Checks applied'));
    expect(section).toBe(`## Consent journeys

Each cookie against the three states a data-protection authority checks (before any choice, after refusing, after accepting), with the page it was first seen on.

| State | Reached | How | Dialog as read (title: controls used) | Pages |
| --- | --- | --- | --- | --- |
| No choice | yes | arrived and touched nothing |  | /explore/, /explore/dataset/communes/map/?q=1 (timed out) |
| Refuse all | yes | refuse-all button | Cookies: « Tout refuser » | /explore/ |
| Accept all | no | no accept control found |  |  |

| Cookie | Domain | Declared as | No choice | Refuse all | Accept all |
| --- | --- | --- | --- | --- | --- |
| \\_ga | .example.fr | undeclared | /explore/ | /explore/ | — |
| \\_pk\\_id.1.ab | data.example.fr | \\_pk\\_id.\\* | /explore/ | — | — |

### Findings

- **defect**: \\_ga set although the visitor refused every tracker (/explore/); set by: the script https://tags.example/gtag.js (800 ms after https://data.example.fr/explore/ started loading) (GDPR art. 7 and ePrivacy directive art. 5(3): a refused tracker must not be set; CNIL délibération n° 2020-091 art. 2: refusing must be as easy as accepting and be respected)
  What to do: Stop this tag when the visitor refuses: load it only from the consent manager once its service is accepted, and check that nothing else loads it (a tag manager, the page's own script).
- **defect**: \\_ga set before any consent choice (/explore/); set by: the script https://tags.example/gtag.js (800 ms after https://data.example.fr/explore/ started loading) (ePrivacy directive art. 5(3); CNIL délibération n° 2020-091: trackers needing consent wait for the visitor's choice)
  What to do: Load this tag only once the visitor accepts, from the consent manager's list of services, never directly in the page.
- **defect**: \\_ga (.example.fr) set but not declared (/explore/); set by: the script https://tags.example/gtag.js (800 ms after https://data.example.fr/explore/ started loading) (CNIL délibération n° 2020-091 art. 3 (information on each tracker's purposes) and the portal's own cookie policy)
  What to do: Declare it in the cookie policy (provider, purpose, lifetime), or remove what sets it.
- **defect**: \\_pk\\_id.1.ab set before any consent choice (/explore/); set by: not seen being set (ePrivacy directive art. 5(3); CNIL délibération n° 2020-091: trackers needing consent wait for the visitor's choice)
  What to do: Load this tag only once the visitor accepts, from the consent manager's list of services, never directly in the page.
- **note**: "accept-all" not audited: no accept control found (CNIL method: each state is audited through the site's own consent controls; a state they cannot reach is not guessed)
  What to do: Check this state by hand: the auditor could not reach it safely.

### Declared, seen in no state

- sessionid (Normally set after login.)
- cookies\\_preferences (Normally set after a cookie consent choice.)

`);
    expect(md).toContain('- Catalogue: not recorded in this audit\n');
  });

  it('opens the HTML report with its defects, worst first, each with what cures it, on a page of its own when printed', () => {
    const html = renderReport(report, 'html');
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>', html.indexOf('<section id="summary">')));
    const items = [...summary.matchAll(/<li><span class="bad">([^<]*)<\/span><br><span class="remedy">([^<]*)<\/span><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(items.map(([detail]) => detail!.slice(0, 40))).toEqual(['_ga set although the visitor refused eve', '_ga set before any consent choice (/expl', '_ga (.example.fr) set but not declared (', '_pk_id.1.ab set before any consent choic']);
    expect(items[0]![1]).toMatch(/^What to do: Stop this tag/);
    // The note ("accept-all" not audited) is no defect: not in the summary.
    expect(summary).not.toContain('not audited');
    expect(html).toContain('#summary { break-after: page; }');
  });

  it('speaks French in a French report', () => {
    const fr = journeyTables(reportIn('fr'))!;
    expect(fr.states[0]).toEqual(['État', 'Atteint', 'Comment', 'Fenêtre telle que lue (titre : contrôles utilisés)', 'Pages']);
    expect(fr.states[3]!.slice(0, 2)).toEqual(['Tout accepter', 'non']);
    // What to do, in French, naming the consent manager that was driven.
    const driven = journeyTables({ ...reportIn('fr'), journeys: { ...reportIn('fr').journeys!, managers: { present: ['tarteaucitron'], drove: 'tarteaucitron' } } } as AuditReport)!;
    expect(driven.findings.find(([, detail]) => detail!.includes('refusé'))?.[3]).toMatch(/^Arrêter ce traceur quand le visiteur refuse : ne le charger que par son service dans le gestionnaire de consentement \(tarteaucitron\), une fois accepté/);
  });

  it('names pages by their path and query, the host being the report\'s', () => {
    expect(pageLabel(MAP)).toBe('/explore/dataset/communes/map/?q=1');
    expect(pageLabel(null)).toBe('—');
    expect(pageLabel('not a url')).toBe('not a url');
    expect(journeyTables({ ...report, journeys: null })).toBeUndefined();
  });
});

describe('what changed since the previous audit, in the reports', () => {
  const base = () => buildReport(auditJar({ cookies: [], pageUrl: HOME, entries: [], now }), { generatedAt: now, timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en' });

  it('lists new and gone cookies, with where they live, in Markdown and HTML', () => {
    const report = { ...base(), diff: { previousAt: '2026-11-30T10:00:00Z', added: [{ name: '_ga', domain: '.example.fr', path: '/' }], gone: [{ name: 'old', domain: 'data.example.fr', path: '/x' }] } };
    const md = renderReport(report, 'md');
    expect(md).toContain('## Since the previous audit\n\n- New: \\_ga (.example.fr/)\n- Gone: old (data.example.fr/x)');
    const html = renderReport(report, 'html');
    expect(html).toContain('<section id="diff"><h2>Since the previous audit (2)</h2><ul><li class="bad">New: <code>_ga</code> (.example.fr/)</li><li>Gone: <code>old</code> (data.example.fr/x)</li></ul></section>');
  });

  it('says so when nothing changed, with the previous audit\'s date', () => {
    const report = { ...base(), diff: { previousAt: '2026-11-30T10:00:00Z', added: [], gone: [] } };
    expect(renderReport(report, 'md')).toContain('## Since the previous audit\n\nNo change since the previous audit (2026-11-30T10:00:00Z).');
    expect(renderReport(report, 'html')).toContain('<h2>Since the previous audit (0)</h2><p>No change since the previous audit (2026-11-30T10:00:00Z).</p>');
    // No previous audit: no section at all.
    expect(renderReport(base(), 'md')).not.toContain('Since the previous audit');
    expect(renderReport(base(), 'html')).not.toContain('id="diff"');
  });
});

describe('beyond cookies in the reports', () => {
  const trackerAudit = (state: 'no-choice' | 'refuse-all' | 'accept-all') => {
    const a = audit([], state);
    return { ...a, beyondCookies: {
      storage: [{ area: 'localStorage' as const, name: '_hjSessionUser_1', origin: 'https://data.example.fr', party: 'first' as const, pattern: null, held: true, writtenBy: 'https://static.hotjar.com/c/hotjar-1.js?sv=', organisation: 'Hotjar', category: 'session-replay', tracker: true }],
      contacts: [{ organisation: 'Google Analytics', company: 'Google', category: 'analytics' as const, party: 'third' as const, tracking: true, declared: false, count: 3, firstUrl: 'https://www.google-analytics.com/g/collect?cid=', types: ['beacon' as const] }],
      coverage: { storage: true, requests: true },
    } };
  };
  const reportOf = (language: 'en' | 'fr') => {
    const journeys = consentMatrix([
      { state: 'no-choice', reached: true, how: 'ok', pages: [{ url: HOME, audit: trackerAudit('no-choice'), timedOut: false }] },
      { state: 'refuse-all', reached: true, how: 'ok', via: 'dialog', pages: [{ url: HOME, audit: trackerAudit('refuse-all'), timedOut: false }] },
      { state: 'accept-all', reached: true, how: 'ok', via: 'dialog', pages: [{ url: HOME, audit: audit([], 'accept-all'), timedOut: false }] },
    ]);
    return buildReport(trackerAudit('no-choice'), { generatedAt: now, timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language, journeys });
  };

  it('gives each storage key and organisation against the states in Markdown, HTML and CSV, in one language', () => {
    const fr = reportOf('fr');
    const md = renderReport(fr, 'md');
    expect(md).toContain('## Au-delà des cookies : stockage web et organismes contactés');
    expect(md).toMatch(/\| \\_hjSessionUser\\_1 \| localStorage \| https:\/\/data\.example\.fr \| non déclaré \| Hotjar, traceur \| \/explore\/ \(écrit par https:\/\/static\.hotjar\.com\/c\/hotjar-1\.js\?sv=\) \| \/explore\/ \(écrit par [^|]+\) \| — \|/);
    expect(md).toMatch(/\| Google Analytics \| mesure d’audience \| tiers non déclaré \| 3 requêtes : https:\/\/www\.google-analytics\.com\/g\/collect\?cid= \| 3 requêtes : [^|]+ \| — \|/);
    expect(md).not.toMatch(/\bBeyond cookies\b|\brequests\b/);
    const html = renderReport(fr, 'html');
    expect(html).toContain('<section id="beyond-cookies">');
    expect(html).toContain('<code>_hjSessionUser_1</code>');
    const csv = Papa.parse<string[]>(renderReport(fr, 'csv').replace(/^\uFEFF/, '')).data;
    const storage = csv.find((r) => r[0] === 'storage')!;
    expect([storage[1], storage[2], storage[5], storage[6], storage[7]]).toEqual(['_hjSessionUser_1', 'https://data.example.fr', '', 'Hotjar', 'localStorage']);
    expect(storage.slice(-3)).toEqual(['/explore/', '/explore/', '—']);
    const organisation = csv.find((r) => r[0] === 'organisation')!;
    expect(organisation[1]).toBe('Google Analytics');
    expect(organisation.slice(-3)).toEqual(['3: https://www.google-analytics.com/g/collect?cid=', '3: https://www.google-analytics.com/g/collect?cid=', '—']);
    // The findings name them, refusals first.
    expect(journeyTables(fr)!.findings[0]![1]).toMatch(/^Google Analytics \(mesure d’audience\) contacté alors que le visiteur a refusé tous les traceurs : 3 requêtes/);
  });

  it('a single visit\'s report lists what it showed, and says what is never observed', () => {
    const single = buildReport(trackerAudit('no-choice'), { generatedAt: now, timeZone: 'UTC', browser: { name: 'Chromium', version: '150' }, extensionVersion: '0.1.0', language: 'en' });
    expect(single.beyondCookies?.contacts[0]?.organisation).toBe('Google Analytics');
    const md = renderReport(single, 'md');
    expect(md).toMatch(/\| Google Analytics \| analytics \| undeclared third party \| 3 requests: https:\/\/www\.google-analytics\.com\/g\/collect\?cid= \|/);
    expect(md).toContain('Not observed: fingerprinting');
    const csv = Papa.parse<string[]>(renderReport(single, 'csv').replace(/^\uFEFF/, '')).data;
    expect(csv.find((r) => r[0] === 'storage')?.[8]).toBe('https://static.hotjar.com/c/hotjar-1.js?sv=');
  });
});
