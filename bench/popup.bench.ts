// Bundle sizes and the popup's time to show an audit of 50 cookies in headless Chromium.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type DemoCookie, startDemoPortal } from '../src/demo/portal-server.ts';
import { launchChromium, openPopup } from '../test/e2e/chromium-harness.ts';
import { waitForAudit } from '../test/e2e/popup-page.ts';
import type { Figure } from './core.bench.ts';

export function bundleSizes(): Figure[] {
  const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;
  return [
    ['popup', 'dist/chrome/popup/popup.js', 25],
    ['background', 'dist/chrome/background.js', 15],
  ].map(([name, path, target]) => {
    const kb = gz(path as string);
    return { name: `${name} bundle, gzipped`, ms: kb, baselineMs: target as number, ratio: `${(kb / (target as number)).toFixed(2)}x the ${target} KB budget`, target: `<= ${target} KB`, note: 'KB' };
  });
}

export async function benchPopup(): Promise<Figure[]> {
  const cookies: DemoCookie[] = Array.from({ length: 50 }, (_, i) => ({
    name: i < 4 ? ['sessionid', 'csrftoken', 'django_language', 'cookies_preferences'][i]! : `_bench_cookie_${i}`,
    value: `v${i}`,
    via: 'header',
    maxAgeSeconds: 86400 * (i + 1),
  }));
  const portal = await startDemoPortal({ cookies });
  const chromium = await launchChromium('dist/e2e-chrome');
  const fresh: number[] = [];
  const stored: number[] = [];
  const paint: number[] = [];
  try {
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    for (let i = 0; i < 7; i++) {
      // Alternate: a stored audit (what a click after page load finds) and a fresh one.
      if (i % 2 === 1) await chromium.worker.evaluate(() => chrome.storage.session.clear());
      const popup = await openPopup(chromium, page);
      await waitForAudit(popup);
      await popup.waitForFunction(() => performance.getEntriesByName('audit-rendered').length > 0 && performance.getEntriesByName('first-contentful-paint').length > 0);
      const [rendered, fcp] = await popup.evaluate(() => [
        performance.getEntriesByName('audit-rendered')[0]?.startTime ?? Number.NaN,
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      ]);
      if (i > 0) (i % 2 === 1 ? fresh : stored).push(rendered!);
      if (i > 0) paint.push(fcp!);
      await popup.close();
    }
  } finally {
    await chromium.close();
    await portal.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fcp = median(paint);
  return [
    { name: 'popup open to audit on screen, 50 cookies, audit stored by the background', ms: median(stored), baselineMs: fcp, ratio: `${(median(stored) / fcp).toFixed(2)}x the popup's first paint`, target: '<= 100 ms' },
    { name: 'popup open to audit on screen, 50 cookies, fresh audit (cookies read, cached policy)', ms: median(fresh), baselineMs: fcp, ratio: `${(median(fresh) / fcp).toFixed(2)}x the popup's first paint`, target: '<= 100 ms' },
  ];
}

/**
 * The popup opened on a portal's tab with the background's service worker stopped, as Chrome stops
 * it after 30 s idle (its DevTools target closed, as Chrome's guide to testing termination does),
 * against the same open with the worker running: open to verdict on screen, the audit stored.
 */
export async function benchColdPopup(): Promise<Figure[]> {
  const cookies: DemoCookie[] = ['sessionid', 'csrftoken', 'django_language', 'cookies_preferences', '_ga'].map((name, i) => ({ name, value: `v${i}`, via: 'header' as const, maxAgeSeconds: 86400 }));
  const portal = await startDemoPortal({ cookies });
  const chromium = await launchChromium('dist/e2e-chrome');
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    const tabId = await chromium.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id ?? -1, portal.url);
    const base = `chrome-extension://${chromium.extensionId}`;
    const workerRunning = () => chromium.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(base));
    // Chrome's guide to testing termination: close the worker's target (puppeteer's WebWorker.close()).
    const stopWorker = async () => {
      const target = chromium.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(base));
      await (await target?.worker())?.close();
      for (let i = 0; i < 100 && workerRunning(); i++) await new Promise((r) => setTimeout(r, 50));
      if (workerRunning()) throw new Error('the service worker did not stop');
    };
    const openOnce = async () => {
      const popup = await chromium.browser.newPage();
      await popup.goto(`${base}/popup/popup.html?tab=${tabId}`);
      await waitForAudit(popup);
      await popup.waitForFunction(() => performance.getEntriesByName('audit-rendered').length > 0);
      const rendered = await popup.evaluate(() => performance.getEntriesByName('audit-rendered')[0]!.startTime);
      await popup.close();
      return rendered;
    };
    await openOnce(); // the audit made and stored, the policy cached
    for (let i = 0; i < 9; i++) {
      if (i % 2 === 0) {
        await stopWorker();
        cold.push(await openOnce());
        if (!workerRunning()) throw new Error('the popup answered without the service worker: nothing cold was measured');
      } else warm.push(await openOnce());
    }
  } finally {
    await chromium.close();
    await portal.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [{ name: 'cold popup: open to verdict on screen with the service worker stopped, audit stored', ms: median(cold), baselineMs: median(warm), ratio: `${(median(cold) / median(warm)).toFixed(2)}x the same open with the worker running (cold/warm)`, target: '<= 150 ms' }];
}
