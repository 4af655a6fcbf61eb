// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the built add-on
// installed as a temporary add-on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { waitForAudit } from './popup-page.ts';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'ods-cookie-auditor@ods-tools.org';
/** Fixed through a pref so the test knows the add-on's moz-extension:// address. */
const ADDON_UUID = '3f1c2a9e-5b7d-4e8f-9a10-2b3c4d5e6f70';

export interface Firefox {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchFirefox(addonDir: string): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'ods-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      'extensions.openPopupWithoutUserGesture.enabled': true,
      'intl.locale.requested': 'en-US',
    },
  });
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
  await popup.waitForFunction(() => location.protocol === 'moz-extension:' && document.readyState === 'complete', { timeout: 10_000 });
  await popup.evaluate(async (url) => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } }).browser;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    location.search = `?tab=${tab?.id}`;
  }, pageUrl);
  await popup.waitForFunction(() => location.search.startsWith('?tab='), { timeout: 10_000 });
  await waitForAudit(popup);
  return popup;
}

export async function firefoxBadge(popup: Page, tabUrl: string): Promise<string> {
  return popup.evaluate(async (url) => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> }; action: { getBadgeText(d: object): Promise<string> } } }).browser;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    return api.action.getBadgeText({ tabId: tab!.id });
  }, tabUrl);
}
