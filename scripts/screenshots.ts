// `npm run screenshots`: the README's pictures, taken of the demo portal `npm start` runs (the same
// policy, cookies and consent modal), in the real popup of the built extension in Chromium, light
// and dark. Prints the caption's counts, so that the README says what the picture shows.
import { join } from 'node:path';
import { startDemo } from '../src/cli/commands/demo.ts';
import { ROOT } from '../src/cli/knowledge.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { extensionGranting, launchWithExtension } from '../src/scan/launch-chromium.ts';

const executablePath = findChromium();
if (!executablePath) throw new Error('no Chromium: apt-get install chromium, or set CHROMIUM_PATH');
const portal = await startDemo();
const extension = extensionGranting(join(ROOT, 'dist/chrome'), ['*://127.0.0.1/*']);
const session = await launchWithExtension({ executablePath, extensionDir: extension.dir, lang: 'en-US' });
try {
  const page = await session.browser.newPage();
  await page.goto(portal.url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 1500));
  await page.bringToFront();
  await session.worker.evaluate('chrome.action.openPopup()');
  const popup = await (await session.browser.waitForTarget((t) => t.url().endsWith('/popup/popup.html'), { timeout: 10_000 })).asPage();
  await popup.waitForFunction(() => !!document.querySelector('#app')?.children.length && !document.querySelector('[aria-busy="true"]'), { timeout: 20_000 });
  const counts = await popup.evaluate(() => Object.fromEntries(['undeclared', 'declared', 'missing'].map((group) => [group, document.querySelectorAll(`#${group} li.row`).length])));
  await popup.screenshot({ path: join(ROOT, 'docs/popup-light.png') });
  await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await popup.screenshot({ path: join(ROOT, 'docs/popup-dark.png') });
  console.log(`docs/popup-light.png, docs/popup-dark.png: ${JSON.stringify(counts)}`);
} finally {
  await session.close();
  extension.dispose();
  await portal.close();
}
