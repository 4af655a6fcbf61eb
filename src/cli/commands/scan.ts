// `ods-cookie-audit scan <url...>`: each portal visited in headless Chromium with the extension,
// audited as the popup does, one line each and reports written into --out.
import { findingRemedy, findingWords, stateWords } from '../../core/consent/journey-words.ts';
import { reportText } from '../../core/report/report-strings.ts';
import { stateKey } from '../../core/report/report-journeys.ts';
import { join, resolve } from 'node:path';
import { renderReport, type ReportFormat } from '../../core/report/render-report.ts';
import { buildReport, reportBaseName } from '../../core/report/report-model.ts';
import { readReportFiles, writeReportSet } from '../report-files.ts';
import { writeEvidenceBundle } from '../evidence-bundle.ts';
import type { PortalEvidence } from '../../scan/page-recorder.ts';
import { parseShard, shardOf } from '../../core/fleet/shard.ts';
import { type Progress, outcomeOf, progressReporter } from '../progress.ts';
import type { ConsentMatrix } from '../../core/consent/consent-matrix.ts';
import { managerLabel } from '../../core/consent/manager-names.ts';
import { setterSummary } from '../../core/evidence/cookie-setters.ts';
import { JOURNEYS_CONCURRENCY, journeysMatrix, scanJourneys } from '../../scan/journeys.ts';
import type { AuditResult, Language } from '../../core/types.ts';
import type { PortalView } from '../../messages.ts';
import { NO_BROWSER_HELP, extensionRefusal, findChromium } from '../../scan/find-browser.ts';
import { type PortalScan, scanPortals } from '../../scan/scan-portals.ts';
import { InputError, type Options, formatsFlag, httpUrl, languageFlag, numberFlag, stringFlag } from '../args.ts';
import { makeFolder, readSource } from '../io.ts';
import { ROOT, timeZone, VERSION } from '../knowledge.ts';
import { portalKey, readPortalList } from '../../core/portals/portal-list.ts';
import { comparePortalNames } from '../../core/portal/compare-names.ts';
import { VISIT_TIMING } from '../../core/visit/first-visit.ts';

import { EXIT, type Output } from '../output.ts';

/** The Opendatasoft portals of the dataportals-registry (MIT), shipped with the tool. */
const KNOWN_PORTALS = 'data/ods-portals/portals.csv';

/** The URLs on the command line, in --urls-file (text or CSV) and, with --all-known-portals, the shipped list. */
async function readUrls(options: Options, io: Output): Promise<string[]> {
  const urls = options.positional.slice(1).map((u) => httpUrl(u, 'URL'));
  const lists: [string, string][] = [];
  const file = stringFlag(options, 'urls-file');
  if (file) lists.push([file, await readSource(file, 'urls file')]);
  if (options.flags.has('all-known-portals')) lists.push([KNOWN_PORTALS, await readSource(join(ROOT, KNOWN_PORTALS), 'portal list')]);
  for (const [name, text] of lists) {
    const { portals, skipped } = readPortalList(text);
    for (const { line, reason } of skipped.slice(0, 20)) io.warn(`${name}:${line}: skipped, ${reason}`);
    if (skipped.length > 20) io.warn(`${name}: ${skipped.length - 20} more lines skipped`);
    urls.push(...portals.map((p) => p.url));
  }
  // The same portal named twice (by hand and in a list) is scanned once.
  const unique = [...new Map(urls.map((u) => [portalKey(u), u])).values()];
  if (unique.length === 0) throw new InputError('scan needs at least one portal URL (or --urls-file, or --all-known-portals)');
  return unique;
}

async function writeReports(result: AuditResult, warnings: string[], portal: PortalView, browser: string, outDir: string, formats: ReportFormat[], language: Language, journeys?: ConsentMatrix, evidence?: PortalEvidence): Promise<string[]> {
  const [name, version] = browser.includes('/') ? browser.split('/', 2) : [browser, ''];
  const report = buildReport(result, {
    generatedAt: new Date(),
    timeZone: timeZone(),
    browser: { name: name!, version: version! },
    extensionVersion: VERSION,
    language,
    catalogueWarnings: warnings,
    portal: { signals: portal.signals, ...(portal.platformHost ? { platformHost: portal.platformHost } : {}) },
    ...(journeys ? { journeys } : {}),
  });
  await makeFolder(outDir);
  // One base name for the portal's files, never one another portal (or an earlier scan) has.
  const base = reportBaseName(result.host, new Date(result.auditedAt), new URL(result.pageUrl).port);
  // The reports beside the others show no picture; the evidence folder's HTML report does.
  const files = await writeReportSet(outDir, base, formats.map((format) => ({ extension: format, text: renderReport(report, format) })), evidence ? ['evidence'] : []);
  if (evidence && files[0]) files.push(await writeEvidenceBundle(files[0], report, evidence, formats));
  return files;
}

