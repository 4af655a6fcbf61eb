// Who set each cookie, in the popup after a Fresh visit, in Chromium and in every firefox-esr here:
// the portal's HTML response sets csrftoken, its API response ods_visit, a script from another
// local origin writes _evid_trk a second later, and a frame of a third origin sets its own. The
// popup names each setter, gives the full address on demand, and shows no value.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { type DemoPortal, EVIDENCE_VALUES, STANDARD_COOKIES, startDemoPortal } from '../../src/demo/portal-server.ts';
import { type Chromium, launchChromium, openPopup } from './chromium-harness.ts';
import { FIREFOXES, type Firefox, launchFirefox, openPopupFor } from './firefox-harness.ts';
import { lightAndDark, waitForAudit, waitUntil } from './popup-page.ts';

interface Portals { cdn: DemoPortal; widgets: DemoPortal; portal: DemoPortal }

async function startPortals(name: string): Promise<Portals> {
  const cdn = await startDemoPortal({ host: `cdn-${name}.localhost`, portal: false });
  const widgets = await startDemoPortal({ host: `widgets-${name}.localhost`, portal: false });
  const portal = await startDemoPortal({ host: `evidence-${name}.localhost`, embed: `${widgets.origin}/widget`, evidence: { tracker: `${cdn.origin}/evidence-tracker.js` } });
  return { cdn, widgets, portal };
}

/** Each cookie's setter as the popup shows it: the kind, the line, and the full text on demand. */
async function settersIn(popup: Page): Promise<Record<string, { how: string; summary: string; full: string }>> {
  return popup.$$eval('li.row[data-name]', (rows) => Object.fromEntries(rows.flatMap((row) => {
    const details = row.querySelector('details.set-by');
    if (!details) return [];
    return [[row.getAttribute('data-name')!, { how: details.getAttribute('data-set-by') ?? '', summary: details.querySelector('summary')?.textContent ?? '', full: details.querySelector('p')?.textContent ?? '' }]];
  })));
}

async function freshVisit(popup: Page): Promise<void> {
  await waitForAudit(popup);
  await popup.click('#fresh-visit');
  await popup.click('#fresh-visit-confirm');
  await waitUntil(popup, () => document.querySelector('[data-fresh-visit]') !== null && document.querySelector('details.set-by') !== null, undefined, 40_000);
}

