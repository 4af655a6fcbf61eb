// Command line: read a policy, audit a cookie jar, scan portals with the real extension. This file
// is the dispatch and the failure contract; each command is a module of commands/.
// Exit status: 0 nothing undeclared, 1 undeclared cookies, 2 bad input (one line on stderr),
// 3 (scan) a portal could not be audited, 4 writing failed or an internal error. Never a stack
// trace unless --debug.
import { useTldts } from '../core/audit/tldts-site.ts';
import { useBundledMessages } from '../core/report/bundled-messages.ts';
import { cleanText } from '../core/text/clean-text.ts';
import { InputError, parseArgs } from './args.ts';
import { commandAudit } from './commands/audit.ts';
import { commandCatalogue } from './commands/catalogue.ts';
import { commandDemo } from './commands/demo.ts';
import { commandMerge } from './commands/merge.ts';
import { commandScan } from './commands/scan.ts';
import { IoError } from './io.ts';
import { VERSION } from './knowledge.ts';
import { EXIT, output } from './output.ts';

export { InputError } from './args.ts';

// Cookie domains by the Public Suffix List, through tldts (in Node its size does not matter).
useTldts();
// Report wording from the bundled _locales.
useBundledMessages();

const USAGE = `ods-cookie-audit ${VERSION}
Checks the cookies an Opendatasoft portal sets against the cookies its policy declares.

  ods-cookie-audit catalogue <file|url> [--json]
      Read a cookie policy (HTML or text) and print the catalogue it declares.

  ods-cookie-audit audit [--policy <file|url>] --cookies <file> --url <page-url>
                         [--format json|csv|md|html | --json] [--out FILE] [--lang fr|en] [--value-hashes]
      Audit a cookie jar (a JSON array of cookies, or a HAR 1.2 file) for a page.
      Without --policy, the embedded Opendatasoft default catalogue is used.

  ods-cookie-audit scan <url...> [--urls-file FILE] [--all-known-portals] [--out DIR] [--format json,html,md,csv]
                        [--concurrency N] [--timeout SECONDS] [--settle MS] [--browser PATH] [--lang fr|en]
      Visit each portal in headless Chromium with the extension, audit it as the popup does,
      and write the reports into DIR (default ./cookie-audits). FILE: one URL a line (# comments)
      or a CSV with a url column; --all-known-portals adds the 441 Opendatasoft portals shipped
      in data/ods-portals (dataportals-registry, MIT).

      --journeys audits the visitor's three consent states (no choice, refuse all, accept all)
      through the page's own consent manager (the platform's, tarteaucitron, Klaro), over up to
      --pages N pages (default 5), with the matrix (--concurrency defaults to 4 workers here). --consent-fallback: where the dialog cannot be
      driven, the manager's own record of the choice is set directly (reported as such).
      Every report says what set each cookie (a response, or a script through document.cookie
      or cookieStore: its address, the page, the state, when). --evidence also writes, per portal,
      a folder DIR/<report>.evidence/ to file with a case: the reports, screenshots of each state's
      first page (the dialog as found, then after the choice), a HAR 1.2 of each state's page loads
      (cookie values, credentials and request bodies removed) and SHA256SUMS.
      --shard K/N scans the K-th of N slices of the list (stable: by the hash of each origin);
      --resume skips portals whose JSON report DIR already holds. One summary line at the end.

  ods-cookie-audit merge <dir...> [--out DIR] [--previous DIR]
      Merge the JSON reports of scan shards into DIR/fleet.json, fleet.csv and fleet.html
      (default ./fleet), with what changed since the fleet in --previous. Exit 1 when
      something got worse, 5 when the previous fleet cannot be read.

  ods-cookie-audit demo [--open] [--out DIR]
      Start a demo portal on 127.0.0.1 and scan it (what \`npm start\` runs). --open shows it in a
      Chromium window with the extension loaded instead.

  --debug prints where an internal error happened.

Exit status: 0 nothing undeclared, 1 undeclared cookies (merge: something got worse), 2 bad
input, 3 a portal could not be audited, 4 a file could not be written or an internal error,
5 (merge) the previous fleet could not be read: nothing was compared.`;

const COMMANDS = { catalogue: commandCatalogue, audit: commandAudit, scan: commandScan, merge: commandMerge, demo: commandDemo };

export async function main(argv: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  const options = parseArgs(argv);
  const io = output(out, err);
  const command = options.positional[0];
  const fail = (message: string) => io.warn(`ods-cookie-audit: ${cleanText(message)}`);
  try {
    if (options.flags.has('version')) {
      io.say(VERSION);
      return EXIT.clean;
    }
    if (!command || options.flags.has('help') || command === 'help') {
      const asked = Boolean(command) || options.flags.has('help');
      (asked ? out : err)(USAGE);
      return asked ? EXIT.clean : EXIT.badInput;
    }
    if (!Object.hasOwn(COMMANDS, command)) throw new InputError(`unknown command "${command}" (try --help)`);
    return await COMMANDS[command as keyof typeof COMMANDS](options, io);
  } catch (error) {
    if (error instanceof InputError) {
      fail(error.message);
      return EXIT.badInput;
    }
    if (error instanceof IoError) {
      fail(error.message);
      return EXIT.failure;
    }
    fail(`internal error: ${error instanceof Error ? error.message : String(error)}${options.flags.has('debug') ? '' : ' (--debug shows where)'}`);
    if (options.flags.has('debug') && error instanceof Error && error.stack) err(error.stack);
    return EXIT.failure;
  }
}
