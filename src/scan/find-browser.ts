import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

export const NO_BROWSER_HELP = "No Chromium or Chrome was found. Install one (on Debian or Ubuntu: sudo apt-get install chromium) or give its path with --browser PATH.";

/** The Chromium to drive: --browser, then $CHROMIUM_PATH, then the usual install locations. */
export function findChromium(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  // A configured path that is missing is an answer too: do not silently pick another browser.
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}