function expectSetters(setters: Awaited<ReturnType<typeof settersIn>>, { cdn, widgets, portal }: Portals) {
  expect(setters.csrftoken).toMatchObject({ how: 'response', summary: "Set by the portal's response to /explore/" });
  expect(setters.csrftoken!.full).toContain(`the portal's response to ${portal.url} (`);
  expect(setters.ods_visit).toMatchObject({ how: 'response', summary: "Set by the portal's response to /api/explore/v2.1/visits" });
  expect(setters._evid_trk).toMatchObject({ how: 'document.cookie', summary: `Set by the script ${new URL(cdn.origin).host}/evidence-tracker.js` });
  expect(setters._evid_trk!.full).toMatch(new RegExp(`^the script ${cdn.origin}/evidence-tracker\\.js \\(\\d+ ms after ${portal.url} started loading\\)$`));
  // The script waits before it writes: its write is timed after the page's own response, never before.
  const ms = (full: string) => Number(/\((\d+) ms/.exec(full)![1]);
  expect(ms(setters._evid_trk!.full)).toBeGreaterThan(ms(setters.csrftoken!.full));
  expect(setters.widget_chips).toMatchObject({ how: 'response', summary: `Set by the response to ${new URL(widgets.origin).host}/widget` });
  expect(setters.widget_chips!.full).toContain(`in the frame ${widgets.origin}/widget`);
}

/** The JSON report the popup exports for its tab, as the export button asks the background for it. */
async function exportedReport(popup: Page): Promise<{ cookies: { name: string; setBy: Record<string, unknown> | null }[]; evidence: unknown }> {
  const file = await popup.evaluate(async () => {
    const api = ((globalThis as { browser?: typeof chrome }).browser ?? chrome) as typeof chrome;
    const asked = new URLSearchParams(location.search).get('tab');
    const tabId = asked ? Number(asked) : (await api.tabs.query({ active: true, currentWindow: true }))[0]!.id!;
    return api.runtime.sendMessage({ type: 'popup/report', tabId, format: 'json' }) as Promise<{ ok: boolean; text: string }>;
  });
  return JSON.parse(file.text);
}

/** The JSON report names each setter as the popup does: the kind, the address and the page. */
async function expectReport(popup: Page, { cdn, portal }: Portals) {
  const report = await exportedReport(popup);
  const setBy = (name: string) => report.cookies.find((c) => c.name === name)?.setBy;
  expect(setBy('_evid_trk')).toMatchObject({ how: 'document.cookie', url: `${cdn.origin}/evidence-tracker.js`, page: portal.url });
  expect(setBy('ods_visit')).toMatchObject({ how: 'response', url: `${portal.origin}/api/explore/v2.1/visits`, page: portal.url });
  expect(report.evidence).toEqual({ responses: true, scripts: true });
}

/** A copy of a test build as a user installs it: webRequest optional, asked in the click that starts the visit. */
function withOptionalWebRequest(build: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ods-optional-'));
  cpSync(build, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions = manifest.permissions.filter((p: string) => p !== 'webRequest');
  manifest.optional_permissions = [...new Set([...(manifest.optional_permissions ?? []), 'webRequest'])];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('Chromium: who set each cookie when webRequest is granted at the first Fresh visit, in the same session', { timeout: 90_000 }, () => {
  let chromium: Chromium;
  let portals: Portals;
  let dir: string;
  beforeAll(async () => {
    portals = await startPortals('grant');
    dir = withOptionalWebRequest('dist/e2e-chrome');
    chromium = await launchChromium(dir);
  });
  afterAll(async () => {
    await chromium?.close();
    await Promise.all(Object.values(portals ?? {}).map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the responses from the moment the permission is granted, without a restart', async () => {
    expect(await chromium.worker.evaluate('chrome.permissions.contains({ permissions: ["webRequest"] })')).toBe(false);
    const page = await chromium.browser.newPage();
    await page.goto(portals.portal.url, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    await freshVisit(popup);
    expect(await chromium.worker.evaluate('chrome.permissions.contains({ permissions: ["webRequest"] })')).toBe(true);
    expectSetters(await settersIn(popup), portals);
    await lightAndDark(popup, 'popup-run-time-grant');
  });
});

const VALUES = [...Object.values(EVIDENCE_VALUES), ...STANDARD_COOKIES.map((c) => c.value), 'c-1902'].filter((v) => v.length >= 5);

describe('Chromium: who set each cookie, after a Fresh visit', { timeout: 90_000 }, () => {
  let chromium: Chromium;
  let portals: Portals;
  beforeAll(async () => {
    portals = await startPortals('cr');
    chromium = await launchChromium('dist/e2e-chrome');
  });
  afterAll(async () => {
    await chromium?.close();
    await Promise.all(Object.values(portals ?? {}).map((p) => p.close()));
  });

  it('names the response, the script and the frame behind each cookie, with no value shown', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(portals.portal.url, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    await freshVisit(popup);
    expectSetters(await settersIn(popup), portals);
    await expectReport(popup, portals);
    const text = await popup.$eval('body', (b) => b.textContent ?? '');
    for (const value of VALUES) expect(text).not.toContain(value);
    // The full address on demand, for the README's picture.
    await popup.click('li.row[data-name="_evid_trk"] details.set-by summary');
    const row = await popup.$('li.row[data-name="_evid_trk"]');
    await row!.screenshot({ path: new URL('../../test-results/popup-set-by.png', import.meta.url).pathname });
    // The page hook is gone once the visit is over: a later load of the page runs without it.
    const scripts = await chromium.worker.evaluate('chrome.scripting.getRegisteredContentScripts()');
    expect(scripts).toEqual([]);
  });
});

describe.each(FIREFOXES)('Firefox $version: who set each cookie, after a Fresh visit', ({ path, version }) => {
  let firefox: Firefox;
  let portals: Portals;
  beforeAll(async () => {
    portals = await startPortals(`ff${version.split('.')[0]}`);
    firefox = await launchFirefox('dist/e2e-firefox', path);
  }, 60_000);
  afterAll(async () => {
    await firefox?.close();
    await Promise.all(Object.values(portals ?? {}).map((p) => p.close()));
  });

  it('names the response, the script and the frame behind each cookie, with no value shown', { timeout: 90_000 }, async () => {
    const page = await firefox.browser.newPage();
    await page.goto(portals.portal.url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 500));
    const popup = await openPopupFor(firefox, portals.portal.url);
    await freshVisit(popup);
    expectSetters(await settersIn(popup), portals);
    await expectReport(popup, portals);
    const text = await popup.$eval('body', (b) => b.textContent ?? '');
    for (const value of VALUES) expect(text).not.toContain(value);
  });
});

// Firefox asks nothing for an optional permission with this pref off (as Mozilla's own tests run):
// the click on Fresh visit is the grant, and the visit it starts must see the responses.
describe.each(FIREFOXES)('Firefox $version: who set each cookie when webRequest is granted at the first Fresh visit', ({ path, version }) => {
  let firefox: Firefox;
  let portals: Portals;
  let dir: string;
  beforeAll(async () => {
    portals = await startPortals(`grant-ff${version.split('.')[0]}`);
    dir = withOptionalWebRequest('dist/e2e-firefox');
    firefox = await launchFirefox(dir, path, { prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
  }, 60_000);
  afterAll(async () => {
    await firefox?.close();
    await Promise.all(Object.values(portals ?? {}).map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the responses from the moment the permission is granted, without a restart', { timeout: 90_000 }, async () => {
    const page = await firefox.browser.newPage();
    await page.goto(portals.portal.url, { waitUntil: 'load' });
    const popup = await openPopupFor(firefox, portals.portal.url);
    const granted = () => popup.evaluate(() => (globalThis as unknown as { browser: { permissions: { contains(p: object): Promise<boolean> } } }).browser.permissions.contains({ permissions: ['webRequest'] }));
    expect(await granted()).toBe(false);
    await freshVisit(popup);
    expect(await granted()).toBe(true);
    expectSetters(await settersIn(popup), portals);
    await expectReport(popup, portals);
  });
});
