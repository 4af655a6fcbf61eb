// `npm run start:chrome` / `npm run start:firefox`: builds, then runs the add-on in a browser with
// web-ext run (reloaded when dist/ changes). Picks Debian's browsers by default; CHROMIUM_PATH /
// FIREFOX_PATH name others (the same two names the scan and the tests read). Root (containers) has no user-namespace sandbox for Chromium: it runs without it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const target = process.argv[2];
if (target !== 'chrome' && target !== 'firefox') {
  console.error('usage: node scripts/run-browser.mjs chrome|firefox');
  process.exit(2);
}
const built = spawnSync(process.execPath, ['build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

for (const [old, name] of [['CHROMIUM', 'CHROMIUM_PATH'], ['FIREFOX', 'FIREFOX_PATH']]) {
  if (process.env[old] && !process.env[name]) console.error(`${old} is no longer read: set ${name}=${process.env[old]} instead.`);
}
const webExt = ['node_modules/web-ext/bin/web-ext.js', 'run'];
if (target === 'firefox') {
  webExt.push('--source-dir', 'dist/firefox', '--firefox', process.env.FIREFOX_PATH ?? 'firefox-esr');
} else {
  const binary = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (!binary) {
    console.error('No Chromium or Chrome found: install one (sudo apt-get install chromium) or set CHROMIUM_PATH=/path/to/it.');
    process.exit(2);
  }
  webExt.push('--source-dir', 'dist/chrome', '--target', 'chromium', '--chromium-binary', binary);
  if (process.getuid?.() === 0) webExt.push('--args=--no-sandbox');
}
const run = spawnSync(process.execPath, [...webExt, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
