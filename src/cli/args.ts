// The command line's words: flags and positional arguments, and the checks that turn a wrong one
// into a one-line InputError (exit status 2).
import { type ReportFormat, REPORT_FORMATS } from '../core/report/render-report.ts';
import type { Language } from '../core/types.ts';

/** Bad input: a wrong flag, a file that is not what it should be. Exit status 2. */
export class InputError extends Error {}

const VALUE_FLAGS = ['policy', 'cookies', 'url', 'out', 'format', 'lang', 'urls-file', 'concurrency', 'timeout', 'settle', 'browser', 'shard', 'previous', 'pages'];

export interface Options { positional: string[]; flags: Map<string, string | true> }

export function parseArgs(argv: string[]): Options {
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

export function stringFlag(options: Options, name: string): string | undefined {
  const value = options.flags.get(name);
  if (value === true) throw new InputError(`--${name} needs a value`);
  return value;
}

export function numberFlag(options: Options, name: string, fallback: number, min: number, max: number): number {
  const value = stringFlag(options, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InputError(`--${name} takes a number from ${min} to ${max}`);
  return n;
}

export function languageFlag(options: Options, fallback: Language): Language {
  const value = stringFlag(options, 'lang') ?? fallback;
  if (value !== 'fr' && value !== 'en') throw new InputError('--lang takes fr or en');
  return value;
}

export function formatsFlag(options: Options, fallback: ReportFormat[]): ReportFormat[] {
  const value = stringFlag(options, 'format');
  if (value === undefined) return options.flags.has('json') ? ['json'] : fallback;
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (unknown.length) throw new InputError(`--format: unknown ${unknown.join(', ')} (json, csv, md, html)`);
  return formats as ReportFormat[];
}

export function httpUrl(value: string, what: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    /* reported below */
  }
  throw new InputError(`${what} ${value}: not an http(s) URL`);
}
