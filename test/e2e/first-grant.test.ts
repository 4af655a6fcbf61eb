// The first use, as a user meets it: the add-on installed with nothing granted, the icon clicked on
// a portal, *Allow* in the popup, the browser's own permission prompt answered, and the verdict
// there without another click. Chrome's prompt is browser UI that no DevTools protocol reaches: the
// browser runs headful on a virtual display and the prompt is answered with the keyboard, as a
// user can (Tab to *Allow*, Return). Firefox asks nothing for optional permissions when its
// `extensions.webextOptionalPermissionPrompts` is off (the pref Mozilla's own tests use), so there
// the click on *Allow* is the whole grant.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { CHROMIUM, type Chromium, badgeText } from './chromium-harness.ts';
import { FIREFOXES, firefoxBadge, launchFirefox, openAddonPage, openPopupFor } from './firefox-harness.ts';
import { lightAndDark, readPopup, verdictInReach, waitForAudit } from './popup-page.ts';
import { type VirtualDisplay, startVirtualDisplay } from './virtual-display.ts';
import { sessionKeys } from '../../src/storage-keys.ts';

const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
/** The standard demo portal's policy declares all of its cookies but `_ga` and `tracker`. */
const UNDECLARED = 2;

/** Asks `check` until it says yes: the browser's work is tested, not its speed (a browser that never does it fails by the test's timeout). */
async function eventually(check: () => Promise<boolean>): Promise<true> {
  while (!(await check().catch(() => false))) await new Promise((r) => setTimeout(r, 100));
  return true;
}

describe('Chromium: the first Allow continues to a verdict', { timeout: 120_000 }, () => {
  let portal: DemoPortal;
  let screen: VirtualDisplay;
  let chromium: Chromium;

  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'first-use.localhost' });
    screen = await startVirtualDisplay();
    // The add-on as it is packaged: no host granted ahead.
    chromium = await launchWithExtension({ executablePath: CHROMIUM, extensionDir: 'dist/chrome', headless: false, display: screen.display });
  });
  afterAll(async () => {
    await chromium?.close();
    await screen?.close();
    await portal?.close();
  });

  it('opens the popup again on its own after the prompt, with the verdict, the badge set and the open tab audited', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    // The icon sits in the extensions menu until pinned: the user opens the popup with its shortcut,
    // which, as a click on the icon would, lets the popup read this tab's address.
    await page.bringToFront();
    const opened = chromium.browser.waitForTarget((t) => t.url().endsWith('/popup/popup.html'), { timeout: 0 });
    await screen.press('alt+shift+k');
    const asking = (await (await opened).asPage())!;
    await waitForAudit(asking);
    expect(await asking.$eval('button.primary', (b) => b.textContent)).toBe('Allow access to this site');
    await asking.click('button.primary');
    // Chrome's prompt takes the popup's place: the popup that asked is gone.
    await new Promise<void>((resolve) => (asking.isClosed() ? resolve() : asking.once('close', () => resolve())));
    expect(await chromium.worker.evaluate(`chrome.permissions.contains({ origins: ['${portal.origin}/*'] })`)).toBe(false);

    // The user answers the prompt: Tab to Allow, Return.
    const reopened = chromium.browser.waitForTarget((t) => t.url().endsWith('/popup/popup.html'), { timeout: 0 });
    // Chrome enables the prompt's buttons only a moment after it shows (against clickjacking).
    await new Promise((r) => setTimeout(r, 1_500));
    await screen.press('Tab', 'Return');
    const popup = (await (await reopened).asPage())!;
    expect(await chromium.worker.evaluate(`chrome.permissions.contains({ origins: ['${portal.origin}/*'] })`)).toBe(true);
    await waitForAudit(popup);
    const view = await readPopup(popup);
    expect(view.host).toBe('first-use.localhost');
    expect(view.counts.bad).toBe(UNDECLARED);
    expect(view.undeclared.sort()).toEqual(['_ga', 'tracker']);
    expect(await badgeText(chromium, portal.url)).toBe(String(UNDECLARED));
    // The audit ran once the grant came, without reloading the user's page.
    expect(portal.requested.filter((r) => r === `GET ${new URL(portal.url).pathname} [navigate]`)).toHaveLength(1);
    expect(await verdictInReach(popup)).toBe(true);
    await lightAndDark(popup, 'popup-first-grant');
  });
});

describe.each(FIREFOXES)('Firefox $version: a grant continues to a verdict', ({ version, path }) => {
  let portal: DemoPortal;
  let addon: string;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'first-use-ff.localhost' });
    // The test build without its granted hosts: only the popup's page stays reachable from the test's pages.
    addon = mkdtempSync(join(tmpdir(), 'ods-ungranted-'));
    cpSync('dist/e2e-firefox', addon, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(addon, 'manifest.json'), 'utf8'));
    delete manifest.host_permissions;
    writeFileSync(join(addon, 'manifest.json'), JSON.stringify(manifest));
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(addon, { recursive: true, force: true });
  });

  // Firefox's popup panel is out of the protocol's reach (and draws black on a virtual display), so
  // the grant is asked from a page of the add-on, by a real click, with the popup's own call.
  it('audits the open portal tab once the site is granted: the badge is set and the next popup shows the verdict', { timeout: 120_000 }, async () => {
    const firefox = await launchFirefox(addon, path, { prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
    try {
      const page = await firefox.browser.newPage();
      await page.goto(portal.url, { waitUntil: 'load' });
      const control = await openAddonPage(firefox, portal.origin);
      // The background sweeps open tabs as it starts (src/background.ts): granted once they are over,
      // only the grant's own event can audit the tab.
      await eventually(() => control.evaluate((key) => (globalThis as unknown as { browser: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).browser.storage.session.get(key).then((s) => s[key] === true), sessionKeys.startupSwept));
      expect(await firefoxBadge(control, portal.url).catch(() => 'unreadable')).not.toBe(String(UNDECLARED));
      // What the popup asks for this tab (src/background/audit-tab.ts): the site whatever its scheme and port.
      await control.evaluate((host) => {
        const button = document.body.appendChild(document.createElement('button'));
        button.id = 'grant';
        button.textContent = 'Allow';
        const api = (globalThis as unknown as { browser: { permissions: { request(p: object): Promise<boolean> } } }).browser;
        button.addEventListener('click', () => void api.permissions.request({ origins: [`*://${host}/*`] }));
      }, new URL(portal.url).hostname);
      await control.click('#grant');
      // The background audits the tab on the grant: the badge is there for the user's next look.
      const badged = () => firefoxBadge(control, portal.url).then((badge) => badge === String(UNDECLARED));
      expect(await eventually(badged)).toBe(true);
      // Audited once, from the page as it was: the grant did not reload the user's tab.
      expect(portal.requested.filter((r) => r === `GET ${new URL(portal.url).pathname} [navigate]`)).toHaveLength(1);
      const popup = await openPopupFor(firefox, portal.url);
      const view = await readPopup(popup);
      expect(view.counts.bad).toBe(UNDECLARED);
      expect(view.undeclared.sort()).toEqual(['_ga', 'tracker']);
      expect(await verdictInReach(popup)).toBe(true);
      await popup.screenshot({ path: new URL(`popup-firefox-${version}-first-grant.png`, artifacts).pathname });
    } finally {
      await firefox.close();
    }
  });
});
