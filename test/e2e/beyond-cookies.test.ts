// Trackers that set no cookie, in the popup (issue #33): a portal run by the real tarteaucitron.js
// whose page sends a GA4 hit by sendBeacon and loads Hotjar's script (identifiers in web storage);
// the tracker hosts answer on 127.0.0.1 under their real names over HTTPS (src/demo/tracker-hosts.ts).
// After *Check consent*, the popup shows them per state in Chromium and in Firefox, as the scan does;
// after *Fresh visit*, the visit's own list. The extension needs no new permission for it.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { GA_CLIENT_ID, type TrackerHosts } from '../../src/demo/tracker-hosts.ts';
import { launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { chromiumWrapper, startTestTrackerHosts } from '../fakes/tracker-browser.ts';
import { CHROMIUM, type Chromium, openPopup } from './chromium-harness.ts';
import { FIREFOXES, type Firefox, checkConsentIn, launchFirefox } from './firefox-harness.ts';
import { readBeyondMatrix, readConsentMatrix, waitForAudit, waitUntil } from './popup-page.ts';

const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

const policyText = [
  'Fournisseur\tNom du cookie\tFinalité',
  'Opendatasoft\tcsrftoken\tSécurité',
  'Google\t_ga*\tMesure d\'audience',
  'Le site\ttarteaucitron\tVos choix',
].join('\n');

let hosts: TrackerHosts;
const portals: Partial<Record<string, DemoPortal>> = {};
const portal = async (name: string, cookieless: 'every-load' | 'consent') => (portals[name] ??= await startDemoPortal({ host: `${name}.localhost`, policyText, cookies: DEMO_COOKIES.filter((c) => c.name === 'csrftoken'), siteConsent: { manager: 'tarteaucitron', cookieless } }));

beforeAll(async () => {
  hosts = await startTestTrackerHosts();
});
afterAll(async () => {
  await Promise.all([hosts?.close(), ...Object.values(portals).map((p) => p?.close())]);
});

describe('Chromium: trackers beyond cookies in the popup', { timeout: 120_000 }, () => {
  let chromium: Chromium;
  beforeAll(async () => {
    // The same wrapper a scan takes: Chromium with the tracker hosts' switches.
    chromium = await launchWithExtension({ executablePath: chromiumWrapper(CHROMIUM, hosts), extensionDir: 'dist/e2e-chrome' });
  });
  afterAll(async () => {
    await chromium?.close();
  });

  it('after Check consent, Google Analytics and the Hotjar keys read in the refusal column of the faulty portal, with their findings', async () => {
    const faulty = await portal('beyond-popup-faulty', 'every-load');
    const page = await chromium.browser.newPage();
    await page.goto(faulty.url, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    await waitForAudit(popup);
    await popup.click('#check-consent');
    await popup.click('#check-consent-confirm');
    await readConsentMatrix(popup);
    const beyond = await readBeyondMatrix(popup);
    expect(beyond['storage:_hjSessionUser_3712']).toEqual(['●', '●', '●']);
    expect(beyond['storage:_hjSession_3712']).toEqual(['●', '●', '●']);
    expect(Number(beyond['organisation:Google Analytics']?.[1])).toBeGreaterThan(0);
    expect(Number(beyond['organisation:Hotjar']?.[1])).toBeGreaterThan(0);
    const findings = await popup.$$eval('#consent-matrix [data-finding]', (items) => items.map((i) => i.getAttribute('data-finding')));
    expect(findings).toEqual(expect.arrayContaining(['request-after-refusal', 'storage-after-refusal', 'undeclared-third-party']));
    // Hotjar is named nowhere in the policy; Google Analytics is (its provider, its cookies).
    const undeclared = await popup.$$eval('#beyond-cookies tr.undeclared[data-organisation]', (rows) => rows.map((r) => r.getAttribute('data-organisation')));
    expect(undeclared).toEqual(['Hotjar']);
    expect(await popup.content()).not.toContain(GA_CLIENT_ID);
    await popup.$eval('#beyond-cookies', (e) => e.scrollIntoView());
    await popup.screenshot({ path: new URL('popup-beyond-cookies.png', artifacts).pathname });
    // The export carries the same, never a value.
    const tabId = await chromium.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? -1, faulty.url);
    const report = (await popup.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/report', tabId: id, format: 'json' }), tabId)) as { ok: boolean; text: string };
    expect(report.ok).toBe(true);
    expect(report.text).not.toContain(GA_CLIENT_ID);
    expect(JSON.parse(report.text).journeys.organisationRows.map((o: { organisation: string }) => o.organisation)).toEqual(expect.arrayContaining(['Google Analytics', 'Hotjar']));
    await popup.close();
    await page.close();
  });

  it('after Fresh visit, the visit lists the keys Hotjar stored and the organisations reached, without a permission of its own', async () => {
    const faulty = await portal('beyond-fresh', 'every-load');
    const page = await chromium.browser.newPage();
    await page.goto(faulty.url, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    await waitForAudit(popup);
    await popup.click('#fresh-visit');
    await popup.click('#fresh-visit-confirm');
    await waitUntil(popup, () => !!document.querySelector('#beyond-cookies [data-storage]'), undefined, 60_000);
    const storage = await popup.$$eval('#beyond-cookies [data-storage]', (items) => items.map((i) => `${i.getAttribute('data-area')} ${i.getAttribute('data-storage')}`));
    expect(storage).toEqual(expect.arrayContaining(['localStorage _hjSessionUser_3712', 'sessionStorage _hjSession_3712']));
    const organisations = await popup.$$eval('#beyond-cookies [data-organisation]', (items) => items.map((i) => i.getAttribute('data-organisation')));
    expect(organisations).toEqual(expect.arrayContaining(['Google Analytics', 'Hotjar']));
    expect(await popup.content()).not.toContain(GA_CLIENT_ID);
    await popup.$eval('#beyond-cookies', (e) => e.scrollIntoView());
    await popup.screenshot({ path: new URL('popup-beyond-fresh-visit.png', artifacts).pathname });
    await popup.close();
    await page.close();
  });
});

describe.each(FIREFOXES)('Firefox $version: trackers beyond cookies after Check consent', { timeout: 150_000 }, ({ path, version }) => {
  let firefox: Firefox;
  beforeAll(async () => {
    firefox = await launchFirefox('dist/e2e-firefox', path, { network: { proxyAutoConfig: hosts.proxyAutoConfig() } });
  });
  afterAll(async () => {
    await firefox?.close();
  });
  /** The portal in a tab, Check consent confirmed in the popup's page, and the rows beyond cookies read. */
  const checkConsent = async (url: string) => {
    const popup = await checkConsentIn(firefox, url);
    await readConsentMatrix(popup);
    return { popup, beyond: await readBeyondMatrix(popup) };
  };

  it('shows Google Analytics and the Hotjar keys in the refusal column of the faulty portal', async () => {
    const { popup, beyond } = await checkConsent((await portal('beyond-ff-faulty', 'every-load')).url);
    expect(beyond['storage:_hjSessionUser_3712']?.[1]).toBe('●');
    expect(beyond['storage:_hjSession_3712']?.[1]).toBe('●');
    expect(Number(beyond['organisation:Google Analytics']?.[1])).toBeGreaterThan(0);
    expect(Number(beyond['organisation:Hotjar']?.[1])).toBeGreaterThan(0);
    expect(await popup.content()).not.toContain(GA_CLIENT_ID);
    await popup.$eval('#beyond-cookies', (e) => e.scrollIntoView());
    await popup.screenshot({ path: new URL(`popup-firefox-${version}-beyond-cookies.png`, artifacts).pathname });
  });

  it('shows them only in the acceptance column of the correct portal', async () => {
    const { beyond } = await checkConsent((await portal('beyond-ff-correct', 'consent')).url);
    expect(beyond['storage:_hjSessionUser_3712']).toEqual(['–', '–', '●']);
    expect(beyond['organisation:Google Analytics']?.slice(0, 2)).toEqual(['–', '–']);
    expect(Number(beyond['organisation:Google Analytics']?.[2])).toBeGreaterThan(0);
  });
});
