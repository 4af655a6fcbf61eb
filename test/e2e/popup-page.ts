// Reading the popup as a user sees it, in any browser puppeteer drives.
import type { Page } from 'puppeteer-core';

/**
 * Polls `condition` in the page with `evaluate` until it is truthy. Not `waitForFunction`: over
 * WebDriver BiDi that builds the predicate with `Function()`, which an extension page's CSP blocks
 * in Firefox ESR 140 ("call to Function() blocked by CSP"). `condition` returns a plain value (a
 * boolean, not an element: elements do not cross the protocol by value).
 */
export async function waitUntil<A extends string | number | undefined>(page: Page, condition: (arg: A) => boolean | string | number | null | undefined, arg?: A, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    // A navigation in progress destroys the context; try again in the new one.
    last = await page.evaluate(condition as (a: string | number | undefined) => unknown, arg).catch((error: Error) => error);
    if (last && !(last instanceof Error)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${condition.toString().slice(0, 160)}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The verdict and Export without scrolling, in a popup no higher than browsers make them (600 px;
 * the popup's page in a tab lays out at the popup's own width).
 */
export async function verdictInReach(popup: Page): Promise<boolean> {
  return popup.evaluate(() => {
    window.scrollTo(0, 0);
    document.body.scrollTo?.(0, 0);
    return ['nav.summary', 'section.export .buttons'].every((selector) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      return !!box && box.height > 0 && box.top >= 0 && box.bottom <= Math.min(window.innerHeight, 600);
    });
  });
}

/** The page light and dark, into test-results/ (Chromium: WebDriver BiDi cannot emulate the colour scheme). */
export async function lightAndDark(page: Page, name: string): Promise<void> {
  const artifacts = new URL('../../test-results/', import.meta.url);
  await page.screenshot({ path: new URL(`${name}.png`, artifacts).pathname });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.screenshot({ path: new URL(`${name}-dark.png`, artifacts).pathname });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

export async function waitForAudit(popup: Page): Promise<void> {
  await waitUntil(popup, () => !!document.querySelector('#app')?.children.length && !document.querySelector('[aria-busy="true"]'), undefined, 20_000);
}

export interface PopupView {
  host: string;
  source: string;
  sourceLink: string | null;
  counts: Record<string, number>;
  undeclared: string[];
  declared: string[];
  missing: string[];
  text: string;
}

export function readPopup(popup: Page): Promise<PopupView> {
  return popup.evaluate(() => {
    const names = (selector: string, attribute: string) => [...document.querySelectorAll(selector)].map((e) => e.getAttribute(attribute) ?? '');
    const counts: Record<string, number> = {};
    for (const li of document.querySelectorAll('[data-count]')) counts[li.getAttribute('data-count')!] = Number(li.querySelector('strong')?.textContent);
    return {
      host: document.querySelector('.header h1')?.textContent ?? '',
      source: document.querySelector('.source')?.textContent ?? '',
      sourceLink: document.querySelector('.source a')?.getAttribute('href') ?? null,
      counts,
      undeclared: names('#undeclared li.row', 'data-name'),
      declared: names('#declared li.row', 'data-name'),
      missing: names('#missing li.row', 'data-pattern'),
      text: document.body.innerText,
    };
  });
}

export function rowText(popup: Page, group: string, name: string): Promise<string> {
  return popup.$eval(`#${group} li.row[data-name="${name}"], #${group} li.row[data-pattern="${name}"]`, (e) => (e as HTMLElement).innerText);
}

/** axe-core in the page; evaluated over the protocol, so the extension page's CSP does not block it. */
export async function seriousViolations(popup: Page, axeSource: string): Promise<string[]> {
  await popup.evaluate(axeSource);
  return popup.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
    const { violations } = await axe.run();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
  });
}

/** The popup's consent matrix: each cookie's cells (● set, – not set) in the three states' order. */
export async function readConsentMatrix(popup: Page): Promise<Record<string, string[]>> {
  await waitUntil(popup, () => !!document.querySelector('#consent-matrix'), undefined, 60_000);
  return popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('#consent-matrix tbody tr')].map((r) => [r.getAttribute('data-name'), [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')])));
}

/** The matrix's rows beyond cookies: each storage key (`storage:<name>`) and organisation (`organisation:<name>`), its cells per state. */
export async function readBeyondMatrix(popup: Page): Promise<Record<string, string[]>> {
  await waitUntil(popup, () => !!document.querySelector('#consent-matrix'), undefined, 60_000);
  return popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('#beyond-cookies tr[data-storage], #beyond-cookies tr[data-organisation]')].map((r) => [r.hasAttribute('data-storage') ? `storage:${r.getAttribute('data-storage')}` : `organisation:${r.getAttribute('data-organisation')}`, [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')])));
}
