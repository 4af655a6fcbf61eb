// Command line: read a policy, audit a cookie jar, scan portals with the real extension. This file
// is the dispatch and the failure contract; each command is a module of commands/.
// Exit status: 0 nothing undeclared, 1 undeclared cookies, 2 bad input (one line on stderr),
// 3 (scan) a portal could not be audited, 4 writing failed or an internal error. Never a stack
// trace unless --debug.
import { useTldts } from '../core/audit/tldts-site.ts';
import { useBundledMessages } from '../core/report/bundled-messages.ts';
import { cleanText } from '../core/text/clean-text.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { autoconsentManagers, readAutoconsentData } from '../core/consent/autoconsent/autoconsent-managers.ts';
import { managerLabel } from '../core/consent/manager-names.ts';
import { MANAGERS } from '../core/consent/managers/index.ts';
import { COMMANDS, type Command, GLOBAL_FLAGS, InputError, type Options, closestFlag, flagHelp, parseArgs } from './args.ts';
import { commandAudit } from './commands/audit.ts';
import { commandCatalogue } from './commands/catalogue.ts';
import { commandDemo } from './commands/demo.ts';
import { commandMerge } from './commands/merge.ts';
import { commandScan } from './commands/scan.ts';
import { IoError } from './io.ts';
import { ROOT, VERSION } from './knowledge.ts';
import { EXIT, type Output, output } from './output.ts';

export { InputError } from './args.ts';

// Cookie domains by the Public Suffix List, through tldts (in Node its size does not matter).
useTldts();
// Report wording from the bundled _locales.
useBundledMessages();

/** What each command does, in --help: its flags come from the table the parser reads (args.ts). */
const SYNOPSIS: Record<Command, string> = {
  catalogue: `catalogue <file|url>
      Read a cookie policy (HTML or text) and print the catalogue it declares.`,
  audit: `audit --cookies FILE --url PAGE-URL [--policy FILE|URL]
      Audit a cookie jar for a page, against a policy or the embedded Opendatasoft default.
      Prints the verdict, or writes the report(s) with --format/--out.`,
  scan: `scan <url...> [--urls-file FILE] [--all-known-portals]
      Visit each portal in headless Chromium with the extension, audit it as the popup does,
      and write the reports into --out. With --journeys, through the page's consent manager:
      ${'MANAGERS'}.`,
  merge: `merge <dir...>
      Merge the JSON reports of scan shards into fleet.json, fleet.csv and fleet.html, with
      what changed since --previous. Exit 1 when something got worse, 5 when the previous
      fleet cannot be read.`,
  demo: `demo
      Start a demo portal on 127.0.0.1 and scan it (what \`npm start\` runs).`,
};

/** The consent managers the journeys drive, from the same registries the code uses. */
function managersLine(): string {
  const own = MANAGERS.map((m) => managerLabel(m.id)).join(', ');
  let more = 0;
  try {
    const { rules } = readAutoconsentData(JSON.parse(readFileSync(join(ROOT, 'dist/data/autoconsent-rules.json'), 'utf8')));
    more = autoconsentManagers(rules, 'https://example.org/').length;
  } catch {
    /* not built yet: the count is left out */
  }
  return `${own}, and ${more ? `${more} more` : 'more'} through DuckDuckGo autoconsent's rules`;
}

export function usage(): string {
  const commands = COMMANDS.map((c) => `  ods-cookie-audit ${SYNOPSIS[c].replace('MANAGERS', managersLine())}\n${flagHelp(c)}`).join('\n\n');
  const global = Object.entries(GLOBAL_FLAGS).map(([name, spec]) => `  --${name.padEnd(10)} ${spec.help}`).join('\n');
  return `ods-cookie-audit ${VERSION}
Checks the cookies an Opendatasoft portal sets against the cookies its policy declares.

${commands}

${global}

Exit status: 0 nothing undeclared, 1 undeclared cookies (merge: something got worse), 2 bad
input, 3 a portal could not be audited, 4 a file could not be written or an internal error,
5 (merge) the previous fleet could not be read: nothing was compared.`;
}

const RUN: Record<Command, (options: Options, io: Output) => Promise<number>> = { catalogue: commandCatalogue, audit: commandAudit, scan: commandScan, merge: commandMerge, demo: commandDemo };

export async function main(argv: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  const io = output(out, err);
  const debug = argv.includes('--debug');
  const fail = (message: string) => io.warn(`ods-cookie-audit: ${cleanText(message)}`);
  try {
    const options = parseArgs(argv);
    const command = options.positional[0];
    if (options.flags.has('version')) {
      io.say(VERSION);
      return EXIT.clean;
    }
    if (!command || options.flags.has('help') || command === 'help') {
      const asked = Boolean(command) || options.flags.has('help');
      (asked ? out : err)(usage());
      return asked ? EXIT.clean : EXIT.badInput;
    }
    if (!(COMMANDS as readonly string[]).includes(command)) {
      const near = closestFlag(command, COMMANDS);
      throw new InputError(`unknown command "${command}"${near ? `; did you mean ${near}?` : ''} (try --help)`);
    }
    return await RUN[command as Command](options, io);
  } catch (error) {
    if (error instanceof InputError) {
      fail(error.message);
      return EXIT.badInput;
    }
    if (error instanceof IoError) {
      fail(error.message);
      return EXIT.failure;
    }
    fail(`internal error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (--debug shows where)'}`);
    if (debug && error instanceof Error && error.stack) err(error.stack);
    return EXIT.failure;
  }
}
