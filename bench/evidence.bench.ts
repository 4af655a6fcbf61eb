// What recording who set each cookie costs, against the same scans without it, in one run:
//  - the plain scan of the same light portals, recorder on (the default) against off;
//  - the plain scan with --evidence (a screenshot and a HAR per portal) against the recorder alone;
//  - `scan --journeys --pages 1` with --evidence (five screenshots and three HARs per portal)
//    against the journeys with the recorder alone.
// Portals a minute; each portal sets cookies by response, inline script, a script of another
// origin a second later, and a third-origin frame (the evidence test portal).
import { type DemoPortal, startDemoPortal } from '../src/demo/portal-server.ts';
import { findChromium } from '../src/scan/find-browser.ts';
import { scanJourneys } from '../src/scan/journeys.ts';
import { scanPortals } from '../src/scan/scan-portals.ts';
import type { Figure } from './core.bench.ts';

export async function benchEvidence(count = 8): Promise<Figure[]> {
  const browser = findChromium();
  if (!browser) throw new Error('no Chromium for the evidence benchmark');
  const cdn = await startDemoPortal({ host: 'cdn.localhost', portal: false });
  const widgets = await startDemoPortal({ host: 'widgets.localhost', portal: false });
  const portals: DemoPortal[] = await Promise.all(Array.from({ length: count }, (_, i) => startDemoPortal({ host: `evidence${i}.localhost`, embed: `${widgets.origin}/widget`, evidence: { tracker: `${cdn.origin}/evidence-tracker.js` }, consent: { behaviour: 'correct', buttons: true } })));
  const urls = portals.map((p) => p.url);
  const perMinute = async (work: () => Promise<{ ok: boolean }[]>) => {
    const start = performance.now();
    const results = await work();
    if (results.some((r) => !r.ok)) throw new Error('an evidence benchmark portal failed');
    return (urls.length / ((performance.now() - start) / 1000)) * 60;
  };
  const plain = (more: { recordSetters?: boolean; evidence?: boolean }) => perMinute(() => scanPortals({ urls, executablePath: browser, extensionDir: 'dist/chrome', ...more }));
  const journeys = (more: { recordSetters?: boolean; evidence?: boolean }) => perMinute(() => scanJourneys({ urls, executablePath: browser, extensionDir: 'dist/chrome', pages: 1, ...more }));
  const slower = (with_: number, without: number) => `${(without / with_).toFixed(2)}x the time of the same scan without`;
  try {
    // Alternated and the better of two kept: the first scan of a run pays for a cold browser cache.
    const off1 = await plain({ recordSetters: false });
    const on1 = await plain({});
    const off = Math.max(off1, await plain({ recordSetters: false }));
    const on = Math.max(on1, await plain({}));
    const bundle = await plain({ evidence: true });
    const journeysOn = await journeys({});
    const journeysBundle = await journeys({ evidence: true });
    return [
      { name: `plain scan of ${count} portals, who set each cookie recorded (the default)`, ms: on, baselineMs: off, ratio: slower(on, off), target: '<= 1.1x', note: 'portals a minute' },
      { name: `plain scan of ${count} portals with --evidence (screenshot, HAR, SHA256SUMS written by the CLI, not timed here)`, ms: bundle, baselineMs: on, ratio: slower(bundle, on), target: '<= 2x (opt-in; a plain scan is so short that one screenshot weighs)', note: 'portals a minute' },
      { name: `scan --journeys --pages 1 of ${count} portals with --evidence (5 screenshots, 3 HARs each)`, ms: journeysBundle, baselineMs: journeysOn, ratio: slower(journeysBundle, journeysOn), target: '<= 1.5x', note: 'portals a minute' },
    ];
  } finally {
    await Promise.all([cdn, widgets, ...portals].map((p) => p.close()));
  }
}
