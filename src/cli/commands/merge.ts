// `ods-cookie-audit merge <dir...> --out fleet/ [--previous fleet-old/]`: the JSON reports of any
// number of scan shards merged into fleet.json, fleet.csv and fleet.html, with what changed since
// the previous fleet. A bad file is named and skipped, never fatal; only regular files are read.
// Exit status 1 when something got worse than in the previous fleet (so a nightly job alerts on
// change only), 5 when the previous fleet named could not be read (the alarm would be off), 0
// otherwise.
import { basename, join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fleetSchema from '../../../docs/fleet.schema.json';
import { type FleetDiff, diffFleets } from '../../core/fleet/fleet-diff.ts';
import { renderFleetCsv } from '../../core/fleet/fleet-csv.ts';
import { renderFleetHtml } from '../../core/fleet/fleet-html.ts';
import { type Fleet, type FleetFailure, buildFleet } from '../../core/fleet/fleet-model.ts';
import type { AuditReport } from '../../core/report/report-model.ts';
import { cleanStrings, cleanText } from '../../core/text/clean-text.ts';
import { InputError, type Options, languageFlag, stringFlag } from '../args.ts';
import { timeZone } from '../knowledge.ts';
import { makeFolder, quote, writeOutput } from '../io.ts';
import { EXIT, type Output } from '../output.ts';
import { readJsonFile, readReportFiles } from '../report-files.ts';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const validFleet = ajv.compile<Fleet>(fleetSchema);

/** At most this many names of one list on the terminal; the files keep them all. */
const SHOWN = 20;
const listed = (names: readonly string[]) => (names.length > SHOWN ? `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more` : names.join(', '));

export async function commandMerge(options: Options, io: Output): Promise<number> {
  const dirs = options.positional.slice(1);
  if (dirs.length === 0) throw new InputError('merge needs at least one folder of scan reports');
  const outDir = resolve(stringFlag(options, 'out') ?? 'fleet');
  const language = languageFlag(options, 'en');
  const entries: { report: AuditReport; path: string }[] = [];
  const failures: FleetFailure[] = [];
  const skippedFiles: Fleet['skippedFiles'] = [];
  for (const dir of dirs) {
    let read;
    try {
      read = await readReportFiles(dir);
    } catch {
      throw new InputError(`${quote(dir)}: not a folder that can be read`);
    }
    skippedFiles.push(...read.skipped);
    for (const { file, report } of read.reports) {
      // Link the portal's HTML report when the scan wrote one beside the JSON.
      const html = file.replace(/\.json$/, '.html');
      const linked = read.names.includes(basename(html)) ? html : file;
      // Report files are input like any other: their text is cleaned again before it is shown.
      entries.push({ report: cleanStrings(report), path: relative(outDir, resolve(linked)) });
    }
    // Every scan's summary, each under its own name: no failure is lost when two scans share a folder.
    for (const name of read.names.filter((n) => /^scan-summary_.*\.json$/.test(n))) {
      const file = join(dir, name);
      const summary = await readJsonFile(file);
      const failed = summary.ok ? (summary.value as { failed?: unknown }).failed : undefined;
      if (Array.isArray(failed)) failures.push(...failed.filter((f): f is FleetFailure => typeof f?.url === 'string' && typeof f?.error === 'string').map((f) => ({ url: cleanText(f.url), error: cleanText(f.error) })));
      else skippedFiles.push({ file, reason: summary.ok ? 'not a scan summary' : summary.reason });
    }
  }
  const fleet = buildFleet(entries, failures, skippedFiles.map((s) => ({ file: cleanText(s.file), reason: cleanText(s.reason) })), new Date());
  for (const skipped of fleet.skippedFiles) io.warn(`skipped ${skipped.file}: ${skipped.reason}`);
  for (const d of fleet.duplicates) io.warn(`${d.portal} reported twice: kept ${d.kept}, set aside ${d.dropped}: ${d.reason}`);

  let diff: FleetDiff | undefined;
  const previousDir = stringFlag(options, 'previous');
  if (previousDir) {
    const file = join(previousDir, 'fleet.json');
    const previous = await readJsonFile(file);
    if (!previous.ok) fleet.comparisonError = `the previous fleet ${cleanText(file)} could not be read (${previous.reason})`;
    else if (!validFleet(previous.value)) fleet.comparisonError = `the previous fleet ${cleanText(file)} is not a fleet this version reads (${validFleet.errors?.[0]?.instancePath || '/'} ${validFleet.errors?.[0]?.message ?? ''})`;
    else diff = diffFleets(previous.value, fleet);
  }

  await makeFolder(outDir);
  await writeOutput(join(outDir, 'fleet.json'), `${JSON.stringify(fleet, null, 2)}\n`);
  await writeOutput(join(outDir, 'fleet.csv'), renderFleetCsv(fleet));
  await writeOutput(join(outDir, 'fleet.html'), await renderFleetHtml(fleet, diff, { language, timeZone: timeZone() }));
  if (diff) await writeOutput(join(outDir, 'fleet-diff.json'), `${JSON.stringify(diff, null, 2)}\n`);

  const t = fleet.totals;
  // Never tested is not zero: the refusal's count says on how many portals it was tested.
  const tested = t.refusalTested ?? t.portals;
  const afterRefusal = tested === 0 ? 'trackers after refusal not tested (no --journeys)' : `${t.withTrackersAfterRefusal} with trackers after refusal${tested < t.portals ? ` (of ${tested} tested)` : ''}`;
  io.say(`${t.portals} portal${t.portals === 1 ? '' : 's'}: ${t.withUndeclared} with undeclared cookies, ${t.withTrackersBeforeConsent} with trackers before consent, ${afterRefusal}, ${t.failed} not audited`);
  for (const s of fleet.topSetters?.undeclared.slice(0, 5) ?? []) io.say(`behind undeclared cookies on ${s.portals} portal${s.portals === 1 ? '' : 's'}: ${s.setter} (${listed(s.cookies)})`);
  for (const s of fleet.topSetters?.beforeConsent.slice(0, 5) ?? []) io.say(`behind trackers before consent on ${s.portals} portal${s.portals === 1 ? '' : 's'}: ${s.setter} (${listed(s.cookies)})`);
  if (diff) {
    for (const host of diff.newlyNonCompliant) io.say(`worse: ${host} is newly non-compliant`);
    for (const c of diff.newConsentFindings) {
      const fresh = c.cookies.filter((name) => !c.reclassified.includes(name));
      const kind = c.finding === 'tracker-after-refusal' ? 'after refusal' : 'before consent';
      if (fresh.length) io.say(`worse: new trackers ${kind} on ${c.host}: ${listed(fresh)}`);
      if (c.reclassified.length) io.say(`worse: newly trackers ${kind} on ${c.host} (already set, newly judged so): ${listed(c.reclassified)}`);
    }
    for (const c of diff.newUndeclared) io.say(`worse: newly undeclared on ${c.host}: ${listed(c.cookies)}`);
    for (const c of diff.policiesChanged) io.say(`changed: the policy of ${c.host}`);
    for (const url of diff.newlyFailing) io.say(`changed: ${url} is no longer audited`);
    if (!diff.worse) io.say(`nothing got worse since ${diff.previousAt}`);
  }
  io.say(`fleet: ${join(outDir, 'fleet.html')}, fleet.json, fleet.csv${diff ? ', fleet-diff.json' : ''}`);
  if (fleet.comparisonError) {
    io.warn(`not compared: ${fleet.comparisonError}; nothing can be said of what got worse`);
    return EXIT.noBaseline;
  }
  return diff?.worse ? EXIT.undeclared : EXIT.clean;
}
