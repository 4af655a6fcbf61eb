// Command line: read a policy, audit a cookie jar, scan portals with the real extension.
// Exit status: 0 nothing undeclared, 1 undeclared cookies, 2 bad input (one-line reason on stderr),
// 3 (scan) a portal could not be audited.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditJar } from '../core/audit/audit-jar.ts';
import { defaultCatalogue } from '../core/catalogue/default-catalogue.ts';
import { readCookieFile } from '../core/har/read-cookie-file.ts';
import { readPolicy } from '../core/policy/read-policy.ts';
import { formatAuditText } from '../core/report/format-text.ts';
import { type ReportFormat, REPORT_FORMATS, renderReport } from '../core/report/render-report.ts';
import { buildReport, digestValues, reportFileName } from '../core/report/report-model.ts';
import { enrichAudit } from '../core/checks/enrich-audit.ts';
import { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../core/explain/known-cookies.ts';
import type { AuditResult, Catalogue, CatalogueField, CatalogueSource, Language } from '../core/types.ts';
import { DEMO_COOKIES, startDemoPortal } from '../demo/portal-server.ts';
import { fetchText } from '../net/fetch-text.ts';
import { NO_BROWSER_HELP, findChromium } from '../scan/find-browser.ts';
import { auditFromHttp } from '../scan/http-view.ts';
import { extensionGranting, launchWithExtension } from '../scan/launch-chromium.ts';
import { type PortalScan, scanPortals } from '../scan/scan-portals.ts';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export class InputError extends Error {}

const USAGE = `ods-cookie-audit ${VERSION}
Checks the cookies an Opendatasoft portal sets against the cookies its policy declares.

  ods-cookie-audit catalogue <file|url> [--json]
      Read a cookie policy (HTML or text) and print the catalogue it declares.

  ods-cookie-audit audit [--policy <file|url>] --cookies <file> --url <page-url>
                         [--format json|csv|md|html | --json] [--out FILE] [--lang fr|en] [--value-hashes]
      Audit a cookie jar (a JSON array of cookies, or a HAR 1.2 file) for a page.
      Without --policy, the embedded Opendatasoft default catalogue is used.

  ods-cookie-audit scan <url...> [--urls-file FILE] [--out DIR] [--format json,html,md,csv]
                        [--concurrency N] [--timeout SECONDS] [--settle MS] [--browser PATH] [--lang fr|en]
      Visit each portal in headless Chromium with the extension, audit it as the popup does,
      and write the reports into DIR (default ./cookie-audits).

  ods-cookie-audit demo [--open] [--out DIR]
      Start a demo portal on 127.0.0.1 and scan it (what \`npm start\` runs). --open shows it in a
      Chromium window with the extension loaded instead.

Exit status: 0 nothing undeclared, 1 undeclared cookies, 2 bad input, 3 a portal could not be audited.`;

const VALUE_FLAGS = ['policy', 'cookies', 'url', 'out', 'format', 'lang', 'urls-file', 'concurrency', 'timeout', 'settle', 'browser'];

interface Options { positional: string[]; flags: Map<string, string | true> }

function parseArgs(argv: string[]): Options {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(key, inline);
      else if (VALUE_FLAGS.includes(key) && next !== undefined && !next.startsWith('--')) flags.set(key, argv[++i]!);
      else flags.set(key, true);
    } else positional.push(arg);
  }
  return { positional, flags };
}

function stringFlag(options: Options, name: string): string | undefined {
  const value = options.flags.get(name);
  if (value === true) throw new InputError(`--${name} needs a value`);
  return value;
}