/** Prints one line a portal and writes its reports; returns the exit status for the lot. */
export async function reportScans(scans: PortalScan[], outDir: string, formats: ReportFormat[], language: Language, io: Output, written = new Map<string, string[]>(), matrices = new Map<string, ConsentMatrix>()): Promise<number> {
  let undeclared = false;
  let failed = false;
  for (const scan of scans) {
    if (!scan.ok || scan.state.kind !== 'ready') {
      failed = true;
      const reason = !scan.ok ? scan.error : scan.state.kind === 'error' ? scan.state.message : scan.state.kind;
      io.say(`! ${scan.url}  could not be audited: ${reason}`);
      continue;
    }
    const { audit, catalogueWarnings, portal } = scan.state;
    const source = audit.catalogueSource!;
    const matrix = matrices.get(scan.url);
    const files = written.get(scan.url) ?? (await writeReports(audit, catalogueWarnings, portal, scan.browser, outDir, formats, language, matrix));
    const s = audit.summary;
    const defects = matrix?.findings.filter((f) => f.severity === 'defect').length ?? 0;
    undeclared ||= s.undeclared > 0 || defects > 0;
    io.say(`${s.undeclared > 0 || defects > 0 ? '✗' : '✓'} ${audit.host}  ${s.undeclared} undeclared, ${s.declared} declared, ${s.missing} declared but not seen${portal.isPortal ? '' : '  (not recognised as a portal)'}`);
    if (portal.isPortal) io.say(`    recognised by: ${portal.signals.join(', ')}${portal.platformHost ? `; platform name ${portal.platformHost}` : ''}`);
    for (const c of audit.cookies.filter((x) => x.status === 'undeclared')) io.say(`    undeclared: ${c.name} (${c.domain}${c.path}, ${c.party} party)${c.setBy ? `, set by ${setterSummary(c.setBy)}` : ''}`);
    io.say(`    catalogue: ${source.kind === 'portal' ? source.url : `embedded default (${source.kind === 'default' ? source.reason : source.kind})`}`);
    if (matrix) {
      if (matrix.managers) {
        const others = matrix.managers.present.filter((m) => m !== matrix.managers!.drove);
        const unknown = matrix.managers.unknownDialog ? `a dialog no known manager explains, not driven: ${matrix.managers.unknownDialog}` : '';
        io.say(`    consent manager: ${matrix.managers.drove ? managerLabel(matrix.managers.drove) : unknown || 'none found'}${others.length ? `; also present: ${others.map((m) => managerLabel(m)).join(', ')}` : ''}${matrix.managers.drove && unknown ? `; ${unknown}` : ''}`);
      }
      // The terminal speaks English throughout (one language per output); reports follow --lang.
      const t = reportText('en');
      io.say(`    journeys: ${matrix.states.map((st) => `${st.state} ${st.reached ? `reached (${st.via === 'dialog' ? 'through the dialog: ' : ''}${stateWords(st, t)})` : `not reached (${stateWords(st, t)})`}`).join('; ')}`);
      // The matrix itself: each cookie, and whether it was set with no choice, after refusal, after acceptance.
      const width = Math.min(32, Math.max(8, ...matrix.rows.map((r) => r.name.length)));
      io.say(`    ${'cookie'.padEnd(width)}  no choice  refuse all  accept all`);
      for (const r of matrix.rows) io.say(`    ${r.name.slice(0, width).padEnd(width)}  ${(['no-choice', 'refuse-all', 'accept-all'] as const).map((st, i) => (r.firstSeen[st] ? '●' : '–').padEnd([11, 12, 10][i]!)).join('').trimEnd()}${r.pattern ? '' : '  (undeclared)'}`);
      // Beyond cookies: web-storage keys, then the organisations whose trade is tracking.
      const states = (seen: Record<string, string | null>) => (['no-choice', 'refuse-all', 'accept-all'] as const).map((st, i) => (seen[st] ? '●' : '–').padEnd([11, 12, 10][i]!)).join('').trimEnd();
      for (const r of matrix.storageRows ?? []) io.say(`    ${`${r.name} (${r.area})`.slice(0, width).padEnd(width)}  ${states(r.firstSeen)}${r.pattern ? '' : '  (undeclared)'}`);
      for (const o of (matrix.organisationRows ?? []).filter((row) => row.tracking)) io.say(`    ${o.organisation.slice(0, width).padEnd(width)}  ${states(o.firstSeen)}  (${o.category}${o.declared ? '' : ', undeclared third party'})`);
      const manager = matrix.managers?.drove ? managerLabel(matrix.managers.drove) : undefined;
      for (const f of matrix.findings) {
        io.say(`    ${f.severity === 'defect' ? '⚠' : f.severity === 'caution' ? 'ⓘ' : '·'} ${f.id}: ${findingWords(f, t, (state) => t(stateKey(state)), 'en')}${f.page ? ` (on ${new URL(f.page).pathname})` : ''}`);
        // What cures it, below each defect (the reports give it for every finding).
        if (f.severity === 'defect') io.say(`      ${t('remedyLine', findingRemedy(f, t, manager))}`);
      }
    }
    io.say(`    reports: ${files.join(', ')}`);
  }
  // Names of one portal (custom domain, <id>.opendatasoft.com, <id>.huwise.com) scanned together.
  const named = scans.flatMap((scan) => (scan.ok && scan.state.kind === 'ready' ? [{ host: scan.state.audit.host, ...(scan.state.portal.platformHost ? { platformHost: scan.state.portal.platformHost } : {}), audit: scan.state.audit }] : []));
  for (const group of comparePortalNames(named)) {
    io.say(`= one portal on ${group.names.length} names (${group.portal}): ${group.names.join(', ')}`);
    for (const difference of group.differences) io.say(`    ${difference}`);
    if (group.differences.length === 0) io.say('    the same on every name');
  }
  return failed ? EXIT.notAudited : undeclared ? EXIT.undeclared : EXIT.clean;
}

