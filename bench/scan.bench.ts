// Headless scan throughput on this machine: local demo portals, portals a minute and peak memory,
// with concurrency 2 against a sequential scan (concurrency 1) of the same portals in the same run.
import { execFileSync } from 'node:child_process';
import { DEMO_COOKIES, startDemoPortal } from '../src/demo/portal-server.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { scanPortals } from '../src/scan/scan-portals.ts';
import type { Figure } from './core.bench.ts';

/** Resident memory of every Chromium process, in MB (the scan's browser is the only one running). */
export function chromiumRssMb(): number {
  try {
    const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
  } catch {
    return 0;
  }
}

export async function benchScan(count = 12): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the scan benchmark');
  const portals = await Promise.all(Array.from({ length: count }, () => startDemoPortal({ cookies: DEMO_COOKIES })));
  const urls = portals.map((p) => p.url);
  const measure = async (concurrency: number) => {
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 250);
    const start = performance.now();
    const results = await scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome', concurrency, settleMs: 1_000 });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (results.some((r) => !r.ok)) throw new Error('a benchmark portal failed');
    return { perMinute: (count / seconds) * 60, peak };
  };
  try {
    const sequential = await measure(1);
    const parallel = await measure(2);
    return [
      { name: `scan ${count} local portals, concurrency 2 (1 s settle each)`, ms: parallel.perMinute, baselineMs: sequential.perMinute, ratio: `${(parallel.perMinute / sequential.perMinute).toFixed(2)}x the sequential scan`, target: '>= 10 portals a minute', note: 'portals a minute' },
      { name: 'peak Chromium memory during the scan (concurrency 2)', ms: parallel.peak, baselineMs: sequential.peak, ratio: `${(parallel.peak / sequential.peak).toFixed(2)}x the sequential scan's peak`, target: 'reported', note: 'MB' },
    ];
  } finally {
    await Promise.all(portals.map((p) => p.close()));
  }
}

/**
 * One portal scanned beside another that writes document.cookie 200,000 times (concurrency 2),
 * against the same portal scanned alone: the seconds until its audit is done.
 */
export async function benchFlood(): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the flood benchmark');
  const bystander = await startDemoPortal({ host: 'bystander.localhost', cookies: DEMO_COOKIES });
  const flooding = await startDemoPortal({ host: 'flooding.localhost', cookieFlood: 200_000 });
  const timed = async (urls: string[]) => {
    const start = performance.now();
    let done = 0;
    const results = await scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome', concurrency: 2, onProgress: (_, __, result) => void (result.url === bystander.url && (done = performance.now())) });
    if (results.some((r) => !r.ok)) throw new Error(`a benchmark portal failed: ${results.filter((r) => !r.ok).map((r) => r.url).join(', ')}`);
    return (done - start) / 1000;
  };
  try {
    // Three of each, the slowest kept: a flood's cost shows in its worst run (a timeout).
    const slowest = async (urls: string[]) => Math.max(await timed(urls), await timed(urls), await timed(urls));
    const alone = await slowest([bystander.url]);
    const beside = await slowest([flooding.url, bystander.url]);
    return [{ name: 'a portal scanned beside one writing document.cookie 200,000 times (concurrency 2, slowest of 3)', ms: beside, baselineMs: alone, ratio: `${(beside / alone).toFixed(2)}x the same portal scanned alone`, target: '<= 3x', note: 's until its audit' }];
  } finally {
    await bystander.close();
    await flooding.close();
  }
}