function numberFlag(options: Options, name: string, fallback: number, min: number, max: number): number {
  const value = stringFlag(options, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InputError(`--${name} takes a number from ${min} to ${max}`);
  return n;
}

function languageFlag(options: Options, fallback: Language): Language {
  const value = stringFlag(options, 'lang') ?? fallback;
  if (value !== 'fr' && value !== 'en') throw new InputError('--lang takes fr or en');
  return value;
}

function formatsFlag(options: Options, fallback: ReportFormat[]): ReportFormat[] {
  const value = stringFlag(options, 'format');
  if (value === undefined) return options.flags.has('json') ? ['json'] : fallback;
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (unknown.length) throw new InputError(`--format: unknown ${unknown.join(', ')} (json, csv, md, html)`);
  return formats as ReportFormat[];
}

function httpUrl(value: string, what: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    /* reported below */
  }
  throw new InputError(`${what} ${value}: not an http(s) URL`);
}

async function readSource(location: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(location)) {
    const result = await fetchText(location);
    if (!result.ok) throw new InputError(`${what} ${location}: ${result.reason}`);
    return result.text;
  }
  try {
    return await readFile(location, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${what} ${location}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
  }
}

function catalogueJson(catalogue: Catalogue) {
  return {
    language: catalogue.language,
    entries: catalogue.entries.map((e) => ({ pattern: e.pattern, provider: e.provider ?? null, service: e.service ?? null, purpose: e.purpose ?? null, category: e.category ?? null, ...(e.lifetime ? { lifetime: e.lifetime } : {}) })),
    warnings: catalogue.warnings,
  };
}

const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The Open Cookie Database as the build writes it (dist/data), to explain undeclared cookies. */
async function loadKnowledge(): Promise<CookieKnowledge> {
  try {
    return new CookieKnowledge(fromCompactRows(JSON.parse(await readFile(join(ROOT, 'dist/data/open-cookie-database.json'), 'utf8')) as CompactRow[]));
  } catch {
    return new CookieKnowledge([]);
  }
}

async function commandCatalogue(options: Options, out: (s: string) => void): Promise<number> {
  const location = options.positional[1];
  if (!location) throw new InputError('catalogue needs a policy file or URL');
  const catalogue = readPolicy(await readSource(location, 'policy'));
  if (options.flags.has('json')) out(JSON.stringify(catalogueJson(catalogue), null, 2));
  else {
    out(`${catalogue.entries.length} declared cookies (${catalogue.language})`);
    for (const e of catalogue.entries) out(`  ${e.pattern.padEnd(24)} ${[e.provider, e.service, e.category].filter(Boolean).join(' · ')}`);
    for (const w of catalogue.warnings) out(`  warning: ${w}`);
  }
  return 0;
}

async function commandAudit(options: Options, out: (s: string) => void): Promise<number> {
  const cookiesPath = stringFlag(options, 'cookies');
  const pageUrlFlag = stringFlag(options, 'url');
  if (!cookiesPath) throw new InputError('audit needs --cookies <file>');
  if (!pageUrlFlag) throw new InputError('audit needs --url <page-url>');
  const pageUrl = httpUrl(pageUrlFlag, '--url');
  const formats = options.flags.has('format') || options.flags.has('json') ? formatsFlag(options, ['json']) : undefined;
  if (formats && formats.length > 1) throw new InputError('audit writes one --format at a time');
  const jar = readCookieFile(await readSource(cookiesPath, 'cookies'));
  if (!jar.ok) throw new InputError(`cookies ${cookiesPath}: ${jar.reason}`);

  const policy = stringFlag(options, 'policy');
  let language = languageFlag(options, 'en');
  let entries = defaultCatalogue(language);
  let warnings: string[] = [];
  let layout: CatalogueField[] | undefined;
  let source: CatalogueSource = { kind: 'default', reason: 'requested' };
  if (policy) {
    const catalogue = readPolicy(await readSource(policy, 'policy'));
    if (catalogue.entries.length === 0) throw new InputError(`policy ${policy}: no declared cookies found${catalogue.warnings[0] ? ` (${catalogue.warnings[0]})` : ''}`);
    entries = catalogue.entries;
    warnings = catalogue.warnings;
    layout = catalogue.layout;
    if (!options.flags.has('lang')) language = catalogue.language;
    source = /^https?:/i.test(policy) ? { kind: 'portal', url: policy, fetchedAt: new Date().toISOString() } : { kind: 'file', path: policy };
  }
  const result = enrichAudit(auditJar({ cookies: jar.cookies, pageUrl, entries, source }), { cookies: jar.cookies, knowledge: await loadKnowledge(), language, ...(layout ? { layout } : {}) });
  if (!formats) out(formatAuditText(result));
  else {
    const report = buildReport(result, {
      generatedAt: new Date(),
      timeZone: timeZone(),
      browser: { name: 'cookie file', version: basename(cookiesPath) },
      extensionVersion: VERSION,
      language,
      catalogueWarnings: warnings,
      ...(options.flags.has('value-hashes') ? { valueDigests: await digestValues(jar.cookies) } : {}),
    });
    const text = renderReport(report, formats[0]!);
    const file = stringFlag(options, 'out');
    if (file) await writeFile(file, text);
    else out(text.replace(/\n$/, ''));
  }
  return result.summary.undeclared > 0 ? 1 : 0;
}

