// The command line's words: each command's flags in one table (the parser, the checks and
// `--help` all read it), parsed strictly by Node's own util.parseArgs. A wrong flag is a one-line
// InputError (exit status 2) naming the closest flag the command has.
import { parseArgs as nodeParseArgs } from 'node:util';
import { type ReportFormat, REPORT_FORMATS } from '../core/report/render-report.ts';
import type { Language } from '../core/types.ts';
import { VISIT_TIMING } from '../core/visit/first-visit.ts';

/** Bad input: a wrong flag, a file that is not what it should be. Exit status 2. */
export class InputError extends Error {}

export interface FlagSpec {
  /** A string flag takes a value (`--out DIR` or `--out=DIR`); a boolean one takes none. */
  type: 'string' | 'boolean';
  /** The value's placeholder in --help. */
  value?: string;
  help: string;
}

export const COMMANDS = ['catalogue', 'audit', 'scan', 'merge', 'demo'] as const;
export type Command = (typeof COMMANDS)[number];

const FORMATS = REPORT_FORMATS.join(',');
const flag = (help: string): FlagSpec => ({ type: 'boolean', help });
const value = (placeholder: string, help: string): FlagSpec => ({ type: 'string', value: placeholder, help });
const LANG = value('fr|en', 'the language of the reports and pages written (the terminal speaks English)');

/** Flags every command takes. */
export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  help: flag('print this help'),
  version: flag('print the version'),
  debug: flag('print where an internal error happened'),
};

/** Each command's own flags: the one source of what it accepts. */
export const COMMAND_FLAGS: Record<Command, Record<string, FlagSpec>> = {
  catalogue: {
    json: flag('print the catalogue as JSON'),
  },
  audit: {
    cookies: value('FILE', 'the cookie jar: a JSON array of cookies, or a HAR 1.2 file (required)'),
    url: value('PAGE-URL', 'the page the jar is of (required)'),
    policy: value('FILE|URL', 'the cookie policy to compare with (default: the embedded Opendatasoft catalogue)'),
    format: value(FORMATS.replaceAll(',', '|'), `report format(s), comma-separated; several need --out (one file each)`),
    json: flag('the same as --format json'),
    out: value('FILE', 'write the report there (its extension gives the format when --format is not given)'),
    lang: LANG,
    'value-hashes': flag('add a short digest of each cookie value (never the value)'),
  },
  scan: {
    'urls-file': value('FILE', 'one URL a line (# comments), or a CSV with a url column'),
    'all-known-portals': flag('add the 439 Opendatasoft portals shipped in data/ods-portals (dataportals-registry, MIT)'),
    out: value('DIR', 'where the reports go (default ./cookie-audits)'),
    format: value(FORMATS, 'report formats, comma-separated (default json,html)'),
    json: flag('the same as --format json'),
    lang: LANG,
    concurrency: value('N', 'portals at once (default 2; 4 with --journeys)'),
    timeout: value('SECONDS', 'time limit per portal (plain scan) or per page (journeys); default 45'),
    settle: value('MS', `how long a loaded page gets to set its cookies once its network is quiet (default ${VISIT_TIMING.settleMs})`),
    browser: value('PATH', 'the Chromium to drive (default $CHROMIUM_PATH, then the usual install paths)'),
    journeys: flag('audit the three consent states (no choice, refuse all, accept all) through the page\'s own consent manager'),
    pages: value('N', 'pages per state with --journeys (default 5)'),
    'consent-fallback': flag('where a dialog cannot be driven, set the manager\'s record directly (reported as such)'),
    evidence: flag('write, per portal, a folder of evidence: reports, screenshots, a HAR of each state, SHA256SUMS'),
    shard: value('K/N', 'scan the K-th of N stable slices of the list'),
    resume: flag('skip the portals whose JSON report --out already holds'),
  },
  merge: {
    out: value('DIR', 'where fleet.json, fleet.csv and fleet.html go (default ./fleet)'),
    previous: value('DIR', 'a previous fleet to compare with'),
    lang: LANG,
  },
  demo: {
    open: flag('open Chromium with the extension on the demo portal instead of scanning it (needs a display)'),
    out: value('DIR', 'where the reports go (default ./cookie-audits)'),
    browser: value('PATH', 'the Chromium to drive'),
  },
};

