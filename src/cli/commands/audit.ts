// `ods-cookie-audit audit --cookies <file> --url <page> [--policy <file|url>]`: a cookie jar
// audited against a policy (or the embedded default), printed or written as a report.
import { basename } from 'node:path';
import { auditJar } from '../../core/audit/audit-jar.ts';
import { defaultCatalogue } from '../../core/catalogue/default-catalogue.ts';
import { enrichAudit } from '../../core/checks/enrich-audit.ts';
import { readCookieFile } from '../../core/har/read-cookie-file.ts';
import { notAPolicy } from '../../core/policy/looks-like-policy.ts';
import { readPolicy } from '../../core/policy/read-policy.ts';
import { formatAuditText } from '../../core/report/format-text.ts';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../core/report/render-report.ts';
import { buildReport, digestValues } from '../../core/report/report-model.ts';
import type { CatalogueField, CatalogueSource } from '../../core/types.ts';
import { InputError, type Options, formatOfFile, formatsFlag, httpUrl, languageFlag, stringFlag } from '../args.ts';
import { quote, readSource, writeOutput } from '../io.ts';
import { loadKnowledge, timeZone, VERSION } from '../knowledge.ts';
import { EXIT, type Output } from '../output.ts';

export async function commandAudit(options: Options, io: Output): Promise<number> {
  const cookiesPath = stringFlag(options, 'cookies');
  const pageUrlFlag = stringFlag(options, 'url');
  if (!cookiesPath) throw new InputError('audit needs --cookies <file>');
  if (!pageUrlFlag) throw new InputError('audit needs --url <page-url>');
  const pageUrl = httpUrl(pageUrlFlag, '--url');
  const out = stringFlag(options, 'out');
  const formats = reportFormats(options, out);
  const jar = readCookieFile(await readSource(cookiesPath, 'cookies'));
  if (!jar.ok) throw new InputError(`cookies ${quote(cookiesPath)}: ${jar.reason}`);
  for (const warning of jar.warnings.slice(0, 20)) io.warn(`warning: ${warning}`);
  if (jar.warnings.length > 20) io.warn(`warning: ${jar.warnings.length - 20} more`);

  const policy = stringFlag(options, 'policy');
  let language = languageFlag(options, 'en');
  let entries = defaultCatalogue(language);
  let warnings: string[] = [];
  let layout: CatalogueField[] | undefined;
  let exemption: string | undefined;
  let source: CatalogueSource = { kind: 'default', reason: 'no-policy-given' };
  if (policy) {
    const text = await readSource(policy, 'policy');
    const catalogue = readPolicy(text);
    if (catalogue.entries.length === 0) throw new InputError(`policy ${quote(policy)}: no declared cookies found (${notAPolicy(text) ?? catalogue.warnings[0] ?? 'it names no cookie'})`);
    entries = catalogue.entries;
    warnings = catalogue.warnings;
    layout = catalogue.layout;
    exemption = catalogue.consentExemption;
    if (!options.flags.has('lang')) language = catalogue.language;
    source = /^https?:/i.test(policy) ? { kind: 'portal', url: policy, fetchedAt: new Date().toISOString() } : { kind: 'file', path: policy };
  }
  const result = enrichAudit(auditJar({ cookies: jar.cookies, pageUrl, entries, source }), { cookies: jar.cookies, knowledge: await loadKnowledge(), language, ...(layout ? { layout } : {}), ...(exemption ? { exemption } : {}) });
  if (!formats) io.say(formatAuditText(result));
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
    if (!out) io.data(renderReport(report, formats[0]!).replace(/\n$/, ''));
    else {
      for (const [format, file] of outputFiles(out, formats)) {
        await writeOutput(file, renderReport(report, format));
        io.warn(`wrote ${file}`);
      }
    }
  }
  return result.summary.undeclared > 0 ? EXIT.undeclared : EXIT.clean;
}

/**
 * The report formats asked for: --format or --json, else the format --out's extension names, else
 * none (the verdict is printed). Several formats go to files only.
 */
function reportFormats(options: Options, out: string | undefined): ReportFormat[] | undefined {
  if (options.flags.has('format') || options.flags.has('json')) {
    const formats = formatsFlag(options, ['json']);
    if (formats.length > 1 && !out) throw new InputError(`--format ${formats.join(',')}: several formats need --out FILE (one file each)`);
    return formats;
  }
  if (!out) return undefined;
  const format = formatOfFile(out);
  if (!format) throw new InputError(`--out ${quote(out)}: say which --format to write (${REPORT_FORMATS.join(', ')}), or name the file with one of those extensions`);
  return [format];
}

/** One file per format: --out as given for the first (or the one its extension names), the others beside it. */
function outputFiles(out: string, formats: ReportFormat[]): [ReportFormat, string][] {
  if (formats.length === 1) return [[formats[0]!, out]];
  const stem = formatOfFile(out) ? out.replace(/\.[a-z]+$/i, '') : out;
  return formats.map((format) => [format, `${stem}.${format}`]);
}