async function readUrls(options: Options): Promise<string[]> {
  const urls = options.positional.slice(1);
  const file = stringFlag(options, 'urls-file');
  if (file) {
    const text = await readSource(file, 'urls file');
    urls.push(...text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  }
  if (urls.length === 0) throw new InputError('scan needs at least one portal URL (or --urls-file)');
  return urls.map((u) => httpUrl(u, 'URL'));
}

function progressBar(err: (s: string) => void): ((done: number, total: number, url: string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total, url) => {
    const width = 24;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${new URL(url).host.slice(0, 40).padEnd(40)}`);
    if (done === total) err('');
  };
}

async function writeReports(result: AuditResult, warnings: string[], browser: string, outDir: string, formats: ReportFormat[], language: Language): Promise<string[]> {
  const [name, version] = browser.includes('/') ? browser.split('/', 2) : [browser, ''];
  const report = buildReport(result, { generatedAt: new Date(), timeZone: timeZone(), browser: { name: name!, version: version! }, extensionVersion: VERSION, language, catalogueWarnings: warnings });
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (const format of formats) {
    const file = join(outDir, reportFileName(result.host, new Date(result.auditedAt), format));
    await writeFile(file, renderReport(report, format));
    files.push(file);
  }
  return files;
}

/** Prints one line a portal and writes its reports; returns the exit status for the lot. */
async function reportScans(scans: PortalScan[], outDir: string, formats: ReportFormat[], language: Language, out: (s: string) => void): Promise<number> {
  let undeclared = false;
  let failed = false;
  for (const scan of scans) {
    if (!scan.ok || scan.state.kind !== 'ready') {
      failed = true;
      const reason = !scan.ok ? scan.error : scan.state.kind === 'error' ? scan.state.message : scan.state.kind;
      out(`! ${scan.url}  could not be audited: ${reason}`);
      continue;
    }
    const { audit, catalogueWarnings, portal } = scan.state;
    const source = audit.catalogueSource!;
    const files = await writeReports(audit, catalogueWarnings, scan.browser, outDir, formats, language);
    const s = audit.summary;
    undeclared ||= s.undeclared > 0;
    out(`${s.undeclared > 0 ? '✗' : '✓'} ${audit.host}  ${s.undeclared} undeclared, ${s.declared} declared, ${s.missing} declared but not seen${portal.isPortal ? '' : '  (not recognised as a portal)'}`);
    for (const c of audit.cookies.filter((x) => x.status === 'undeclared')) out(`    undeclared: ${c.name} (${c.domain}${c.path}, ${c.party} party)`);
    out(`    catalogue: ${source.kind === 'portal' ? source.url : `embedded default (${source.kind === 'default' ? source.reason : source.kind})`}`);
    out(`    reports: ${files.join(', ')}`);
  }
  return failed ? 3 : undeclared ? 1 : 0;
}

async function commandScan(options: Options, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const urls = await readUrls(options);
  const browser = findChromium(stringFlag(options, 'browser'));
  if (!browser) throw new InputError(NO_BROWSER_HELP);
  const outDir = resolve(stringFlag(options, 'out') ?? 'cookie-audits');
  const formats = formatsFlag(options, ['json', 'html']);
  const language = languageFlag(options, 'en');
  const onProgress = progressBar(err);
  const scans = await scanPortals({
    urls,
    executablePath: browser,
    extensionDir: join(ROOT, 'dist/chrome'),
    concurrency: numberFlag(options, 'concurrency', 2, 1, 16),
    timeoutMs: numberFlag(options, 'timeout', 45, 1, 600) * 1000,
    settleMs: numberFlag(options, 'settle', 1500, 0, 60_000),
    ...(onProgress ? { onProgress } : {}),
  });
  return reportScans(scans, outDir, formats, language, out);
}

async function commandDemo(options: Options, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const policyText = await readFile(join(ROOT, 'demo/policy-toulouse-metropole-fr.txt'), 'utf8');
  const portal = await startDemoPortal({ cookies: DEMO_COOKIES, policyText });
  try {
    out(`Demo portal on ${portal.url} (Toulouse Métropole's policy text; cookies of an anonymous visit plus one undeclared).`);
    const browser = findChromium(stringFlag(options, 'browser'));
    if (options.flags.has('open')) {
      if (!browser) throw new InputError(NO_BROWSER_HELP);
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) throw new InputError('--open needs a display (none in $DISPLAY or $WAYLAND_DISPLAY); run `npm start` without --open for the headless audit');
      const extension = extensionGranting(join(ROOT, 'dist/chrome'), [`*://127.0.0.1/*`]);
      const session = await launchWithExtension({ executablePath: browser, extensionDir: extension.dir, headless: false });
      const page = await session.browser.newPage();
      await page.goto(portal.url);
      out('Chromium is open with the extension on the demo portal: click its toolbar button. Close the window to stop.');
      await new Promise<void>((done) => session.browser.once('disconnected', () => done()));
      extension.dispose();
      return 0;
    }
    if (!browser) {
      err(NO_BROWSER_HELP);
      out('Without a browser, the demo portal is audited from its HTTP responses only: this is not the browser\'s view (cookies set by scripts are missing).');
      const { audit } = await auditFromHttp(portal.url);
      out(formatAuditText(audit));
      return audit.summary.undeclared > 0 ? 1 : 0;
    }
    out(`Scanning it with the extension in ${browser} (headless)…`);
    const scans = await scanPortals({ urls: [portal.url], executablePath: browser, extensionDir: join(ROOT, 'dist/chrome'), settleMs: 800 });
    const status = await reportScans(scans, resolve(stringFlag(options, 'out') ?? 'cookie-audits'), ['json', 'html', 'md', 'csv'], 'fr', out);
    if (status === 3) return 3;
    out('The undeclared cookie above is the demo\'s deliberate defect: the portal sets _ga without declaring it.');
    // The demo ran as intended: succeed, so that `npm ci && npm start` reads as working.
    return 0;
  } finally {
    await portal.close();
  }
}

export async function main(argv: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  const options = parseArgs(argv);
  const command = options.positional[0];
  try {
    if (options.flags.has('version')) {
      out(VERSION);
      return 0;
    }
    if (!command || options.flags.has('help') || command === 'help') {
      (command || options.flags.has('help') ? out : err)(USAGE);
      return command || options.flags.has('help') ? 0 : 2;
    }
    if (command === 'catalogue') return await commandCatalogue(options, out);
    if (command === 'audit') return await commandAudit(options, out);
    if (command === 'scan') return await commandScan(options, out, err);
    if (command === 'demo') return await commandDemo(options, out, err);
    throw new InputError(`unknown command "${command}" (try --help)`);
  } catch (error) {
    if (error instanceof InputError) {
      err(`ods-cookie-audit: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
