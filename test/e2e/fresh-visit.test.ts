// The fresh visit's failure path in a real Chromium: a cookie the browser will not take back is
// named in the popup (never its value) and kept aside; "Try again" puts it back once it can.
// A browser of its own: the refusal is staged by wrapping cookies.set before the extension first
// uses it (the polyfill binds the function on first use).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { type Chromium, launchChromium, openPopup } from './chromium-harness.ts';
import { seriousViolations, waitForAudit } from './popup-page.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

describe('Chromium: a fresh visit whose restore the browser refuses', { timeout: 60_000 }, () => {
  let chromium: Chromium;
  let portal: DemoPortal;

  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'refuse.localhost' });
    chromium = await launchChromium('dist/e2e-chrome');
  });
  afterAll(async () => {
    await chromium?.close();
    await portal?.close();
  });

  const jar = () => chromium.worker.evaluate(`chrome.cookies.getAll({ domain: 'refuse.localhost' }).then((all) => all.map(({ name, value, httpOnly, sameSite, hostOnly, path, secure }) => ({ name, value, httpOnly, sameSite, hostOnly, path, secure })).sort((a, b) => a.name.localeCompare(b.name)))`) as Promise<{ name: string; value: string }[]>;

  it('names the cookie, keeps it aside, and puts it back on "Try again"', async () => {
    // Until the test says otherwise, the browser refuses to set a cookie named sessionid.
    await chromium.worker.evaluate(`(() => {
      globalThis.refused = new Set(['sessionid']);
      for (const api of [chrome, globalThis.browser].filter(Boolean)) {
        const real = api.cookies.set.bind(api.cookies);
        api.cookies.set = (details) => (globalThis.refused.has(details.name) ? Promise.reject(new Error('refused by the test')) : real(details));
      }
    })()`);
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 300));
    const before = await jar();
    const secret = before.find((c) => c.name === 'sessionid')!.value;
    expect(secret).toBeTruthy();

    const popup = await openPopup(chromium, page);
    await waitForAudit(popup);
    await popup.click('#fresh-visit');
    await popup.click('#fresh-visit-confirm');
    await popup.waitForSelector('[data-restore-failed]', { timeout: 30_000 });
    const note = await popup.$eval('[data-restore-failed]', (e) => (e as HTMLElement).innerText);
    expect(note).toContain('1 of your cookies could not be put back');
    expect(note).toContain('sessionid');
    expect(await popup.$eval('body', (e) => (e as HTMLElement).innerText)).not.toContain(secret);
    // The audit is there, and says it is a fresh visit: the restore failure does not hide it.
    expect(await popup.$eval('[data-fresh-visit]', (e) => e.textContent)).not.toContain('put back');
    await popup.screenshot({ path: new URL('popup-restore-failed.png', artifacts).pathname });
    expect(await seriousViolations(popup, axeSource)).toEqual([]);
    // A gap in the jar, not the fresh visit's sessionid under the user's name.
    expect((await jar()).filter((c) => c.name === 'sessionid')).toEqual([]);

    await chromium.worker.evaluate('globalThis.refused.clear()');
    await popup.click('#restore-retry');
    await popup.waitForFunction(() => !document.querySelector('[data-restore-failed]') && !document.querySelector('[aria-busy="true"]'), { timeout: 20_000 });
    expect(await jar()).toEqual(before);
    expect(await chromium.worker.evaluate(`chrome.storage.session.get(null).then((all) => Object.keys(all).filter((k) => k.startsWith('fresh-visit')))`)).toEqual([]);
  });
});
