import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Chromium first: branded Google Chrome no longer loads an unpacked add-on from the command line.
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export const NO_BROWSER_HELP = "No Chromium or Chrome was found. Install one (on Debian or Ubuntu: sudo apt-get install chromium) or give its path with --browser PATH.";

/** The Chromium to drive: --browser, then $CHROMIUM_PATH, then the usual install locations. */
export function findChromium(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  // A configured path that is missing is an answer too: do not silently pick another browser.
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Why this browser cannot run the add-on, or undefined when it can: branded Google Chrome ignores
 * --load-extension since version 137 (Chromium and Chrome for Testing still honour it). Read from
 * the binary's own --version, so that a wrapper script (adding switches) is judged by what it runs.
 */
export function extensionRefusal(executablePath: string): string | undefined {
  const version = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const branded = /^Google Chrome (\d+)\./m.exec(version);
  if (!branded || /for Testing/i.test(version) || Number(branded[1]) < 137) return undefined;
  return `${executablePath} is Google Chrome ${branded[1]}, which no longer loads an unpacked add-on (--load-extension) since version 137: use Chromium (on Debian or Ubuntu: sudo apt-get install chromium) or Chrome for Testing, with --browser PATH or $CHROMIUM_PATH`;
}