/**
 * The visitor's three journeys on each portal (--journeys): its report is the home page before any
 * choice, with the consent matrix of every state and page.
 */
async function journeyScans(urls: string[], options: Options, browser: string, done: (scan: PortalScan, matrix: ConsentMatrix) => Promise<void>, progress: Progress): Promise<PortalScan[]> {
  const results = await scanJourneys({
    urls,
    executablePath: browser,
    extensionDir: join(ROOT, 'dist/chrome'),
    concurrency: numberFlag(options, 'concurrency', JOURNEYS_CONCURRENCY, 1, 16),
    pages: numberFlag(options, 'pages', 5, 1, 20),
    pageTimeoutMs: numberFlag(options, 'timeout', 45, 1, 600) * 1000,
    settleMs: numberFlag(options, 'settle', VISIT_TIMING.settleMs, 0, 60_000),
    fallback: options.flags.has('consent-fallback'),
    evidence: options.flags.has('evidence'),
    onProgress: async (count, total, result) => {
      const scan: PortalScan = result.ok ? { url: result.url, ok: true, state: result.base, browser: result.browser, ...(result.evidence ? { evidence: result.evidence } : {}) } : result;
      const matrix = result.ok ? journeysMatrix(result) : undefined;
      if (matrix) await done(scan, matrix);
      progress(count, total, scan, matrix?.findings.filter((f) => f.severity === 'defect').length ?? 0);
    },
  });
  return results.map((r): PortalScan => (r.ok ? { url: r.url, ok: true, state: r.base, browser: r.browser } : r));
}

/** The portals of this shard, less those whose JSON report --out already holds (with --resume). */
async function planScan(urls: string[], options: Options, outDir: string, io: Output): Promise<{ urls: string[]; shard?: string; resumed: number; resumedUndeclared: string[] }> {
  let planned = urls;
  const shardFlag = stringFlag(options, 'shard');
  let shard: string | undefined;
  if (shardFlag !== undefined) {
    const parsed = parseShard(shardFlag);
    if (typeof parsed === 'string') throw new InputError(`--shard ${parsed}`);
    planned = planned.filter((url) => shardOf(url, parsed.n) === parsed.k);
    shard = `${parsed.k}/${parsed.n}`;
    io.warn(`shard ${shard}: ${planned.length} of ${urls.length} portals`);
  }
  let resumed = 0;
  const resumedUndeclared: string[] = [];
  if (options.flags.has('resume')) {
    // Done means a report that parses and validates: a file cut short by a kill, or anything
    // else named like a report, does not make the portal count as done.
    const { reports, skipped } = await readReportFiles(outDir).catch(() => ({ reports: [], skipped: [] }));
    for (const { file, reason } of skipped) io.warn(`resume: ${file} does not count (${reason}); its portal is scanned again`);
    const done = new Set(reports.map(({ report }) => portalKey(report.portal.pageUrl)));
    const before = planned.length;
    planned = planned.filter((url) => !done.has(portalKey(url)));
    resumed = before - planned.length;
    io.warn(`resume: ${resumed} portals already reported in ${outDir}, ${planned.length} to scan`);
    // The exit status speaks for every portal of the list, the ones reported earlier included.
    const wanted = new Set(urls.map(portalKey));
    for (const { report } of reports) {
      const defects = report.journeys?.findings.some((f) => f.severity === 'defect') ?? false;
      if (wanted.has(portalKey(report.portal.pageUrl)) && (report.summary.undeclared > 0 || defects)) resumedUndeclared.push(report.portal.pageUrl);
    }
    if (resumedUndeclared.length) io.warn(`resume: ${resumedUndeclared.length} of the portals already reported have undeclared cookies or consent defects`);
  }
  return { urls: planned, ...(shard ? { shard } : {}), resumed, resumedUndeclared };
}

