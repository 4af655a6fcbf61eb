// What the visitor's journeys cost, each against a baseline from the same run:
//  - `scan --journeys --pages 5` (three journeys of five pages, default settle and concurrency)
//    in portals a minute, on light local portals and on realistic heavy ones (a 2 MB app, an API
//    answering after 1 s, analytics loaded after it and waiting for consent), against the plain
//    scan of the same portals;
//  - on the heavy ones, late trackers missed: the analytics must be seen after "accept all";
//  - the popup's Check consent, against three plain page loads of the same portal, each waited
//    until its network is quiet and then the same settle (what checking by hand takes at least).
import { DEMO_COOKIES, startDemoPortal } from '../src/demo/portal-server.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { launchWithExtension } from '../src/scan/launch-chromium.ts';
import { scanJourneys } from '../src/scan/journeys.ts';
import { scanPortals } from '../src/scan/scan-portals.ts';
import type { Figure } from './core.bench.ts';

const REALISTIC = { appKb: 2000, apiMs: 1000, trackerMs: 600 };

export async function benchJourneys(count = 8): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the journeys benchmark');
  const media = await startDemoPortal({ host: 'media.localhost', portal: false });
  const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');
  const light = await Promise.all(Array.from({ length: count }, (_, i) => startDemoPortal({ host: `journey${i}.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: i % 2 === 0 }, tiles: `${media.origin}/tile.png`, video: `${media.origin}/widget` })));
  const heavy = await Promise.all(Array.from({ length: count }, (_, i) => startDemoPortal({ host: `heavy${i}.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: i % 2 === 0 }, realistic: REALISTIC })));
  const timed = async <T extends { ok: boolean }>(urls: string[], work: () => Promise<T[]>) => {
    const start = performance.now();
    const results = await work();
    if (results.some((r) => !r.ok)) throw new Error('a benchmark portal failed');
    return { perMinute: (urls.length / ((performance.now() - start) / 1000)) * 60, results };
  };
  try {
    const figures: Figure[] = [];
    for (const [kind, portals, target] of [['light local', light, '>= 6 portals a minute'], ['realistic heavy', heavy, '>= 3 portals a minute']] as const) {
      const urls = portals.map((p) => p.url);
      const plain = await timed(urls, () => scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome' }));
      const journeys = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 5 }));
      figures.push({ name: `scan --journeys --pages 5 of ${count} ${kind} portals (defaults: journeys concurrency 4, plain 2; 1.5 s settle)`, ms: journeys.perMinute, baselineMs: plain.perMinute, ratio: `${(plain.perMinute / journeys.perMinute).toFixed(1)}x slower than the plain scan of the same portals`, target, note: 'portals a minute' });
      if (kind === 'light local') {
        // What looking for autoconsent's 170 managers costs, in the same run: the same journeys without them.
        const without = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 5, autoconsent: false }));
        // What the network guard costs (every request held from a click until its state is audited), in the same run.
        const unguarded = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 5, networkGuard: false }));
        // What observing beyond cookies costs (storage read per page, every request traced), in the same run.
        const blind = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 5, observeTrackers: false }));
        figures.push({ name: `scan --journeys --pages 5 of ${count} light local portals, web storage and organisations observed per state`, ms: journeys.perMinute, baselineMs: blind.perMinute, ratio: `${(blind.perMinute / journeys.perMinute).toFixed(2)}x slower than the same journeys without them`, target: '<= 1.15x', note: 'portals a minute' });
        // On one-page journeys the observers add the next view after each choice (a load and a settle): measured apart.
        const one = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 1 }));
        const oneBlind = await timed(urls, () => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 1, observeTrackers: false }));
        figures.push({ name: `scan --journeys --pages 1 of ${count} light local portals, observed beyond cookies with the next view after each choice`, ms: one.perMinute, baselineMs: oneBlind.perMinute, ratio: `${(oneBlind.perMinute / one.perMinute).toFixed(2)}x slower than the same one-page journeys without them`, target: 'said, not capped (two more page loads a portal)', note: 'portals a minute' });
        figures.push({ name: `scan --journeys --pages 5 of ${count} light local portals, the browser refusing what a page tries after a click`, ms: journeys.perMinute, baselineMs: unguarded.perMinute, ratio: `${(journeys.perMinute / unguarded.perMinute).toFixed(2)}x the rate of the same journeys without the guard`, target: '>= 0.9x', note: 'portals a minute' });
        figures.push({ name: `scan --journeys --pages 5 of ${count} light local portals, autoconsent's rules looked for`, ms: journeys.perMinute, baselineMs: without.perMinute, ratio: `${(journeys.perMinute / without.perMinute).toFixed(2)}x the rate of the same journeys with only the managers of our own`, target: '>= 0.95x', note: 'portals a minute' });
      }
      if (kind === 'realistic heavy') {
        // Each heavy portal loads _ga and _pk_id seconds after the page, once accepted.
        const missed = journeys.results.filter((r) => !r.ok || !['_ga', '_pk_id.3.a1b2'].every((name) => r.runs.find((run) => run.state === 'accept-all')?.pages.some((p) => p.audit?.cookies.some((c) => c.name === name))));
        figures.push({ name: `late trackers seen after "accept all" on ${count} heavy portals`, ms: count - missed.length, baselineMs: count, ratio: `${missed.length} of ${count} portals missed one`, target: 'none missed', note: 'portals' });
      }
    }
    figures.push(await benchCheckConsent(browser, heavy[0]!.url));
    return figures;
  } finally {
    await Promise.all([media, ...light, ...heavy].map((p) => p.close()));
  }
}

/** The popup's Check consent on a heavy portal, against three plain loads of it, in one browser. */
async function benchCheckConsent(executablePath: string, url: string): Promise<Figure> {
  const session = await launchWithExtension({ executablePath, extensionDir: 'dist/e2e-chrome' });
  try {
    const page = await session.browser.newPage();
    const loadThrice = async () => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) {
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1_500));
      }
      return performance.now() - start;
    };
    const baseline = await loadThrice();
    const control = await session.browser.newPage();
    await control.goto(`chrome-extension://${session.extensionId}/popup/popup.html?tab=-1`);
    await page.bringToFront();
    const tabId = await session.worker.evaluate(async (wanted: string) => (await chrome.tabs.query({})).find((t) => t.url === wanted)?.id, url);
    const start = performance.now();
    const state = (await control.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/check-consent', tabId: id }), tabId!)) as { kind: string; consentCheck?: { states: { reached: boolean }[] } };
    const check = performance.now() - start;
    if (state.kind !== 'ready' || !state.consentCheck?.states.every((s) => s.reached)) throw new Error(`Check consent did not complete: ${state.kind}`);
    return { name: 'Check consent in the popup, on a realistic heavy portal', ms: check, baselineMs: baseline, ratio: `${(check / baseline).toFixed(2)}x three plain loads of the same portal (each: load, network quiet, 1.5 s)`, target: '<= 2x' };
  } finally {
    await session.close();
  }
}