export interface Options { positional: string[]; flags: Map<string, string | true> }

/** Levenshtein distance, for "did you mean": flag names are short. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The flag of `known` closest to `name`, when it is close enough to be a slip. */
export function closestFlag(name: string, known: readonly string[]): string | undefined {
  const ranked = known.map((k) => ({ k, d: distance(name, k) })).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.k : undefined;
}

/** The command a command line names: its first word that is not a flag. */
function commandOf(argv: string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-'));
}

export function parseArgs(argv: string[]): Options {
  const named = commandOf(argv);
  const command = named && (COMMANDS as readonly string[]).includes(named) ? (named as Command) : undefined;
  const specs = { ...GLOBAL_FLAGS, ...(command ? COMMAND_FLAGS[command] : {}) };
  const options = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }]));
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new InputError(explainParseError(error, Object.keys(specs), command ?? named));
  }
  const flags = new Map<string, string | true>();
  for (const [name, v] of Object.entries(parsed.values)) {
    if (typeof v === 'string') flags.set(name, v);
    else if (v === true) flags.set(name, true);
  }
  return { positional: parsed.positionals, flags };
}

/** util.parseArgs's error, said for this tool: which flag, for which command, and the likely one meant. */
function explainParseError(error: unknown, known: string[], command: string | undefined): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const name = option.replace(/^-+/, '');
  const where = command ? ` for ${command}` : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closestFlag(name, known);
    return `unknown flag ${option}${where}${near ? `; did you mean --${near}?` : ''} (try --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing|ambiguous/.test(message) ? `${option} needs a value` : `${option} takes no value`;
  }
  return message;
}

export function stringFlag(options: Options, name: string): string | undefined {
  const v = options.flags.get(name);
  if (v === true) throw new InputError(`--${name} needs a value`);
  return v;
}

export function numberFlag(options: Options, name: string, fallback: number, min: number, max: number): number {
  const v = stringFlag(options, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new InputError(`--${name} takes a number from ${min} to ${max}`);
  return n;
}

export function languageFlag(options: Options, fallback: Language): Language {
  const v = stringFlag(options, 'lang') ?? fallback;
  if (v !== 'fr' && v !== 'en') throw new InputError('--lang takes fr or en');
  return v;
}

export function formatsFlag(options: Options, fallback: ReportFormat[]): ReportFormat[] {
  const v = stringFlag(options, 'format');
  if (v === undefined) return options.flags.has('json') ? ['json'] : fallback;
  const formats = [...new Set(v.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean))];
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (unknown.length || formats.length === 0) throw new InputError(`--format: unknown ${unknown.join(', ') || '(empty)'} (${REPORT_FORMATS.join(', ')})`);
  return formats as ReportFormat[];
}

/** The format a file name's extension says, if it is one of the report formats (`.htm` and `.markdown` too). */
export function formatOfFile(path: string): ReportFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  const known: Record<string, ReportFormat> = { htm: 'html', markdown: 'md' };
  const format = extension ? (known[extension] ?? extension) : undefined;
  return format && REPORT_FORMATS.includes(format as ReportFormat) ? (format as ReportFormat) : undefined;
}

export function httpUrl(v: string, what: string): string {
  try {
    const url = new URL(v);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    /* reported below */
  }
  throw new InputError(`${what} ${v}: not an http(s) URL`);
}

/** A command's flags as --help lines, from the table the parser reads. */
export function flagHelp(command: Command): string {
  const lines = Object.entries(COMMAND_FLAGS[command]).map(([name, spec]) => {
    const head = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `      ${head.padEnd(30)} ${spec.help}`;
  });
  return lines.join('\n');
}
