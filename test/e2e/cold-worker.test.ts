// The background as Chrome runs it: its service worker stopped after 30 s idle and started again
// by the next popup. What it reads as data rather than code (the public suffix list, the report
// wording) must be read again, and the popup must show the same verdict and export the same report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { type Chromium, launchChromium } from './chromium-harness.ts';
import { readPopup, waitForAudit } from './popup-page.ts';

describe('Chromium: the popup after the service worker stopped', { timeout: 90_000 }, () => {
  let chromium: Chromium;
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'data.cold.localhost', cookies: DEMO_COOKIES });
    chromium = await launchChromium('dist/e2e-chrome');
  });
  afterAll(async () => {
    await chromium?.close();
    await portal?.close();
  });

  const base = () => `chrome-extension://${chromium.extensionId}`;
  const running = () => chromium.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(base()));
  async function open(tabId: number) {
    const popup = await chromium.browser.newPage();
    await popup.goto(`${base()}/popup/popup.html?tab=${tabId}`);
    await waitForAudit(popup);
    return popup;
  }

  it('shows the same verdict and exports the same report once the worker is started again', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    const tabId = await chromium.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id ?? -1, portal.url);
    const report = (popup: Awaited<ReturnType<typeof open>>) => popup.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/report', tabId: id, format: 'md' }), tabId) as Promise<{ ok: boolean; text: string }>;
    const warm = await open(tabId);
    const before = await readPopup(warm);
    const reportBefore = await report(warm);
    await warm.close();
    expect(before.undeclared.length + before.declared.length).toBeGreaterThan(0);
    expect(reportBefore.ok).toBe(true);

    // As Chrome's guide to testing termination does: the worker's target closed.
    const target = chromium.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(base()));
    await (await target!.worker())!.close();
    for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running()).toBe(false);

    // A fresh audit asked of the started worker: the suffix list read again, the cookies grouped as before.
    const cold = await open(tabId);
    expect(running()).toBe(true);
    await cold.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/refresh', tabId: id }), tabId);
    await cold.reload();
    await waitForAudit(cold);
    const after = await readPopup(cold);
    expect({ ...after, text: '' }).toEqual({ ...before, text: '' });
    const reportAfter = await report(cold);
    expect(reportAfter.ok).toBe(true);
    // The same report: each group with the same cookies, each cookie the same party and declaration
    // (lifetimes are counted from now, and the history says a previous audit exists).
    const rows = (text: string) => text.split('\n').filter((l) => /^## (?!Since)/.test(l) || /^\| [^-]/.test(l)).map((l) => (l.startsWith('|') ? l.split(' | ').slice(0, 4).join(' | ') : l));
    expect(rows(reportAfter.text)).toEqual(rows(reportBefore.text));
    expect(rows(reportAfter.text).join('\n')).toMatch(/\| first party \|/);
  });
});
