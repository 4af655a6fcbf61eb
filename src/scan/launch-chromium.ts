// Chromium with the built extension loaded, driven by puppeteer-core: used by the headless scan,
// `npm start`, the browser tests and the benchmarks alike.
import { spawnSync } from 'node:child_process';
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
  /**
   * For scans of portals: the portal may not download anything (the browser denies every
   * download), open windows (the popup blocker stays on, and any window a page still opens is
   * closed at once), nor slow the other portals of the scan down that way.
   */
  guarded?: boolean;
  /** Chromium's popup blocker on, as a user's browser has it (puppeteer turns it off); on when `guarded`. */
  popupBlocker?: boolean;
  /**
   * Runs before the add-on is loaded, when given: the add-on is then installed into the running
   * browser (as a user installs or enables it with tabs already open).
   */
  beforeLoad?: (browser: Browser) => Promise<void>;
  /**
   * The LANGUAGE of the browser's environment, when it must differ from `lang`: Chromium then
   * gives `getUILanguage()` this one and the add-on's words `lang`'s (a user's English interface
   * with French preferred).
   */
  interfaceLanguage?: string;
  /** More command-line switches (a test's `--host-resolver-rules`, say). */
  args?: string[];
  /** The X display a headful browser draws on (a virtual one in tests); the environment's otherwise. */
  display?: string;
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

/**
 * The user agent of the same Chromium as a visitor runs it: headless Chromium writes
 * `HeadlessChrome/N` where a visitor's says `Chrome/N`, and consent managers (vanilla-cookieconsent's
 * `hideFromBots`) and bot filters hide from it. Chromium's reduced user agent has only the major
 * version, read from the binary itself; undefined when it cannot be read (the default is kept).
 */
export function visitorUserAgent(executablePath: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const version = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const major = /(\d+)\.\d+\.\d+/.exec(version)?.[1];
  if (!major) return undefined;
  const os = platform === 'darwin' ? 'Macintosh; Intel Mac OS X 10_15_7' : platform === 'win32' ? 'Windows NT 10.0; Win64; x64' : 'X11; Linux x86_64';
  return `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

export async function launchWithExtension({ executablePath, extensionDir, headless = true, lang = 'en-US', downloadDir, guarded = false, popupBlocker = guarded, beforeLoad, display, interfaceLanguage, args = [] }: LaunchOptions): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ods-chromium-'));
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({
    // No offer to translate a portal: a bubble that takes the window's focus, and a call to Google.
    translate: { enabled: false },
    ...(downloadDir ? { download: { default_directory: downloadDir, prompt_for_download: false } } : {}),
  }));
  const extension = resolve(extensionDir);
  const userAgent = headless ? visitorUserAgent(executablePath) : undefined;
  const browser = await puppeteer.launch({
    executablePath,
    headless,
    pipe: true,
    userDataDir: profile,
    defaultViewport: headless ? { width: 1280, height: 900 } : null,
    // Loading an add-on into the running browser goes through the DevTools protocol, which Chromium allows only with this.
    enableExtensions: beforeLoad !== undefined,
    // puppeteer turns Chromium's popup blocker off by default; a scanned page must not open windows.
    // --enable-automation makes navigator.webdriver true: the portal would see a robot, not a visitor.
    ignoreDefaultArgs: ['--disable-extensions', '--enable-automation', ...(popupBlocker ? ['--disable-popup-blocking'] : [])],
    args: [
      // navigator.webdriver stays false, as in a visitor's browser (some consent managers hide from automation).
      '--disable-blink-features=AutomationControlled',
      ...(userAgent ? [`--user-agent=${userAgent}`] : []),
      ...(beforeLoad ? [] : [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]),
      // Root in containers has no user namespace sandbox; closed networks refuse Google's services.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      // A privacy auditor's browser contacts the portal and what the portal's page asks for,
      // nothing else: no sync, no network time check, and the calls no switch turns off (the
      // Google account listing of every profile, on-demand component updates) sent to a closed
      // port on loopback, where they fail at once without a DNS lookup. Tested on the demo scan's
      // network log (test/cli/loopback.test.ts).
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=NetworkTimeServiceQuerying',
      '--gaia-url=http://127.0.0.1:9/',
      '--component-updater=url-source=http://127.0.0.1:9/',
      `--lang=${lang}`,
      ...args,
    ],
    env: { ...process.env, LANGUAGE: interfaceLanguage ?? lang.replace('-', '_'), ...(display ? { DISPLAY: display } : {}) },
  });
  try {
    if (beforeLoad) {
      await beforeLoad(browser);
      await browser.installExtension(extension);
    }
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), { timeout: 20_000 });
    const worker = (await target.worker())!;
    // Right after start the worker's context may not have its extension bindings yet (Chromium 156).
    for (let i = 0; i < 50 && !(await worker.evaluate('typeof chrome === "object" && !!chrome.runtime?.id').catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const extensionId = new URL(target.url()).host;
    if (guarded) await guard(browser);
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

/** No downloads, and every window a page opens closed as soon as it appears. */
async function guard(browser: Browser): Promise<void> {
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'deny', eventsEnabled: false });
  browser.on('targetcreated', (target) => {
    if (target.type() !== 'page' || !target.opener()) return;
    void target.page().then((page) => page?.close()).catch(() => undefined);
  });
}

/**
 * The pages one portal's audit opened, so that when its time is up they stop loading (closed)
 * before the next portal starts, and nothing it runs later opens another.
 */
export class PortalPages {
  private readonly pages = new Set<Page>();
  private closed = false;
  constructor(private readonly browser: Browser) {}

  async open(): Promise<Page> {
    if (this.closed) throw new Error('the portal\'s time is up');
    const page = await this.browser.newPage();
    if (this.closed) {
      await page.close().catch(() => undefined);
      throw new Error('the portal\'s time is up');
    }
    this.pages.add(page);
    page.once('close', () => this.pages.delete(page));
    return page;
  }

  get over(): boolean {
    return this.closed;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pages].map((page) => page.close().catch(() => undefined)));
  }
}

/** `work` over its own pages, all closed when it is done or when `ms` have passed, whichever comes first. */
export async function withPortalPages<T>(browser: Browser, ms: number, what: string, work: (pages: PortalPages) => Promise<T>): Promise<T> {
  const pages = new PortalPages(browser);
  try {
    return await withTimeout(work(pages), ms, what);
  } finally {
    await pages.closeAll();
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
