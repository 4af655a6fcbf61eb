// Reading the popup as a user sees it, in any browser puppeteer drives.
import type { Page } from 'puppeteer-core';

export async function waitForAudit(popup: Page): Promise<void> {
  await popup.waitForFunction(() => document.querySelector('#app')?.children.length && !document.querySelector('[aria-busy="true"]'), { timeout: 20_000 });
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
  await popup.waitForSelector('#consent-matrix', { timeout: 60_000 });
  return popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('#consent-matrix tbody tr')].map((r) => [r.getAttribute('data-name'), [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')])));
}
