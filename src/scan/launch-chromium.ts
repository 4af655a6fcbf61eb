// Chromium with the built extension loaded, driven by puppeteer-core: used by the headless scan,
// `npm start`, the browser tests and the benchmarks alike.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import type { TabAudit } from '../messages.ts';

export interface ExtensionBrowser {
  browser: Browser;
  worker: WebWorker;
  extensionId: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  executablePath: string;
  extensionDir: string;
  headless?: boolean;
  lang?: string;
  /** Where files saved through the downloads API land (set in the new profile's preferences). */
  downloadDir?: string;
}

/**
 * A copy of the built extension whose manifest grants exactly `origins`: what a user does by
 * clicking "Allow", done ahead for a scan the user asked for on the command line.
 */
export function extensionGranting(extensionDir: string, origins: string[]): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ods-extension-'));
  cpSync(extensionDir, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...origins])];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchWithExtension({ executablePath, extensionDir, headless = true, lang = 'en-US', downloadDir }: LaunchOptions): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ods-chromium-'));
  if (downloadDir) {
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ download: { default_directory: downloadDir, prompt_for_download: false } }));
  }
  const extension = resolve(extensionDir);
  const browser = await puppeteer.launch({
    executablePath,
    headless,
    pipe: true,
    userDataDir: profile,
    defaultViewport: headless ? { width: 1280, height: 900 } : null,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      // Root in containers has no user namespace sandbox; closed networks refuse Google's services.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--lang=${lang}`,
    ],
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
  });
  try {
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), { timeout: 20_000 });
    const worker = (await target.worker())!;
    // Right after start the worker's context may not have its extension bindings yet (Chromium 156).
    for (let i = 0; i < 50 && !(await worker.evaluate('typeof chrome === "object" && !!chrome.runtime?.id').catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const extensionId = new URL(target.url()).host;
    return {
      browser,
      worker,
      extensionId,
      async close() {
        await browser.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`the extension did not start in ${executablePath}: ${(error as Error).message}`);
  }
}

/** The id the browser gave the tab showing `page`, asked of the extension (it may read that tab). */
export async function tabIdOf(session: ExtensionBrowser, page: Page): Promise<number | undefined> {
  const url = page.url();
  return session.worker.evaluate(async (wanted: string) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === wanted)?.id;
  }, url);
}

/** The popup's own audit of the tab showing `page`, asked from an extension page (`control`). */
export async function auditTab(session: ExtensionBrowser, control: Page, page: Page): Promise<TabAudit | undefined> {
  const tabId = await tabIdOf(session, page);
  if (tabId === undefined) return undefined;
  return (await control.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/refresh', tabId: id }), tabId)) as TabAudit;
}

/** `work`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
