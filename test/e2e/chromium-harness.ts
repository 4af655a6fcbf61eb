// Debian's Chromium driven by puppeteer-core, with the built extension loaded, as a user has it.
import type { Page } from 'puppeteer-core';
import { type ExtensionBrowser, launchWithExtension } from '../../src/scan/launch-chromium.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export type Chromium = ExtensionBrowser;

/** `interfaceLanguage` (a LANGUAGE value) sets the browser's own interface apart from `lang`, the add-on's words. */
export function launchChromium(extensionDir: string, lang = 'en-US', downloadDir?: string, interfaceLanguage?: string): Promise<Chromium> {
  return launchWithExtension({ executablePath: CHROMIUM, extensionDir, lang, ...(downloadDir ? { downloadDir } : {}), ...(interfaceLanguage ? { interfaceLanguage } : {}) });
}

/** Opens the real popup for the active tab, as a click on the toolbar button would. */
export async function openPopup(chromium: Chromium, page: Page): Promise<Page> {
  await page.bringToFront();
  await chromium.worker.evaluate('chrome.action.openPopup()');
  const target = await chromium.browser.waitForTarget((t) => t.url().endsWith('/popup/popup.html'), { timeout: 10_000 });
  return target.asPage();
}

/** The badge on the tab showing `tabUrlPrefix`, or on the active tab when the extension may not see addresses. */
export async function badgeText(chromium: Chromium, tabUrlPrefix?: string): Promise<string> {
  return chromium.worker.evaluate(async (prefix?: string) => {
    const tabs = await chrome.tabs.query(prefix ? {} : { active: true, lastFocusedWindow: true });
    const tab = prefix ? tabs.find((t) => t.url?.startsWith(prefix)) : tabs[0];
    if (tab?.id === undefined) throw new Error(`no tab for ${prefix ?? 'the active tab'}`);
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, tabUrlPrefix);
}
