// Honest throughput at scale, on realistic local portals (a 2 MB single-page app, an API answering
// after 1 s, analytics loaded after it; one slow portal, one that never answers): portals a minute,
// peak memory and failure rate under --timeout, for one worker and the default two; and how many
// late trackers a fixed 1.5 s settle after `load` misses, against waiting for the network to be quiet.
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../src/demo/portal-server.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { scanPortals } from '../src/scan/scan-portals.ts';
import type { Figure } from './core.bench.ts';
import { chromiumRssMb } from './scan.bench.ts';

const REALISTIC = { appKb: 2000, apiMs: 1000, trackerMs: 600 };
const TIMEOUT_MS = 10_000;

export async function benchFleet(): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the fleet benchmark');
  const base = DEMO_COOKIES.filter((c) => c.name !== '_ga');
  const normal = await Promise.all(Array.from({ length: 8 }, (_, i) => startDemoPortal({ host: `real${i}.localhost`, cookies: base, realistic: REALISTIC })));
  const slow = await startDemoPortal({ host: 'slow.localhost', cookies: base, realistic: { ...REALISTIC, slowMs: 6000 } });
  const hanging = await startDemoPortal({ host: 'hang.localhost', realistic: { hang: true } });
  const all: DemoPortal[] = [...normal, slow, hanging];
  const scan = async (urls: string[], concurrency: number, networkQuiet = true) => {
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 250);
    const start = performance.now();
    const results = await scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome', concurrency, timeoutMs: TIMEOUT_MS, settleMs: 1_500, networkQuiet });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const audited = results.filter((r) => r.ok && r.state.kind === 'ready');
    const lateSeen = audited.filter((r) => r.ok && r.state.kind === 'ready' && r.state.audit.cookies.some((c) => c.name === '_ga')).length;
    return { perMinute: (urls.length / seconds) * 60, peak, failed: results.length - audited.length, lateSeen, total: urls.length };
  };
  try {
    const one = await scan(all.map((p) => p.url), 1);
    const two = await scan(all.map((p) => p.url), 2);
    const fixed = await scan(normal.map((p) => p.url), 2, false);
    const quiet = await scan(normal.map((p) => p.url), 2, true);
    return [
      { name: `realistic scan of ${all.length} portals (1 slow, 1 hanging; --timeout 10), concurrency 2`, ms: two.perMinute, baselineMs: one.perMinute, ratio: `${(two.perMinute / one.perMinute).toFixed(2)}x one worker; failure rate ${two.failed}/${two.total} (one worker: ${one.failed}/${one.total})`, target: 'reported', note: 'portals a minute' },
      { name: 'peak Chromium memory, realistic scan, concurrency 2', ms: two.peak, baselineMs: one.peak, ratio: `${(two.peak / one.peak).toFixed(2)}x one worker's peak`, target: 'reported', note: 'MB' },
      { name: `late trackers seen on ${normal.length} realistic portals: network quiet + 1.5 s`, ms: quiet.lateSeen, baselineMs: fixed.lateSeen, ratio: `a fixed 1.5 s after load missed ${normal.length - fixed.lateSeen} of ${normal.length}; network quiet missed ${normal.length - quiet.lateSeen}`, target: 'none missed', note: 'portals' },
    ];
  } finally {
    await Promise.all(all.map((p) => p.close()));
  }
}
