// Debian's Chromium driven by puppeteer-core, with the built extension loaded, as a user has it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Chromium {
  browser: Browser;
  worker: WebWorker;
  close(): Promise<void>;
}

export async function launchChromium(extensionDir: string, lang = 'en-US'): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'ods-chromium-'));
  const extension = resolve(extensionDir);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir: profile,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--lang=${lang}`,
    ],
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), { timeout: 15_000 });
  const worker = (await target.worker())!;
  return {
    browser,
    worker,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the real popup for the active tab, as a click on the toolbar button would. */
export async function openPopup(chromium: Chromium, page: Page): Promise<Page> {
  await page.bringToFront();
  await chromium.worker.evaluate('chrome.action.openPopup()');
  const target = await chromium.browser.waitForTarget((t) => t.url().endsWith('/popup/popup.html'), { timeout: 10_000 });
  const popup = await target.asPage();
  return popup;
}

export async function badgeText(chromium: Chromium, tabUrlPrefix: string): Promise<string> {
  return chromium.worker.evaluate(async (prefix: string) => {
    const [tab] = await chrome.tabs.query({});
    const tabs = await chrome.tabs.query({});
    const match = tabs.find((t) => t.url?.startsWith(prefix)) ?? tab;
    return chrome.action.getBadgeText({ tabId: match!.id! });
  }, tabUrlPrefix);
}