export async function commandScan(options: Options, io: Output): Promise<number> {
  const started = Date.now();
  const listed = await readUrls(options, io);
  const browser = findChromium(stringFlag(options, 'browser'));
  if (!browser) throw new InputError(NO_BROWSER_HELP);
  const refusal = extensionRefusal(browser);
  if (refusal) throw new InputError(refusal);
  const outDir = resolve(stringFlag(options, 'out') ?? 'cookie-audits');
  const formats = formatsFlag(options, ['json', 'html']);
  if (options.flags.has('resume') && !formats.includes('json')) throw new InputError('--resume needs the json format: it recognises done portals by their JSON report');
  const language = languageFlag(options, 'en');
  // Fail before the browser starts, not after the scan, when the reports cannot be written.
  await makeFolder(outDir);
  const plan = await planScan(listed, options, outDir, io);
  const terminal = process.stderr.isTTY === true && process.env.CI !== 'true';
  const progress = progressReporter((text) => process.stderr.write(text), terminal);
  // Each portal's reports are written as soon as it is done: a shard killed midway keeps them,
  // and --resume picks up from there.
  const written = new Map<string, string[]>();
  const matrices = new Map<string, ConsentMatrix>();
  const scans = plan.urls.length === 0 ? [] : options.flags.has('journeys') ? await journeyScans(plan.urls, options, browser, async (scan, matrix) => {
    matrices.set(scan.url, matrix);
    if (scan.ok && scan.state.kind === 'ready') {
      const { audit, catalogueWarnings, portal } = scan.state;
      written.set(scan.url, await writeReports(audit, catalogueWarnings, portal, scan.browser, outDir, formats, language, matrix, scan.evidence));
    }
  }, progress) : await scanPortals({
    urls: plan.urls,
    executablePath: browser,
    extensionDir: join(ROOT, 'dist/chrome'),
    concurrency: numberFlag(options, 'concurrency', 2, 1, 16),
    timeoutMs: numberFlag(options, 'timeout', 45, 1, 600) * 1000,
    settleMs: numberFlag(options, 'settle', VISIT_TIMING.settleMs, 0, 60_000),
    evidence: options.flags.has('evidence'),
    onProgress: async (done, total, scan) => {
      if (scan.ok && scan.state.kind === 'ready') {
        const { audit, catalogueWarnings, portal } = scan.state;
        written.set(scan.url, await writeReports(audit, catalogueWarnings, portal, scan.browser, outDir, formats, language, undefined, scan.evidence));
      }
      progress(done, total, scan);
    },
  });
  const scanned = await reportScans(scans, outDir, formats, language, io, written, matrices);
  const status = scanned === EXIT.clean && plan.resumedUndeclared.length > 0 ? EXIT.undeclared : scanned;
  // One machine-readable line and file per shard, for the merge job and for people reading CI logs.
  const summary = {
    shard: plan.shard ?? '1/1',
    portals: plan.urls.length,
    resumed: plan.resumed,
    audited: scans.filter((s) => s.ok && s.state.kind === 'ready').length,
    withUndeclared: scans.filter((s) => s.ok && s.state.kind === 'ready' && s.state.audit.summary.undeclared > 0).length,
    failed: scans.filter((s) => !s.ok || s.state.kind !== 'ready').map((s) => ({ url: s.url, error: outcomeOf(s).words })),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    exitStatus: status,
  };
  // Named by shard and time, never over another scan's summary: merge reads them all.
  await writeReportSet(outDir, `scan-summary_${summary.shard.replace('/', '-of-')}_${new Date(started).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`, [{ extension: 'json', text: `${JSON.stringify(summary, null, 2)}\n` }]);
  io.say(`ods-cookie-audit summary ${JSON.stringify({ ...summary, failed: summary.failed.length })}`);
  return status;
}
