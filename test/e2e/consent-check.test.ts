// "Check consent" in the real popup, in Chromium: the three states in the current tab through the
// portal's own banner, the user's cookies set aside and put back, the matrix as the result.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { type Chromium, launchChromium, openPopup } from './chromium-harness.ts';
import { readConsentMatrix, seriousViolations, waitForAudit } from './popup-page.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

describe('Chromium: Check consent in the popup', { timeout: 90_000 }, () => {
  let chromium: Chromium;
  let faulty: DemoPortal;

  beforeAll(async () => {
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');
    faulty = await startDemoPortal({ host: 'consent.localhost', policy: 'consent', cookies, consent: { behaviour: 'faulty', buttons: true } });
    chromium = await launchChromium('dist/e2e-chrome');
  });
  afterAll(async () => {
    await chromium?.close();
    await faulty?.close();
  });

  const jar = () => chromium.worker.evaluate(`chrome.cookies.getAll({ domain: 'consent.localhost' }).then((all) => all.map(({ name, value, httpOnly, expirationDate }) => ({ name, value, httpOnly, expires: Math.round(expirationDate ?? 0) })).sort((a, b) => a.name.localeCompare(b.name)))`);

  it('shows each cookie against the three states and the findings, and puts the user\'s cookies back', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(faulty.url, { waitUntil: 'load' });
    // The user accepted everything on an earlier visit and is logged in.
    await page.evaluate(() => void document.querySelector<HTMLButtonElement>('[data-all="true"]')?.click());
    await chromium.worker.evaluate(`chrome.cookies.set({ url: '${faulty.origin}/', name: 'sessionid', value: 'login-7f3a', httpOnly: true, expirationDate: ${Math.round(Date.now() / 1000) + 86400} })`);
    await new Promise((r) => setTimeout(r, 300));
    const before = await jar();
    expect((before as { name: string }[]).map((c) => c.name)).toEqual(expect.arrayContaining(['cookies_preferences', 'sessionid', '_pk_id.3.a1b2']));

    const popup = await openPopup(chromium, page);
    await waitForAudit(popup);
    await popup.click('#check-consent');
    await popup.click('#check-consent-confirm');
    const matrix = await readConsentMatrix(popup);
    expect(matrix['_ga']).toEqual(['●', '●', '●']);
    expect(matrix['_pk_id.3.a1b2']).toEqual(['–', '–', '●']);
    const findings = await popup.$$eval('#consent-matrix [data-finding]', (items) => items.map((i) => i.getAttribute('data-finding')));
    expect(findings.slice(0, 2)).toEqual(['tracker-after-refusal', 'tracker-before-consent']);
    await popup.screenshot({ path: new URL('popup-consent-check.png', artifacts).pathname });
    expect(await seriousViolations(popup, axeSource)).toEqual([]);
    expect(await jar()).toEqual(before);
  });
});
