// Reports a privacy officer files: valid against their schema, faithful, value-free, and inert
// whatever a hostile page or policy puts in cookie names and declarations.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { enrichAudit } from '../../src/core/checks/enrich-audit.ts';
import { defaultCatalogue } from '../../src/core/catalogue/default-catalogue.ts';
import { diffAudits, digestAudit } from '../../src/core/report/history.ts';
import { REPORT_FORMATS, renderReport } from '../../src/core/report/render-report.ts';
import { neutraliseFormula } from '../../src/core/report/report-csv.ts';
import { type AuditReport, buildReport, digestValues, reportFileName } from '../../src/core/report/report-model.ts';
import type { AuditResult, CatalogueEntry, Cookie } from '../../src/core/types.ts';

const schema = JSON.parse(readFileSync(new URL('../../docs/audit-report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const SECRET = 'VALUE-7c1e-do-not-export';
const page = 'https://data.toulouse-metropole.fr/explore/';
const jar: Cookie[] = [
  { name: 'sessionid', value: `${SECRET}-1`, domain: 'data.toulouse-metropole.fr', path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'lax', session: false, expirationDate: 1_900_000_000 },
  { name: '_BEAMER_USER_ID_x1', value: `${SECRET}-2`, domain: 'data.toulouse-metropole.fr', path: '/', session: true },
  { name: '_ga', value: `${SECRET}-3`, domain: '.toulouse-metropole.fr', path: '/', hostOnly: false, session: false, expirationDate: 1_950_000_000 },
  { name: 'IDE', value: `${SECRET}-4`, domain: '.doubleclick.net', path: '/ads', secure: true, sameSite: 'no_restriction', partitionKey: { topLevelSite: 'https://toulouse-metropole.fr' } },
];
const meta = { generatedAt: new Date('2026-11-23T10:00:00Z'), timeZone: 'Europe/Paris', browser: { name: 'Chrome', version: '156.0' }, extensionVersion: '0.1.0', language: 'fr' as const };
// Built in each test (not at load): Stryker counts only what runs inside a test.
let audit: AuditResult;
beforeEach(() => void (audit = auditJar({ cookies: jar, pageUrl: page, entries: defaultCatalogue('fr'), source: { kind: 'portal', url: 'https://data.toulouse-metropole.fr/terms/cookies-policy/', fetchedAt: '2026-11-23T09:59:00.000Z', contentHash: 'a'.repeat(64) }, now: meta.generatedAt })));

describe('audit reports', () => {
  it('JSON follows its published schema, with and without value digests and a diff', async () => {
    const plain = JSON.parse(renderReport(buildReport(audit, meta), 'json'));
    expect(validate(plain), JSON.stringify(validate.errors)).toBe(true);
    const previous = digestAudit({ ...audit, auditedAt: '2026-11-22T10:00:00.000Z', cookies: audit.cookies.slice(1) });
    const full = JSON.parse(renderReport(buildReport(audit, { ...meta, valueDigests: await digestValues(jar), diff: diffAudits(previous, digestAudit(audit)) }), 'json'));
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    expect(full.diff.added.map((c: { name: string }) => c.name)).toEqual(['_BEAMER_USER_ID_x1']);
    expect(full.cookies.every((c: { valueSha256Prefix?: string }) => /^[0-9a-f]{12}$/.test(c.valueSha256Prefix ?? ''))).toBe(true);
  });

  it('keeps every attribute with its type: sizes as numbers, dates as ISO strings', () => {
    const report = buildReport(audit, meta);
    const session = report.cookies.find((c) => c.name === 'sessionid')!;
    expect(session).toMatchObject({ status: 'declared', pattern: 'sessionid', httpOnly: true, secure: true, sameSite: 'lax', size: 'sessionid'.length + `${SECRET}-1`.length, expires: new Date(1_900_000_000_000).toISOString(), lifetimeSeconds: 1_900_000_000 - meta.generatedAt.getTime() / 1000 });
    expect(report.cookies.find((c) => c.name === 'IDE')).toMatchObject({ party: 'third', partition: 'https://toulouse-metropole.fr', path: '/ads' });
    expect(report.missing.map((m) => [m.pattern, m.whenSet])).toEqual([['django_language', 'language-switch'], ['csrftoken', 'form'], ['cookies_preferences', 'consent']]);
  });

  it('CSV parses back, with a real CSV parser, to the findings: one row per cookie and per declaration not seen', () => {
    const csv = renderReport(buildReport(audit, meta), 'csv');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('\r\n');
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header!.slice(0, 3)).toEqual(['Verdict', 'Cookie', 'Domaine']);
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ...audit.cookies.map((c) => [c.status, c.name, c.domain, c.party, c.entry?.pattern ?? '']),
      ['missing', 'django_language', '', '', 'django_language'],
      ['missing', 'csrftoken', '', '', 'csrftoken'],
      ['missing', 'cookies_preferences', '', '', 'cookies_preferences'],
    ]);
  });

  it('never writes a cookie value in any format', () => {
    for (const format of REPORT_FORMATS) expect(renderReport(buildReport(audit, meta), format)).not.toContain(SECRET);
  });

  it('names files cookie-audit_<host>_<YYYYMMDD-HHMM>.<ext>', () => {
    expect(reportFileName('data.toulouse-metropole.fr', new Date(2026, 10, 23, 9, 5), 'csv')).toBe('cookie-audit_data.toulouse-metropole.fr_20261123-0905.csv');
    expect(reportFileName('Data.Example.FR', new Date(2026, 0, 2, 3, 4), 'html')).toBe('cookie-audit_data.example.fr_20260102-0304.html');
    expect(reportFileName('::1', new Date(2026, 0, 2, 3, 4), 'md')).toBe('cookie-audit_-1_20260102-0304.md');
    // Two portals on one host, on two ports, never share a name.
    expect(reportFileName('127.0.0.2', new Date(2026, 0, 2, 3, 4), 'json', '9100')).toBe('cookie-audit_127.0.0.2_9100_20260102-0304.json');
    expect(reportFileName('127.0.0.2', new Date(2026, 0, 2, 3, 4), 'json', '9101')).not.toBe(reportFileName('127.0.0.2', new Date(2026, 0, 2, 3, 4), 'json', '9100'));
  });
});

