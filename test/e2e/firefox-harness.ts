// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the built add-on
// installed as a temporary add-on.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { waitForAudit, waitUntil } from './popup-page.ts';

/**
 * Every Firefox the tests run on: none when NO_FIREFOX=1 (on purpose, said loudly: see
 * test/e2e/firefox.test.ts; refused under CI); FIREFOX_PATH alone when set; otherwise Debian's
 * firefox-esr and, when `scripts/get-firefox-esr-140.sh` has unpacked it, ESR 140, the oldest
 * desktop Firefox the manifest accepts (bookworm-security may have moved the system one to a newer ESR).
 */
export const WITHOUT_FIREFOX = process.env.NO_FIREFOX === '1';
export const FIREFOXES: { path: string; version: string }[] = (WITHOUT_FIREFOX ? [] : process.env.FIREFOX_PATH ? [process.env.FIREFOX_PATH] : ['/usr/bin/firefox-esr', '.cache/firefox-esr-140/usr/lib/firefox-esr/firefox-esr'])
  .filter((path) => existsSync(path))
  .map((path) => ({ path: resolve(path), version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().replace(/^Mozilla Firefox /, '') }));
const ADDON_ID = 'ods-cookie-auditor@ods-tools.org';
/** Fixed through a pref so the test knows the add-on's moz-extension:// address. */
const ADDON_UUID = '3f1c2a9e-5b7d-4e8f-9a10-2b3c4d5e6f70';

export interface Firefox {
  browser: Browser;
  close(): Promise<void>;
}

export interface FirefoxOptions {
  /** Runs in the started browser before the add-on is installed (tabs already open). */
  beforeInstall?: (browser: Browser) => Promise<void>;
  /** A proxy auto-config to reach stand-in hosts by their real names, whose certificate the browser then accepts (src/demo/tracker-hosts.ts). */
  network?: { proxyAutoConfig: string };
  /** More preferences of the profile. */
  prefs?: Record<string, unknown>;
  /** Headful, on this X display (test/e2e/virtual-display.ts): to reach the browser's own UI with keys. */
  display?: string;
}

export async function launchFirefox(addonDir: string, executablePath = FIREFOXES[0]!.path, { beforeInstall, network, prefs, display }: FirefoxOptions = {}): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'ods-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: !display,
    userDataDir: profile,
    ...(display ? { env: { ...process.env, DISPLAY: display } } : {}),
    ...(network ? { acceptInsecureCerts: true } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      'extensions.openPopupWithoutUserGesture.enabled': true,
      'intl.locale.requested': 'en-US',
      ...(network ? { 'network.proxy.type': 2, 'network.proxy.autoconfig_url': network.proxyAutoConfig, 'network.stricttransportsecurity.preloadlist': false } : {}),
      ...prefs,
    },
  });
  await beforeInstall?.(browser);
  await browser.installExtension(resolve(addonDir));
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the popup's page in a tab of its own for the tab showing `pageUrl`: the test page steps
 * onto the add-on's page (allowed by the test build), which looks up the portal's tab id.
 */
export async function openPopupFor(firefox: Firefox, pageUrl: string): Promise<Page> {
  const popup = await firefox.browser.newPage();
  await popup.goto(pageUrl);
  await popup.evaluate((url) => void (location.href = url), `moz-extension://${ADDON_UUID}/popup/popup.html`);
  await waitUntil(popup, () => location.protocol === 'moz-extension:' && document.readyState === 'complete');
  await popup.evaluate(async (url) => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } }).browser;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    location.search = `?tab=${tab?.id}`;
  }, pageUrl);
  await waitUntil(popup, () => location.search.startsWith('?tab=') && document.readyState === 'complete');
  await waitForAudit(popup);
  return popup;
}

/**
 * A page of the add-on's own (it audits nothing: `?tab=-1`), reached through a page of
 * `helperOrigin`, which the test build lets step onto the add-on's pages: what reads the add-on's
 * state from outside its popup.
 */
export async function openAddonPage(firefox: Firefox, helperOrigin: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(`${helperOrigin}/not-a-page-of-the-portal`);
  await page.evaluate((url) => void (location.href = url), `moz-extension://${ADDON_UUID}/popup/popup.html?tab=-1`);
  await waitUntil(page, () => location.protocol === 'moz-extension:' && document.readyState === 'complete');
  return page;
}

export async function firefoxBadge(popup: Page, tabUrl: string): Promise<string> {
  return popup.evaluate(async (url) => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> }; action: { getBadgeText(d: object): Promise<string> } } }).browser;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    return api.action.getBadgeText({ tabId: tab!.id });
  }, tabUrl);
}

/** The portal in a tab of its own, the popup's page opened on it, and Check consent confirmed. */
export async function checkConsentIn(firefox: Firefox, url: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 500));
  const popup = await openPopupFor(firefox, url);
  await popup.click('#check-consent');
  await popup.click('#check-consent-confirm');
  return popup;
}
