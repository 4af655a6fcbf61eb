// `ods-cookie-audit merge <dir...> --out fleet/ [--previous fleet-old/]`: the JSON reports of any
// number of scan shards merged into fleet.json, fleet.csv and fleet.html, with what changed since
// the previous fleet. A bad file is named and skipped, never fatal. Exit status 1 when something
// got worse than in the previous fleet (so a nightly job alerts on change only), 0 otherwise.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import reportSchema from '../../../docs/audit-report.schema.json';
import fleetSchema from '../../../docs/fleet.schema.json';
import { diffFleets } from '../../core/fleet/fleet-diff.ts';
import { renderFleetCsv } from '../../core/fleet/fleet-csv.ts';
import { renderFleetHtml } from '../../core/fleet/fleet-html.ts';
import { type Fleet, type FleetFailure, buildFleet } from '../../core/fleet/fleet-model.ts';
import type { AuditReport } from '../../core/report/report-model.ts';
import { InputError, type Options, stringFlag } from '../args.ts';
import { makeFolder, quote, writeOutput } from '../io.ts';
import { EXIT, type Output } from '../output.ts';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const validReport = ajv.compile<AuditReport>(reportSchema);
const validFleet = ajv.compile<Fleet>(fleetSchema);

async function readJson(file: string): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, 'utf8')) };
  } catch (error) {
    return { ok: false, reason: error instanceof SyntaxError ? 'not JSON' : `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export async function commandMerge(options: Options, io: Output): Promise<number> {
  const dirs = options.positional.slice(1);
  if (dirs.length === 0) throw new InputError('merge needs at least one folder of scan reports');
  const outDir = resolve(stringFlag(options, 'out') ?? 'fleet');
  const entries: { report: AuditReport; path: string }[] = [];
  const failures: FleetFailure[] = [];
  const skippedFiles: Fleet['skippedFiles'] = [];
  for (const dir of dirs) {
    let files: string[];
    try {
      files = (await readdir(dir)).sort();
    } catch {
      throw new InputError(`${quote(dir)}: not a folder that can be read`);
    }
    for (const name of files) {
      const file = join(dir, name);
      if (/^scan-summary_.*\.json$/.test(name)) {
        const read = await readJson(file);
        const failed = read.ok ? (read.value as { failed?: unknown }).failed : undefined;
        if (Array.isArray(failed)) failures.push(...failed.filter((f): f is FleetFailure => typeof f?.url === 'string' && typeof f?.error === 'string'));
        else skippedFiles.push({ file, reason: read.ok ? 'not a scan summary' : read.reason });
        continue;
      }
      if (!/^cookie-audit_.*\.json$/.test(name)) continue;
      const read = await readJson(file);
      if (!read.ok) skippedFiles.push({ file, reason: read.reason });
      else if (!validReport(read.value)) skippedFiles.push({ file, reason: `not a valid audit report (${validReport.errors?.[0]?.instancePath || '/'} ${validReport.errors?.[0]?.message ?? ''})`.trim() });
      else {
        // Link the portal's HTML report when the scan wrote one beside the JSON.
        const html = file.replace(/\.json$/, '.html');
        const linked = files.includes(basename(html)) ? html : file;
        entries.push({ report: read.value, path: relative(outDir, resolve(linked)) });
      }
    }
  }
  for (const skipped of skippedFiles) io.warn(`skipped ${skipped.file}: ${skipped.reason}`);
  const fleet = buildFleet(entries, failures, skippedFiles, new Date());

  let diff;
  const previousDir = stringFlag(options, 'previous');
  if (previousDir) {
    const previous = await readJson(join(previousDir, 'fleet.json'));
    if (!previous.ok) io.warn(`no previous fleet in ${previousDir} (${previous.reason}): nothing to compare with`);
    else if (!validFleet(previous.value)) io.warn(`${join(previousDir, 'fleet.json')} is not a fleet this version reads: nothing to compare with`);
    else diff = diffFleets(previous.value, fleet);
  }

  await makeFolder(outDir);
  await writeOutput(join(outDir, 'fleet.json'), `${JSON.stringify(fleet, null, 2)}\n`);
  await writeOutput(join(outDir, 'fleet.csv'), renderFleetCsv(fleet));
  await writeOutput(join(outDir, 'fleet.html'), await renderFleetHtml(fleet, diff));
  if (diff) await writeOutput(join(outDir, 'fleet-diff.json'), `${JSON.stringify(diff, null, 2)}\n`);

  const t = fleet.totals;
  io.say(`${t.portals} portals: ${t.withUndeclared} with undeclared cookies, ${t.withTrackersBeforeConsent} with trackers before consent, ${t.withTrackersAfterRefusal} with trackers after refusal, ${t.failed} not audited`);
  if (diff) {
    for (const host of diff.newlyNonCompliant) io.say(`worse: ${host} is newly non-compliant`);
    for (const c of diff.newTrackers) io.say(`worse: new trackers on ${c.host}: ${c.cookies.join(', ')}`);
    for (const c of diff.newUndeclared) io.say(`worse: newly undeclared on ${c.host}: ${c.cookies.join(', ')}`);
    for (const c of diff.policiesChanged) io.say(`changed: the policy of ${c.host}`);
    for (const url of diff.newlyFailing) io.say(`changed: ${url} is no longer audited`);
    if (!diff.worse) io.say(`nothing got worse since ${diff.previousAt}`);
  }
  io.say(`fleet: ${join(outDir, 'fleet.html')}, fleet.json, fleet.csv${diff ? ', fleet-diff.json' : ''}`);
  return diff?.worse ? EXIT.undeclared : EXIT.clean;
}
