// How soon the toolbar badge shows on a portal's first visit after the add-on starts, in fresh
// Chromium profiles: the time from the page's load to the badge, against the page's own load time
// in the same run. The tests only check that it shows (test/e2e/badge.test.ts).
import { startDemoPortal } from '../src/demo/portal-server.ts';
import { launchWithExtension } from '../src/scan/launch-chromium.ts';
import { readBadgeState } from '../test/e2e/badge-state.ts';
import { CHROMIUM } from '../test/e2e/chromium-harness.ts';
import type { Figure } from './core.bench.ts';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchBadge(): Promise<Figure[]> {
  const portal = await startDemoPortal({ host: 'badge-bench.localhost' });
  const loads: number[] = [];
  const badges: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const chromium = await launchWithExtension({ executablePath: CHROMIUM, extensionDir: 'dist/e2e-chrome' });
      try {
        const page = await chromium.browser.newPage();
        const start = performance.now();
        await page.goto(portal.url, { waitUntil: 'load' });
        const loaded = performance.now();
        loads.push(loaded - start);
        while ((await chromium.worker.evaluate(readBadgeState, portal.url)).badge !== '2') await new Promise((r) => setTimeout(r, 20));
        badges.push(performance.now() - loaded);
      } finally {
        await chromium.close();
      }
    }
  } finally {
    await portal.close();
  }
  const badge = median(badges);
  const load = median(loads);
  return [{ name: `badge after a fresh start, from the page's load (median of ${RUNS})`, ms: badge, baselineMs: load, ratio: `${(badge / load).toFixed(2)}x the page's own load`, target: 'reported' }];
}
