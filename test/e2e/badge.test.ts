// The toolbar badge is the signal that makes a privacy officer open the popup: it must show on a
// portal tab from the first visit after the add-on starts, and on tabs that were open before it
// listened (installed or enabled with tabs open, a browser restoring its tabs). The popup is never
// opened here: only the background's own events may badge the tab.
//
// The bug this guards (1 fresh start in 5 never badged) is "never", not "slowly": each test waits
// for the background's work on the tab, not for a time. It ends as soon as the badge reads the
// count, or as soon as the background's finished audit of the page says it will not (no portal,
// an error); a tab the background never audits fails by the test's timeout. How long a badge takes
// is measured by `npm run bench -- --only badge`, never asserted here.
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { CHROMIUM, type Chromium } from './chromium-harness.ts';
import { type BadgeState, readBadgeState } from './badge-state.ts';
import { FIREFOXES, type Firefox, launchFirefox, openAddonPage } from './firefox-harness.ts';

const FRESH_STARTS = 10;
/** The standard demo portal's policy declares all of its cookies but `_ga` and `tracker`. */
const EXPECTED = '2';

/**
 * Reads the tab's state until the badge reads the count, or until the background's finished audit
 * of the page says it never will (not a portal, an error): then that state, for the test to judge.
 */
async function badgeOnceAudited(read: () => Promise<BadgeState>): Promise<BadgeState> {
  for (;;) {
    const state = await read().catch((): BadgeState => ({ badge: '', stored: null }));
    if (state.badge === EXPECTED) return state;
    const settled = state.stored && ((state.stored.kind !== 'ready' && state.stored.kind !== 'busy') || state.stored.isPortal === false);
    if (settled) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const inWorker = (chromium: Chromium, url: string) => () => chromium.worker.evaluate(readBadgeState, url);

describe('Chromium: the badge from the first visit after the add-on starts', { timeout: 240_000 }, () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'badge.localhost' });
  });
  afterAll(() => portal?.close());

  it(`badges a portal visited at once, on each of ${FRESH_STARTS} fresh browsers`, async () => {
    // Odd runs: the portal's page starts loading while the add-on is being installed (a first visit
    // racing the install, as a browser restoring its tabs races the worker's start). Even runs:
    // visited as soon as the add-on runs. (Headless Chromium drops a start-up URL under load, so
    // the race is made through the DevTools protocol's install instead.)
    const missed: string[] = [];
    for (let run = 1; run <= FRESH_STARTS; run++) {
      const racing = run % 2 === 1;
      let loading: Promise<unknown> | undefined;
      const chromium = await launchWithExtension({
        executablePath: CHROMIUM,
        extensionDir: 'dist/e2e-chrome',
        // Installing the add-on may abort a navigation under way: the visitor's page is then loaded again, at once.
        ...(racing ? { beforeLoad: async (browser: Browser) => void (loading = browser.newPage().then((page) => page.goto(portal.url, { waitUntil: 'load' }).catch(() => page.goto(portal.url, { waitUntil: 'load' })))) } : {}),
      });
      try {
        if (racing) await loading;
        else await (await chromium.browser.newPage()).goto(portal.url, { waitUntil: 'load' });
        const state = await badgeOnceAudited(inWorker(chromium, portal.url));
        if (state.badge !== EXPECTED) missed.push(`run ${run}${racing ? ' (racing the install)' : ''}: ${JSON.stringify(state)}`);
      } finally {
        await chromium.close();
      }
    }
    expect(missed).toEqual([]);
  });

  it('badges a portal tab that was open before the add-on was installed, without reloading it', async () => {
    const portal = await startDemoPortal({ host: 'installed.localhost' });
    let opened: Page | undefined;
    const chromium = await launchWithExtension({
      executablePath: CHROMIUM,
      extensionDir: 'dist/e2e-chrome',
      beforeLoad: async (browser) => {
        opened = await browser.newPage();
        await opened.goto(portal.url, { waitUntil: 'load' });
      },
    });
    try {
      expect(opened?.url()).toBe(portal.url);
      const state = await badgeOnceAudited(inWorker(chromium, portal.url));
      expect(state.badge, JSON.stringify(state)).toBe(EXPECTED);
      // Badged from the page as it was: the add-on did not reload the user's tab to get there.
      const path = new URL(portal.url).pathname;
      expect(portal.requested.filter((r) => r === `GET ${path} [navigate]`)).toHaveLength(1);
    } finally {
      await chromium.close();
      await portal.close();
    }
  });
});

describe.each(FIREFOXES)('Firefox $version: the badge from the first visit after the add-on starts', ({ path }) => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'badge-ff.localhost' });
  });
  afterAll(() => portal?.close());

  async function badgeOn(firefox: Firefox): Promise<BadgeState> {
    const page = await openAddonPage(firefox, portal.origin);
    try {
      return await badgeOnceAudited(() => page.evaluate(readBadgeState, portal.url));
    } finally {
      await page.close();
    }
  }

  it(`badges a portal visited at once, on each of ${FRESH_STARTS} fresh browsers`, { timeout: 300_000 }, async () => {
    const missed: string[] = [];
    for (let run = 0; run < FRESH_STARTS; run++) {
      const firefox = await launchFirefox('dist/e2e-firefox', path);
      try {
        const page = await firefox.browser.newPage();
        await page.goto(portal.url, { waitUntil: 'load' });
        const state = await badgeOn(firefox);
        if (state.badge !== EXPECTED) missed.push(`run ${run + 1}: ${JSON.stringify(state)}`);
      } finally {
        await firefox.close();
      }
    }
    expect(missed).toEqual([]);
  });

  it('badges a portal tab that was open before the add-on was installed', { timeout: 60_000 }, async () => {
    const firefox = await launchFirefox('dist/e2e-firefox', path, { beforeInstall: async (browser) => {
      const page = await browser.newPage();
      await page.goto(portal.url, { waitUntil: 'load' });
    } });
    try {
      const state = await badgeOn(firefox);
      expect(state.badge, JSON.stringify(state)).toBe(EXPECTED);
    } finally {
      await firefox.close();
    }
  });
});
