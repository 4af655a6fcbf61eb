// Command line: read a policy, audit a cookie jar, from files or URLs. Exit 0 when nothing is
// undeclared, 1 when something is, 2 on bad input with a one-line reason on stderr.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { auditJar } from '../core/audit/audit-jar.ts';
import { defaultCatalogue } from '../core/catalogue/default-catalogue.ts';
import { readCookieFile } from '../core/har/read-cookie-file.ts';
import { readPolicy } from '../core/policy/read-policy.ts';
import { auditToJson } from '../core/report/audit-json.ts';
import { formatAuditText } from '../core/report/format-text.ts';
import type { Catalogue, CatalogueSource } from '../core/types.ts';
import { fetchText } from '../net/fetch-text.ts';

declare const __VERSION__: string;

export class InputError extends Error {}

const USAGE = `ods-cookie-audit ${typeof __VERSION__ === 'string' ? __VERSION__ : ''}
Checks the cookies an Opendatasoft portal sets against the cookies its policy declares.

  ods-cookie-audit catalogue <file|url> [--json]
      Read a cookie policy (HTML or text) and print the catalogue it declares.
  ods-cookie-audit audit [--policy <file|url>] --cookies <file> --url <page-url> [--json]
      Audit a cookie jar (a JSON array of cookies, or a HAR 1.2 file) for a page.
      Without --policy, the embedded Opendatasoft default catalogue is used.
  ods-cookie-audit demo
      Audit the bundled demo cookie jar against the embedded default catalogue.

Exit status: 0 nothing undeclared, 1 undeclared cookies, 2 bad input.`;

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
      else if (['policy', 'cookies', 'url', 'out'].includes(key) && next !== undefined && !next.startsWith('--')) flags.set(key, argv[++i]!);
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

async function commandAudit(options: Options, out: (s: string) => void, demo = false): Promise<number> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const cookiesPath = demo ? `${root}demo/cookie-jar.json` : stringFlag(options, 'cookies');
  const pageUrl = demo ? 'https://data.example-metropole.fr/explore/' : stringFlag(options, 'url');
  if (!cookiesPath) throw new InputError('audit needs --cookies <file>');
  if (!pageUrl) throw new InputError('audit needs --url <page-url>');
  try {
    if (!/^https?:$/.test(new URL(pageUrl).protocol)) throw new Error();
  } catch {
    throw new InputError(`--url ${pageUrl}: not an http(s) URL`);
  }
  const jar = readCookieFile(await readSource(cookiesPath, 'cookies'));
  if (!jar.ok) throw new InputError(`cookies ${cookiesPath}: ${jar.reason}`);

  const policy = demo ? undefined : stringFlag(options, 'policy');
  let entries = defaultCatalogue('en');
  let source: CatalogueSource = { kind: 'default', reason: 'requested' };
  if (policy) {
    const catalogue = readPolicy(await readSource(policy, 'policy'));
    if (catalogue.entries.length === 0) throw new InputError(`policy ${policy}: no declared cookies found${catalogue.warnings[0] ? ` (${catalogue.warnings[0]})` : ''}`);
    entries = catalogue.entries;
    source = /^https?:/i.test(policy) ? { kind: 'portal', url: policy, fetchedAt: new Date().toISOString() } : { kind: 'file', path: policy };
  }
  const result = auditJar({ cookies: jar.cookies, pageUrl, entries, source });
  out(options.flags.has('json') ? JSON.stringify(auditToJson(result), null, 2) : formatAuditText(result));
  return result.summary.undeclared > 0 ? 1 : 0;
}

export async function main(argv: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  const options = parseArgs(argv);
  const command = options.positional[0];
  try {
    if (options.flags.has('version')) {
      out(typeof __VERSION__ === 'string' ? __VERSION__ : 'dev');
      return 0;
    }
    if (!command || options.flags.has('help') || command === 'help') {
      (command || options.flags.has('help') ? out : err)(USAGE);
      return command || options.flags.has('help') ? 0 : 2;
    }
    if (command === 'catalogue') return await commandCatalogue(options, out);
    if (command === 'audit') return await commandAudit(options, out);
    if (command === 'demo') return await commandAudit(options, out, true);
    throw new InputError(`unknown command "${command}" (try --help)`);
  } catch (error) {
    if (error instanceof InputError) {
      err(`ods-cookie-audit: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
