// What the visitor's journeys cost: portals a minute for `scan --journeys --pages 5` (three
// journeys of five pages each, one browser per worker) against the plain scan of the same portals
// in the same run, both with two workers.
import { DEMO_COOKIES, startDemoPortal } from '../src/demo/portal-server.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { scanJourneys } from '../src/scan/journeys.ts';
import { scanPortals } from '../src/scan/scan-portals.ts';
import type { Figure } from './core.bench.ts';

export async function benchJourneys(count = 4): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the journeys benchmark');
  const media = await startDemoPortal({ host: 'media.localhost', portal: false });
  const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');
  const portals = await Promise.all(Array.from({ length: count }, (_, i) => startDemoPortal({ host: `journey${i}.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: i % 2 === 0 }, tiles: `${media.origin}/tile.png`, video: `${media.origin}/widget` })));
  const urls = portals.map((p) => p.url);
  const perMinute = async (work: () => Promise<{ ok: boolean }[]>) => {
    const start = performance.now();
    const results = await work();
    if (results.some((r) => !r.ok)) throw new Error('a benchmark portal failed');
    return (urls.length / ((performance.now() - start) / 1000)) * 60;
  };
  try {
    const plain = await perMinute(() => scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome', concurrency: 2, settleMs: 1_000 }));
    const journeys = await perMinute(() => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', concurrency: 2, pages: 5, settleMs: 1_000 }));
    return [{ name: `scan --journeys --pages 5 of ${count} local portals, concurrency 2 (1 s settle)`, ms: journeys, baselineMs: plain, ratio: `${(plain / journeys).toFixed(1)}x slower than the plain scan (3 journeys × 5 pages each)`, target: 'reported', note: 'portals a minute' }];
  } finally {
    await Promise.all([media, ...portals].map((p) => p.close()));
  }
}
