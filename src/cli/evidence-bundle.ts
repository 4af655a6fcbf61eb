// `scan --evidence`: per portal, a folder a case officer can file beside the reports, named after
// them (`<report>.evidence/`): the reports again (the HTML one showing the screenshots), each
// screenshot, a HAR 1.2 of each state's page loads with cookie values, credentials and bodies
// removed (src/core/har/write-har.ts), and SHA256SUMS, so that the folder can be checked whole later.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildHar, scrubList, scrubValues } from '../core/har/write-har.ts';
import { type ReportFormat, renderReport } from '../core/report/render-report.ts';
import type { AuditReport } from '../core/report/report-model.ts';
import type { PortalEvidence } from '../scan/page-recorder.ts';
import { IoError } from './io.ts';
import { VERSION } from './knowledge.ts';

/** The screenshots as the HTML report embeds them (it loads nothing from outside itself). */
export function imagesOf(evidence: PortalEvidence): Record<string, string> {
  return Object.fromEntries(evidence.shots.map((s) => [s.name, `data:image/png;base64,${Buffer.from(s.png).toString('base64')}`]));
}

/** Writes the folder beside `reportPath` (one of the portal's report files); returns its path. */
export async function writeEvidenceBundle(reportPath: string, report: AuditReport, evidence: PortalEvidence, formats: ReportFormat[]): Promise<string> {
  const folder = reportPath.replace(/\.[a-z]+$/, '.evidence');
  const base = basename(folder, '.evidence');
  try {
    // The report's base name is this run's alone (writeReportSet), so the folder is new: never merged into an older one.
    await mkdir(folder);
  } catch (error) {
    throw new IoError(`cannot write the evidence folder ${folder}: ${(error as Error).message}`);
  }
  const values = scrubList(evidence.logs.flatMap((l) => l.values));
  const files: [string, string | Uint8Array][] = [
    ...formats.map((format): [string, string] => [`${base}.${format}`, renderReport(report, format, { images: imagesOf(evidence) })]),
    ...evidence.shots.map((s): [string, Uint8Array] => [s.name, s.png]),
    ...evidence.logs.map((log): [string, string] => [
      `${log.name}.har`,
      `${JSON.stringify(buildHar(log.entries, { creator: { name: 'ods-cookie-audit', version: VERSION }, browser: report.browser, values: log.values, comment: `${report.portal.pageUrl}, ${log.name === 'page' ? 'the page load' : `the "${log.name}" journey`}` }), null, 1)}\n`,
    ]),
  ];
  // Reports carry no cookie value by construction; the same scrubbing as the HARs' makes sure of it.
  const clean = files.map(([name, body]): [string, string | Uint8Array] => [name, typeof body === 'string' ? scrubValues(body, values) : body]);
  const sums: string[] = [];
  for (const [name, body] of clean) {
    await writeFile(join(folder, name), body, { flag: 'wx' });
    sums.push(`${createHash('sha256').update(body).digest('hex')}  ${name}`);
  }
  await writeFile(join(folder, 'SHA256SUMS'), `${sums.join('\n')}\n`, { flag: 'wx' });
  return folder;
}
