// Report files in a scan's --out folder, as the scan writes them and as resume and merge read them.
// Writing: each portal's files share one base name, chosen so that no file of this run or of an
// earlier one is overwritten, and each file appears whole or not at all (written beside, then
// linked into place). Reading: only regular files (a FIFO named like a report would block), and
// only reports that parse and validate against the schema count.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import reportSchema from '../../docs/audit-report.schema.json';
import type { AuditReport } from '../core/report/report-model.ts';
import { IoError, quote } from './io.ts';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
export const validReport = ajv.compile<AuditReport>(reportSchema);

/** The largest report file read back: reports of huge portals stay far below. */
const MAX_REPORT_BYTES = 50_000_000;

/**
 * Writes `text` to `file` only if no file has that name, atomically: a temporary file beside it,
 * hard-linked into place (which fails rather than replace), then removed. False when the name is taken.
 */
async function writeNew(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new IoError(`cannot write ${quote(file)}: ${(error as Error).message}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes one portal's reports (`<base>.<ext>` each) into `dir`, under `base`, else `base-2`,
 * `base-3`…: the first base none of whose files exists. Returns the paths written.
 */
export async function writeReportSet(dir: string, base: string, files: { extension: string; text: string }[], reserved: string[] = []): Promise<string[]> {
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    // `reserved`: names the set will need beside its files (its evidence folder), taken as much as any file.
    const names = [...files.map(({ extension }) => `${name}.${extension}`), ...reserved.map((r) => `${name}.${r}`)];
    const taken = await Promise.all(names.map((file) => lstat(join(dir, file)).then(() => true, () => false)));
    if (taken.some(Boolean)) continue;
    const written: string[] = [];
    let clash = false;
    for (const { extension, text } of files) {
      const path = join(dir, `${name}.${extension}`);
      if (await writeNew(path, text)) written.push(path);
      else clash = true; // another scan took the name meanwhile: start again with the next one
      if (clash) break;
    }
    if (!clash) return written;
    await Promise.all(written.map((path) => unlink(path).catch(() => undefined)));
  }
  throw new IoError(`cannot write the reports ${quote(join(dir, base))}: a thousand files of that name already exist`);
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** A regular file's JSON, or why it could not be read: never blocks on a FIFO or a device. */
export async function readJsonFile(file: string): Promise<ReadResult> {
  try {
    const info = await lstat(file);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > MAX_REPORT_BYTES) return { ok: false, reason: `larger than ${MAX_REPORT_BYTES / 1e6} MB` };
    // Opened without following a link swapped in since the check, and without waiting for a writer
    // should a FIFO have been swapped in (O_NONBLOCK), then checked and read from that handle.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      if (!(await handle.stat()).isFile()) return { ok: false, reason: 'not a regular file' };
      return { ok: true, value: JSON.parse(await handle.readFile('utf8')) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: error instanceof SyntaxError ? 'not JSON' : `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export interface ReportFile { file: string; report: AuditReport }

/** Every valid JSON report in `dir`, and the files named like one that are not, with why. */
export async function readReportFiles(dir: string): Promise<{ reports: ReportFile[]; skipped: { file: string; reason: string }[]; names: string[] }> {
  const names = (await readdir(dir)).sort();
  const reports: ReportFile[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const name of names) {
    if (!/^cookie-audit_.*\.json$/.test(name)) continue;
    const file = join(dir, name);
    const read = await readJsonFile(file);
    if (!read.ok) skipped.push({ file, reason: read.reason });
    else if (!validReport(read.value)) skipped.push({ file, reason: `not a valid audit report (${validReport.errors?.[0]?.instancePath || '/'} ${validReport.errors?.[0]?.message ?? ''})`.trim() });
    else {
      const unusable = unusableReport(read.value);
      if (unusable) skipped.push({ file, reason: unusable });
      else reports.push({ file, report: read.value });
    }
  }
  return { reports, skipped, names };
}

/**
 * Why a report that passes the schema still cannot be used, or undefined: the fields merge and
 * resume compute with (the portal's address, the audit's date) must be what they say they are.
 */
export function unusableReport(report: AuditReport): string | undefined {
  try {
    const url = new URL(report.portal.pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'portal.pageUrl is not an http(s) address';
  } catch {
    return 'portal.pageUrl is not an address';
  }
  if (!Number.isFinite(Date.parse(report.auditedAt))) return 'auditedAt is not a date';
  return undefined;
}
