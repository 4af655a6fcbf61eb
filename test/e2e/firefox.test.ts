// The Firefox build: web-ext lint, then the same audit of the same local portal in firefox-esr.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AfterChoice } from '../../src/demo/consent-banner.ts';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { FIREFOXES, WITHOUT_FIREFOX, type Firefox, checkConsentIn, firefoxBadge, launchFirefox, openPopupFor } from './firefox-harness.ts';
import { readConsentMatrix, readPopup, rowText, verdictInReach, waitUntil } from './popup-page.ts';

const run = promisify(execFile);
const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

describe('Firefox build', { timeout: 90_000 }, () => {
  it('passes web-ext lint with no errors', async () => {
    const { stdout } = await run(process.execPath, ['node_modules/web-ext/bin/web-ext.js', 'lint', '--source-dir', 'dist/firefox', '--output', 'json', '--no-input'], { maxBuffer: 10_000_000 }).catch((e) => e);
    const report = JSON.parse(stdout) as { errors: { code: string; message: string }[]; warnings: { code: string; file: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    // The warnings left are explained in docs/tests-and-benchmarks.md ("web-ext lint"): Preact's own renderer, in
    // each page bundle, assigns innerHTML for dangerouslySetInnerHTML, which our code never uses
    // (checked below).
    expect(report.warnings.map((w) => `${w.code} ${w.file}`).sort()).toEqual(['UNSAFE_VAR_ASSIGNMENT options/options.js', 'UNSAFE_VAR_ASSIGNMENT popup/popup.js']);
    const { stdout: uses } = await run('git', ['grep', '-n', '-E', 'innerHTML|dangerouslySetInnerHTML', '--', 'src', 'popup', 'options']).catch((e) => e);
    expect(uses).toBe('');
  });

  it('has a Firefox to run on, unless told NO_FIREFOX=1 outside CI', () => {
    if (WITHOUT_FIREFOX && !process.env.CI) {
      console.warn('\n*** NO_FIREFOX=1: the Firefox tests did NOT run. The add-on is tested in Chromium only. ***\n');
      return;
    }
    expect(WITHOUT_FIREFOX, 'NO_FIREFOX=1 is refused under CI: every browser is tested there').toBe(false);
    expect(FIREFOXES.length, 'install firefox-esr (apt-get install firefox-esr), or run NO_FIREFOX=1 npm test on purpose').toBeGreaterThan(0);
  });

  describe.each(FIREFOXES)('in firefox-esr $version', ({ path, version }) => {
    let firefox: Firefox;
    let portal: DemoPortal;
    beforeAll(async () => {
      portal = await startDemoPortal();
      firefox = await launchFirefox('dist/e2e-firefox', path);
    });
    afterAll(async () => {
      await firefox?.close();
      await portal?.close();
    });

    it('audits the local portal as Chromium does', async () => {
      const page = await firefox.browser.newPage();
      await page.goto(portal.url, { waitUntil: 'load' });
      await new Promise((r) => setTimeout(r, 500));
      const popup = await openPopupFor(firefox, portal.url);
      const view = await readPopup(popup);
      expect(view.sourceLink).toBe(`${portal.origin}/terms/cookies-policy/`);
      expect(view.undeclared).toEqual(['_ga', 'tracker']);
      expect(view.declared).toEqual(['_BEAMER_USER_ID_x1', 'csrftoken', 'django_language', 'sessionid']);
      expect(view.missing).toEqual(['cookies_preferences']);
      expect(await rowText(popup, 'declared', 'sessionid')).toContain('HttpOnly');
      expect(view.text).not.toContain('secret-session-7f3a9c');
      expect(await firefoxBadge(popup, portal.url)).toBe('2');
      await popup.screenshot({ path: new URL(`popup-firefox-${version}.png`, artifacts).pathname });
    });

    it('opens the catalogue editor on the catalogue in force and saves a one-row edit as an edit', async () => {
      const page = await firefox.browser.newPage();
      await page.goto(portal.url, { waitUntil: 'load' });
      const popup = await openPopupFor(firefox, portal.url);
      await popup.evaluate((origin) => void (location.href = `/options/options.html?origin=${encodeURIComponent(origin)}`), portal.origin);
      await waitUntil(popup, () => document.querySelector('#in-force[data-from="portal"]') !== null);
      const names = () => popup.$$eval('table.entries tbody tr td:first-child input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(await names()).toEqual(expect.arrayContaining(['sessionid', 'csrftoken', 'django_language']));
      for (const button of await popup.$$('fieldset .row button')) if ((await button.evaluate((b) => b.textContent)) === 'Add an entry') await button.click();
      await popup.type('table.entries tbody tr:last-child td:first-child input', '_ga');
      await popup.click('#save');
      await waitUntil(popup, () => document.querySelector('[role="status"]')?.textContent?.startsWith('Saved') === true);
      const edited = await readPopup(await openPopupFor(firefox, portal.url));
      expect(edited.undeclared).toEqual(['tracker']);
      expect(edited.declared).toEqual(expect.arrayContaining(['_ga', 'csrftoken', 'django_language', 'sessionid']));
      await popup.click('#reset');
      await waitUntil(popup, () => document.querySelector('[role="status"]')?.textContent?.startsWith('Reset') === true);
    });

    it("audits a third-party frame's cookies, partitioned by Total Cookie Protection", async () => {
      const widget = await startDemoPortal({ host: 'widgets.localhost' });
      const host = await startDemoPortal({ host: 'embedding.localhost', embed: `${widget.origin}/widget`, cookies: [] });
      try {
        const page = await firefox.browser.newPage();
        await page.goto(host.url, { waitUntil: 'load' });
        await new Promise((r) => setTimeout(r, 800));
        const popup = await openPopupFor(firefox, host.url);
        const view = await readPopup(popup);
        expect(view.undeclared).toEqual(expect.arrayContaining(['widget_chips']));
        for (const name of view.undeclared) {
          const row = await rowText(popup, 'undeclared', name);
          expect(row).toContain('third party');
          expect(row).toMatch(/partitioned under http:\/\/embedding\.localhost/);
        }
        expect(await popup.$eval('#third-party', (e) => (e as HTMLElement).innerText)).toMatch(/widgets\.localhost/);
      } finally {
        await host.close();
        await widget.close();
      }
    });
  });

  describe.each(FIREFOXES)('Check consent in firefox-esr $version', ({ path, version }) => {
    let firefox: Firefox;
    let faulty: DemoPortal;
    beforeAll(async () => {
      const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');
      faulty = await startDemoPortal({ host: 'consent-ff.localhost', policy: 'consent', cookies, consent: { behaviour: 'faulty', buttons: false } });
      // Firefox sends no `<a ping>` by default; this one does, so that its refusal is tested.
      firefox = await launchFirefox('dist/e2e-firefox', path, { prefs: { 'browser.send_pings': true } });
    });
    afterAll(async () => {
      await firefox?.close();
      await faulty?.close();
    });

    const checkConsentOn = (url: string) => checkConsentIn(firefox, url);

    it('runs the three states through the portal\'s own modal and shows the matrix', async () => {
      const popup = await checkConsentOn(faulty.url);
      const matrix = await readConsentMatrix(popup);
      expect(matrix['_ga']).toEqual(['●', '●', '●']);
      expect(matrix['_pk_id.3.a1b2']).toEqual(['–', '–', '●']);
      const states = await popup.$$eval('#consent-matrix thead th', (ths) => ths.map((th) => th.textContent));
      expect(states).toEqual(['Cookie', 'No choice', 'Refuse all', 'Accept all']);
      // The matrix open, the verdict and Export are still in reach without scrolling.
      expect(await verdictInReach(popup)).toBe(true);
      await popup.screenshot({ path: new URL(`popup-firefox-${version}-consent-check.png`, artifacts).pathname });
    });

    it('never lets a javascript: control leave the page: not clicked where Firefox has no Navigation API (140), its navigation cancelled where it has one', async () => {
      const elsewhere = await startDemoPortal({ host: 'elsewhere-ff.localhost', cookies: [{ name: 'elsewhere_tracker', value: 'x', via: 'header' }] });
      const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
      const hostile = await startDemoPortal({ host: 'script-link-ff.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'script-link', elsewhere: elsewhere.url } });
      try {
        const popup = await checkConsentOn(hostile.url);
        await readConsentMatrix(popup);
        const accept = await popup.$eval('#consent-matrix .consent-states li[data-state="accept-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
        expect(accept[0]).toBe('false');
        // Which guard applies depends on the browser, not on the run: Firefox 140 has no Navigation
        // API (the link is never clicked, and the state says why); 147 and later have it (the click
        // happens and its navigation is cancelled before any request, so no choice is recorded).
        const hasNavigationApi = await popup.evaluate(() => 'navigation' in globalThis);
        if (hasNavigationApi) expect(accept[1]).not.toContain('a javascript: link whose navigation this browser cannot stop before its request');
        else expect(accept[1]).toContain('a javascript: link whose navigation this browser cannot stop before its request');
        expect(await popup.$eval('#consent-matrix .consent-states li[data-state="refuse-all"]', (li) => li.getAttribute('data-reached'))).toBe('true');
        expect(elsewhere.requested).toEqual([]);
      } finally {
        await Promise.all([elsewhere.close(), hostile.close()]);
      }
    });

    /** Check consent on each hostile portal: its refusal never reached, nothing that changes something asked of the portal. */
    async function expectRefused(kinds: readonly AfterChoice[], elsewhere?: string): Promise<void> {
      const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
      const portals = await Promise.all(kinds.map((hostile) => startDemoPortal({ host: `${hostile}-ff.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile, ...(elsewhere ? { elsewhere } : {}) } })));
      try {
        for (const portal of portals) {
          const popup = await checkConsentOn(portal.url);
          await readConsentMatrix(popup);
          const refuse = await popup.$eval('#consent-matrix .consent-states li[data-state="refuse-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
          expect(refuse[0], `${portal.url}: ${refuse[1]}`).toBe('false');
          expect(refuse[1], portal.url).toMatch(/would leave the page|the page tried to/);
          expect(portal.requested.filter((r) => r.startsWith('POST') || r.includes('/account/')), portal.url).toEqual([]);
        }
      } finally {
        await Promise.all(portals.map((p) => p.close()));
      }
    }

    it('lets Firefox refuse what a page sends or opens behind its consent control (a beacon, a form posted to itself, a ping, a window), and never calls that state reached', async () => {
      await expectRefused(['beacon', 'form-post', 'ping', 'window-open']);
    });

    it('lets nothing of a navigation a page sets off 4 s after the click reach the portal\'s account pages or another site', async () => {
      const elsewhere = await startDemoPortal({ host: '127.0.0.2' });
      const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
      const portals = await Promise.all((['timer', 'timer-elsewhere'] as const).map((hostile) => startDemoPortal({ host: `${hostile}-ff.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile, elsewhere: elsewhere.url } })));
      try {
        for (const portal of portals) {
          const popup = await checkConsentOn(portal.url);
          await readConsentMatrix(popup);
          // The acceptance after it is reached: the check went on past the page's timer.
          expect(await popup.$eval('#consent-matrix .consent-states li[data-state="accept-all"]', (li) => li.getAttribute('data-reached'))).toBe('true');
          expect(portal.requested.filter((r) => r.includes('/account/')), portal.url).toEqual([]);
        }
        expect(elsewhere.requested).toEqual([]);
      } finally {
        await Promise.all([elsewhere.close(), ...portals.map((p) => p.close())]);
      }
    });

    it('names a window Firefox\'s popup blocker stopped, as a user\'s Firefox has it on: the state not reached, nothing asked of the other site', async () => {
      // Puppeteer turns the blocker off (dom.disable_open_during_load); this Firefox keeps it.
      const blocking = await launchFirefox('dist/e2e-firefox', path, { prefs: { 'dom.disable_open_during_load': true } });
      const elsewhere = await startDemoPortal({ host: '127.0.0.2' });
      const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
      const portal = await startDemoPortal({ host: 'blocked-window-ff.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'window-open', elsewhere: elsewhere.url } });
      try {
        const popup = await checkConsentIn(blocking, portal.url);
        await readConsentMatrix(popup);
        const states = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((li) => [li.getAttribute('data-state'), li.getAttribute('data-reached'), (li as HTMLElement).innerText]));
        // Only « Tout refuser » opens a window; the acceptance after it is its own state, reached.
        expect(states.map(([state, reached]) => [state, reached]), JSON.stringify(states)).toEqual([['refuse-all', 'false'], ['accept-all', 'true']]);
        expect(states[0]![2]).toMatch(/would leave the page \(a new window/);
        expect(elsewhere.requested).toEqual([]);
      } finally {
        await blocking.close();
        await Promise.all([elsewhere.close(), portal.close()]);
      }
    });

    it('lets Firefox refuse a navigation behind a consent control, to a site never granted or by a page that disarms guards of its own world (a link in a shadow root or an SVG, an href swapped during the click, guard-off)', async () => {
      // 127.0.0.2: outside every host the test build is granted.
      const elsewhere = await startDemoPortal({ host: '127.0.0.2' });
      try {
        await expectRefused(['shadow-link', 'href-swap', 'svg-link', 'guard-off'], elsewhere.url);
        expect(elsewhere.requested).toEqual([]);
      } finally {
        await elsewhere.close();
      }
    });

    it('drives a manager known only from an autoconsent rule (a Didomi notice), its rules read from the add-on\'s files', async () => {
      const policyText = ['Fournisseur\tNom du cookie\tFinalité', 'Google\t_ga*\tMesure d\'audience', 'Didomi\tdidomi_token\tVos choix'].join('\n');
      const didomi = await startDemoPortal({ host: 'didomi-ff.localhost', policyText, cookies: [], siteConsent: { manager: 'didomi', faulty: true } });
      try {
        const popup = await checkConsentOn(didomi.url);
        const matrix = await readConsentMatrix(popup);
        const states = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((li) => [li.getAttribute('data-state'), li.getAttribute('data-reached'), li.getAttribute('data-via')]));
        expect(states, await popup.$eval('#consent-matrix', (e) => (e as HTMLElement).innerText)).toEqual([['refuse-all', 'true', 'dialog'], ['accept-all', 'true', 'dialog']]);
        expect(await popup.$eval('#consent-matrix [data-managers]', (e) => e.textContent)).toContain('didomi (autoconsent rule)');
        expect(matrix['_ga']).toEqual(['–', '–', '●']);
        expect(matrix['_gid']).toEqual(['●', '●', '●']);
      } finally {
        await didomi.close();
      }
    });
  });
});