describe('reports from a hostile page and policy', () => {
  const hostileEntries: CatalogueEntry[] = [
    { pattern: 'evil*', provider: '=HYPERLINK("http://x.example","click")', purpose: '</script><script>alert(1)</script>', service: '<img src=x onerror=alert(2)>' },
  ];
  const hostileJar: Cookie[] = [
    { name: '=HYPERLINK("http://attacker.example","x")', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
    { name: '</script><img src=x onerror=alert(1)>', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
    { name: '+cmd|calc!A0', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
    { name: '@SUM(1)', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
    { name: '-2+3', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
    { name: 'evil_[link](javascript:alert(3))', value: 'v', domain: 'data.toulouse-metropole.fr', path: '/' },
  ];
  let report: AuditReport;
  beforeEach(() => void (report = buildReport(auditJar({ cookies: hostileJar, pageUrl: page, entries: hostileEntries, now: meta.generatedAt }), { ...meta, language: 'en' })));

  it('neutralises spreadsheet formulas in every CSV cell', () => {
    const rows = Papa.parse<string[]>(renderReport(report, 'csv').slice(1), { skipEmptyLines: true }).data.slice(1);
    const cells = rows.flat().filter(Boolean);
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(rows.map((r) => r[1])).toContain(`'=HYPERLINK("http://attacker.example","x")`);
    expect(neutraliseFormula('\tx')).toBe("'\tx");
    expect(neutraliseFormula('safe=1')).toBe('safe=1');
  });

  it('escapes names and declarations in the HTML report and its data block', () => {
    const html = renderReport(report, 'html');
    expect(html).not.toMatch(/<img/i);
    expect(html.match(/<script/gi)).toHaveLength(1); // the inert application/json block only
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    const data = /<script type="application\/json" id="audit-report">([^]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(data).cookies.map((c: { name: string }) => c.name)).toContain('</script><img src=x onerror=alert(1)>');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('escapes Markdown so a name cannot become a link or markup', () => {
    const md = renderReport(report, 'md');
    // Every "<", "[" and "|" from the page is backslash-escaped: CommonMark shows it as text.
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).not.toMatch(/(?<!\\)\[link(?<!\\)\]/);
    expect(md).toContain('\\</script\\>\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('evil\\_\\[link\\](javascript:alert(3))');
  });
});

describe('reports from extreme inputs', () => {
  const at = (name: string, more: Partial<Cookie> = {}): Cookie => ({ name, value: 'v', domain: 'data.toulouse-metropole.fr', path: '/', ...more });
  const extremeJar: Cookie[] = [
    at('a\rb', {}),
    at('\r# Injected heading', {}),
    at('\nLF=1+1', {}),
    at('\u001b[31mred\u001b[0m', {}),
    at('far', { session: false, expirationDate: 1e300 }),
    at('later', { session: false, expirationDate: 1e12 }),
    at('bidi\u202eevil', {}),
    at(`cookies_preferences`, { value: encodeURIComponent(JSON.stringify({ ga: false, 'SECRET-KEY': true, other: 'x', timestamp: 8e15 })) }),
  ];
  let extreme: AuditResult;
  let report: AuditReport;
  beforeEach(() => {
    extreme = enrichAudit(auditJar({ cookies: extremeJar, pageUrl: 'https://user:p4ssw0rd@data.toulouse-metropole.fr/explore/', entries: defaultCatalogue('en'), now: meta.generatedAt }), { cookies: extremeJar, language: 'en' });
    report = buildReport(extreme, { ...meta, language: 'en', catalogueWarnings: ['policy at https://admin:hunter2@data.toulouse-metropole.fr/terms/ read'], freshVisit: true, unrestoredCookies: ['sessionid'] });
  });

  it('validates against the schema whatever the dates, names and consent value', () => {
    const json = JSON.parse(renderReport(report, 'json'));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.cookies.find((c: { name: string }) => c.name === 'far').expires).toBe('9999-12-31T23:59:59.000Z');
    expect(json.freshVisit).toEqual({ performed: true, unrestoredCookies: ['sessionid'] });
    // A cookie a fresh visit could not put back is named in every human format too.
    for (const format of ['md', 'html'] as const) expect(renderReport(report, format)).toContain('1 of the user&#39;s cookies could not be put back: sessionid'.replace('&#39;', format === 'md' ? "'" : '&#39;'));
  });

  it('reports only the consent keys the platform writes, and counts the others', () => {
    expect(report.consent).toEqual({ status: 'chosen', manager: 'opendatasoft', choice: 'refuse-all', choices: { ga: false }, otherKeys: 2 });
    expect(renderReport(report, 'md')).toContain('everything refused (ga ✗); 2 other keys, not reported');
    for (const format of REPORT_FORMATS) expect(renderReport(report, format)).not.toContain('SECRET-KEY');
  });

  it('drops user names and passwords from every URL it writes', () => {
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format);
      expect(text).not.toContain('p4ssw0rd');
      expect(text).not.toContain('hunter2');
      if (format !== 'csv') expect(text).toContain('data.toulouse-metropole.fr/explore/');
    }
  });

  it('keeps every format to its structure: no control character, no line break from a name', () => {
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format);
      expect(text, format).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    const md = renderReport(report, 'md');
    expect(md.split('\n').filter((line) => line.startsWith('#')).every((line) => !line.includes('Injected'))).toBe(true);
    // Each cookie row of the Markdown tables is one line with the table's own number of cells.
    const header = md.split('\n').find((line) => line.startsWith('| Cookie |'))!;
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    const rows = md.split('\n').filter((line) => /^\|\s+(far|later|a b|\\# Injected|LF|\ufffd\S{1,3}31mred|bidi)/.test(line));
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(cells(row)).toBe(cells(header));
    const csv = Papa.parse<string[]>(renderReport(report, 'csv').slice(1), { skipEmptyLines: true }).data;
    expect(csv.slice(1).map((r) => r[1]).filter((name) => /^[\s\u0000-\u001f=+\-@]/.test(name!))).toEqual([]);
    expect(csv.slice(1).map((r) => r[1])).toContain("' LF=1+1");
  });
});
