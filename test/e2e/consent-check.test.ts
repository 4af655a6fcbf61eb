// "Check consent" in the real popup, in Chromium: the three states in the current tab through the
// portal's own banner, the user's cookies set aside and put back, the matrix as the result.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { CHROMIUM, type Chromium, launchChromium, openPopup } from './chromium-harness.ts';
import { launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { readConsentMatrix, seriousViolations, verdictInReach, waitForAudit, waitUntil } from './popup-page.ts';

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

  /** The portal in a tab of its own, the popup opened on it, and Check consent confirmed (in `browser`, the suite's by default). */
  async function checkConsentOn(url: string, browser: Chromium = chromium) {
    const page = await browser.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const popup = await openPopup(browser, page);
    await waitForAudit(popup);
    await popup.click('#check-consent');
    await popup.click('#check-consent-confirm');
    return { page, popup };
  }

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
    // Each finding says what cures it: a consent defect in the consent manager that was driven, never by declaring the tracker.
    const remedy = await popup.$eval('#consent-matrix [data-finding="tracker-after-refusal"] .remedy', (e) => e.textContent);
    expect(remedy).toMatch(/^What to do: Stop this tag when the visitor refuses: load it only from Opendatasoft once its service is accepted/);
    // The list under the matrix is the home page before any choice, recorded through the runner:
    // each cookie says what set it, the tracker a script, the CSRF token the portal's response.
    const setBy = await popup.$$eval('li.row[data-name] details.set-by', (ds) => Object.fromEntries(ds.map((d) => [d.closest('li')!.getAttribute('data-name'), d.getAttribute('data-set-by')])));
    expect(setBy).toMatchObject({ _ga: 'document.cookie', csrftoken: 'response' });
    // In a popup of the browser's largest size (600 px high), the verdict and Export are in reach without scrolling.
    await popup.setViewport({ width: 460, height: 600 });
    expect(await verdictInReach(popup)).toBe(true);
    await popup.screenshot({ path: new URL('popup-consent-check.png', artifacts).pathname });
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await popup.screenshot({ path: new URL('popup-consent-check-dark.png', artifacts).pathname });
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(await seriousViolations(popup, axeSource)).toEqual([]);
    expect(await jar()).toEqual(before);
  });

  it('keeps the matrix and who set each cookie in every export made after the audit that follows (the user\'s cookies put back, a cookie change, Audit again)', async () => {
    const portal = await startDemoPortal({ host: 'export-later.localhost', policy: 'consent', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences'), consent: { behaviour: 'faulty', buttons: true } });
    try {
      const { page, popup } = await checkConsentOn(portal.url);
      await readConsentMatrix(popup);
      const tabId = await chromium.worker.evaluate(async (url: string) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? -1, portal.url);
      const exported = async () => JSON.parse(((await popup.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/report', tabId: id, format: 'json' }), tabId)) as { text: string }).text);
      const right = await exported();
      // What used to drop the matrix: a later audit of the jar, from a cookie change and from "Audit again".
      await chromium.worker.evaluate(`chrome.cookies.set({ url: '${portal.origin}/', name: 'later_change', value: 'x' })`);
      await popup.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'popup/refresh', tabId: id }), tabId);
      const later = await exported();
      expect(later.auditedAt > right.auditedAt).toBe(true);
      expect(later.cookies.map((c: { name: string }) => c.name)).toContain('later_change');
      expect(later.journeys?.rows.map((r: { name: string }) => r.name)).toEqual(right.journeys.rows.map((r: { name: string }) => r.name));
      expect(later.visitTakenAt).toBe(right.auditedAt);
      expect(later.evidence).toEqual(right.evidence);
      expect(later.cookies.find((c: { name: string }) => c.name === '_ga')?.setBy?.how).toBe('document.cookie');
      // Reopened, the popup still shows the matrix.
      await popup.close();
      const again = await openPopup(chromium, page);
      await waitForAudit(again);
      expect(Object.keys(await readConsentMatrix(again))).toContain('_ga');
      await again.close();
      await page.close();
    } finally {
      await portal.close();
    }
  });

  it('gives the matrix `scan --journeys --pages 1` gives on the same portal: one runner, two drivers', async () => {
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');
    const same = await startDemoPortal({ host: 'same.localhost', policy: 'consent', cookies, consent: { behaviour: 'faulty', buttons: false } });
    try {
      const { page, popup } = await checkConsentOn(same.url);
      const fromPopup = await readConsentMatrix(popup);
      const reachedInPopup = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((i) => [i.getAttribute('data-state'), i.getAttribute('data-reached'), i.getAttribute('data-via')]));
      await popup.close();
      await page.close();

      const out = mkdtempSync(join(tmpdir(), 'ods-same-'));
      // Asynchronously: the portal answers from this process.
      const scanned = await promisify(execFile)(process.execPath, ['bin/ods-cookie-audit.mjs', 'scan', same.url, '--journeys', '--pages', '1', '--timeout', '20', '--format', 'json', '--out', out], { env: { ...process.env, CI: 'true' } }).catch((e: { stdout: string; stderr: string }) => e);
      expect(scanned.stdout + scanned.stderr).toContain('consent manager: Opendatasoft');
      const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
      const states = ['no-choice', 'refuse-all', 'accept-all'];
      const fromScan = Object.fromEntries(report.journeys.rows.map((r: { name: string; firstSeen: Record<string, string | null> }) => [r.name, states.map((st) => (r.firstSeen[st] ? '●' : '–'))]));
      expect(fromPopup).toEqual(fromScan);
      expect(reachedInPopup).toEqual(report.journeys.states.slice(1).map((st: { state: string; reached: boolean; via?: string }) => [st.state, String(st.reached), st.via ?? '']));
      expect(fromPopup['_ga']).toEqual(['●', '●', '●']);
    } finally {
      await same.close();
    }
  });

  it('clicks nothing that leaves the page, and never reads the other site the control points to', async () => {
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
    const elsewhere = await startDemoPortal({ host: 'elsewhere-popup.localhost', cookies: [{ name: 'elsewhere_tracker', value: 'x', via: 'header' }] });
    const offsite = await startDemoPortal({ host: 'offsite-popup.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'offsite', elsewhere: elsewhere.url } });
    const form = await startDemoPortal({ host: 'form-popup.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'form' } });
    try {
      for (const portal of [offsite, form]) {
        const { page, popup } = await checkConsentOn(portal.url);
        await readConsentMatrix(popup);
        const refuse = await popup.$eval('#consent-matrix .consent-states li[data-state="refuse-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
        expect(refuse[0]).toBe('false');
        expect(refuse[1]).toContain('the control would leave the page');
        expect(await popup.evaluate(() => document.body.innerText)).not.toContain('elsewhere_tracker');
        expect(page.url()).toBe(portal.url);
        await popup.close();
        await page.close();
      }
      expect(elsewhere.requested).toEqual([]);
      expect(form.requested.filter((r) => r.includes('/account/'))).toEqual([]);
      expect(offsite.requested.filter((r) => r.includes('/download/'))).toEqual([]);
    } finally {
      await Promise.all([elsewhere.close(), offsite.close(), form.close()]);
    }
  });

  it('lets the browser refuse what a page sends, opens or navigates to behind its consent control (beacon, form POST, ping, a window, timers, a link in a shadow root or an SVG, an href swapped during the click, a page that disarms guards of its own world), and never calls that state reached', { timeout: 300_000 }, async () => {
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
    // 127.0.0.2: a site the test build was never granted, which the browser's rules refuse all the same.
    const elsewhere = await startDemoPortal({ host: '127.0.0.2' });
    const portals = await Promise.all((['beacon', 'form-post', 'timer', 'timer-elsewhere', 'shadow-link', 'href-swap', 'svg-link', 'ping', 'guard-off', 'window-open'] as const).map((hostile) => startDemoPortal({ host: `${hostile}-popup.localhost`, policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile, elsewhere: elsewhere.url } })));
    try {
      for (const portal of portals) {
        let { page, popup } = await checkConsentOn(portal.url);
        // A window the page opens moves the focus, and the browser may close the popup; the check
        // goes on in the background, and opens the popup again, with its matrix, once it is over.
        const first = popup.target();
        await Promise.race([readConsentMatrix(popup).catch(() => undefined), new Promise((resolve) => popup.once('close', resolve))]);
        if (popup.isClosed()) {
          const again = await chromium.browser.waitForTarget((t) => t !== first && t.url().endsWith('/popup/popup.html'), { timeout: 0 });
          popup = (await again.asPage())!;
          await readConsentMatrix(popup);
        }
        // The window's tab took the front, which closes a popup: the matrix came in the one opened again.
        if (portal.url.includes('window-open')) expect(popup.target()).not.toBe(first);
        const refuse = await popup.$eval('#consent-matrix .consent-states li[data-state="refuse-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
        // The timer fires 4 s after the click, once this state was audited: refused all the same, below.
        if (!portal.url.includes('timer-')) {
          expect(refuse[0], `${portal.url}: ${refuse[1]}`).toBe('false');
          expect(refuse[1], portal.url).toMatch(/would leave the page|the page tried to/);
        }
        const accept = await popup.$eval('#consent-matrix .consent-states li[data-state="accept-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
        expect(accept[0], `${portal.url}: ${accept[1]}`).toBe('true');
        // Nothing that changes something reached the portal: no POST, no /account/ address.
        expect(portal.requested.filter((r) => r.startsWith('POST') || r.includes('/account/')), portal.url).toEqual([]);
        await popup.close();
        await page.close();
      }
      // A page sent elsewhere 4 s after the click, or a window opened there (this test browser lets
      // pages open windows, as a user who allowed them for the portal does), never reached the other
      // site, and the window was closed.
      expect(elsewhere.requested).toEqual([]);
      expect((await chromium.browser.pages()).map((p) => p.url()).filter((u) => u.startsWith(elsewhere.origin) || u.startsWith('chrome-error:'))).toEqual([]);
      // The rules are gone with the check: the tab is the user's again.
      expect(await chromium.worker.evaluate('chrome.declarativeNetRequest.getSessionRules().then((r) => r.length)')).toBe(0);
    } finally {
      await Promise.all([elsewhere, ...portals].map((p) => p.close()));
    }
  });

  it('names a window the popup blocker stopped, as a user\'s browser has it on: the state not reached, no tab opened, nothing asked of the other site', async () => {
    // Puppeteer turns the blocker off; this browser keeps it, as every user's does.
    const blocking = await launchWithExtension({ executablePath: CHROMIUM, extensionDir: 'dist/e2e-chrome', popupBlocker: true });
    const elsewhere = await startDemoPortal({ host: '127.0.0.2' });
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
    const portal = await startDemoPortal({ host: 'blocked-window-popup.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'window-open', elsewhere: elsewhere.url } });
    try {
      const { popup } = await checkConsentOn(portal.url, blocking);
      await readConsentMatrix(popup);
      const states = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((li) => [li.getAttribute('data-state'), li.getAttribute('data-reached'), (li as HTMLElement).innerText]));
      // Only « Tout refuser » opens a window; the acceptance after it is its own state, reached.
      expect(states.map(([state, reached]) => [state, reached]), JSON.stringify(states)).toEqual([['refuse-all', 'false'], ['accept-all', 'true']]);
      expect(states[0]![2]).toMatch(/would leave the page \(a new window/);
      // The popup stayed open: no tab took the front; the blocker opened nothing.
      expect(popup.isClosed()).toBe(false);
      expect((await blocking.browser.pages()).map((p) => p.url()).filter((u) => !u.startsWith('chrome-extension:') && u !== 'about:blank')).toEqual([portal.url]);
      expect(elsewhere.requested).toEqual([]);
    } finally {
      await blocking.close();
      await Promise.all([elsewhere.close(), portal.close()]);
    }
  });

  it('reaches the acceptance whose tracker sends a hit to another site (tarteaucitron, sendBeacon): observed, never refused', async () => {
    const analytics = await startDemoPortal({ host: 'analytics-popup.localhost', portal: false });
    const policyText = ['Fournisseur\tNom du cookie\tFinalité', 'Opendatasoft\tcsrftoken\tSécurité', 'Google\t_ga*\tMesure d\'audience', 'Le site\ttarteaucitron\tVos choix'].join('\n');
    const portal = await startDemoPortal({ host: 'tac-hit-popup.localhost', policyText, cookies: DEMO_COOKIES.filter((c) => c.name === 'csrftoken'), siteConsent: { manager: 'tarteaucitron', hitOnAccept: `${analytics.origin}/g/collect` } });
    try {
      const { page, popup } = await checkConsentOn(portal.url);
      await readConsentMatrix(popup);
      const states = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((li) => [li.getAttribute('data-state'), li.getAttribute('data-reached'), (li as HTMLElement).innerText]));
      expect(states.map(([state, reached]) => [state, reached]), JSON.stringify(states)).toEqual([['refuse-all', 'true'], ['accept-all', 'true']]);
      // After acceptance only: at the click, and on the next view with the choice recorded.
      expect(analytics.requested.filter((r) => r.startsWith('POST /g/collect'))).toHaveLength(2);
      await popup.close();
      await page.close();
    } finally {
      await Promise.all([analytics.close(), portal.close()]);
    }
  });

  it("offers to set the choice directly when the dialog cannot be driven, and says so in the matrix", async () => {
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
    // The modal never shows and its own control opens nothing: no state can be reached through it.
    const closed = await startDemoPortal({ host: 'closed-dialog.localhost', policy: 'consent', cookies, consent: { behaviour: 'correct', buttons: true, hostile: 'outside' } });
    try {
      const { popup } = await checkConsentOn(closed.url);
      await readConsentMatrix(popup);
      const states = () => popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((i) => [i.getAttribute('data-state'), i.getAttribute('data-reached'), i.getAttribute('data-via')]));
      expect(await states()).toEqual([['refuse-all', 'false', ''], ['accept-all', 'false', '']]);
      await popup.click('#check-consent-direct');
      await waitUntil(popup, () => document.querySelector('#consent-matrix .consent-states li[data-state="refuse-all"]')?.getAttribute('data-via') === 'direct', undefined, 60_000);
      expect(await states()).toEqual([['refuse-all', 'true', 'direct'], ['accept-all', 'true', 'direct']]);
      expect(await popup.$eval('#consent-matrix', (e) => (e as HTMLElement).innerText)).toContain("choice set directly, not through the portal's dialog");
      // Matomo waits for the recorded acceptance: set directly, it loads.
      expect((await readConsentMatrix(popup))['_pk_id.3.a1b2']).toEqual(['–', '–', '●']);
      expect(closed.requested.filter((r) => r.includes('/account/'))).toEqual([]);
    } finally {
      await closed.close();
    }
  });

  it('drives the site\'s own consent manager in the tab: Orejime (DSFR), vanilla-cookieconsent 3, and those known only from autoconsent rules (vanilla-cookieconsent 2, Didomi)', { timeout: 240_000 }, async () => {
    const policyText = ['Fournisseur\tNom du cookie\tFinalité', 'Opendatasoft\tcsrftoken\tSécurité', 'Google\t_ga*\tMesure d\'audience', 'Le site\teu-consent\tVos choix', 'Le site\tcc_cookie\tVos choix', 'Didomi\tdidomi_token\tVos choix'].join('\n');
    const cookies = DEMO_COOKIES.filter((c) => c.name === 'csrftoken');
    const cases = [
      { manager: 'orejime', faulty: false, label: 'Orejime' },
      { manager: 'cookieconsent', faulty: false, label: 'vanilla-cookieconsent' },
      { manager: 'cookieconsent2', faulty: false, label: 'cookieconsent2 (autoconsent rule)' },
      { manager: 'didomi', faulty: true, label: 'didomi (autoconsent rule)' },
    ] as const;
    const portals: DemoPortal[] = await Promise.all(cases.map((c) => startDemoPortal({ host: `tab-${c.manager.toLowerCase()}.localhost`, policyText, cookies, siteConsent: { manager: c.manager, faulty: c.faulty, lang: 'fr' } })));
    try {
      for (const [i, c] of cases.entries()) {
        const { page, popup } = await checkConsentOn(portals[i]!.url);
        const matrix = await readConsentMatrix(popup);
        const states = await popup.$$eval('#consent-matrix .consent-states li', (items) => items.map((li) => [li.getAttribute('data-state'), li.getAttribute('data-reached'), li.getAttribute('data-via')]));
        expect(states, `${c.manager}: ${await popup.$eval('#consent-matrix', (e) => (e as HTMLElement).innerText)}`).toEqual([['refuse-all', 'true', 'dialog'], ['accept-all', 'true', 'dialog']]);
        expect(await popup.$eval('#consent-matrix [data-managers]', (e) => e.textContent)).toContain(c.label);
        // The tracker the manager holds back shows only once accepted; the faulty page's own tag whatever the choice.
        expect(matrix['_ga'], c.manager).toEqual(['–', '–', '●']);
        if (c.faulty) expect(matrix['_gid']).toEqual(['●', '●', '●']);
        const findings = await popup.$$eval('#consent-matrix [data-finding]', (items) => items.map((f) => f.getAttribute('data-finding')));
        expect(findings.includes('tracker-after-refusal'), c.manager).toBe(c.faulty);
        expect(findings).not.toContain('no-consent-control');
        await popup.close();
        await page.close();
      }
      // Where a rule needs the manager's page script, the state is named as not reached, and no
      // direct record is offered: none is known for a manager known only from its rule.
      const noDisagree = await startDemoPortal({ host: 'tab-didominodisagree.localhost', policyText, cookies, siteConsent: { manager: 'didomiNoDisagree' } });
      portals.push(noDisagree);
      const { popup } = await checkConsentOn(noDisagree.url);
      await readConsentMatrix(popup);
      const refuse = await popup.$eval('#consent-matrix .consent-states li[data-state="refuse-all"]', (li) => [li.getAttribute('data-reached'), (li as HTMLElement).innerText]);
      expect(refuse[0]).toBe('false');
      expect(refuse[1]).toContain("needs a step that runs the manager's page script (EVAL_DIDOMI_OPT_OUT)");
      expect(await popup.$('#check-consent-direct')).toBeNull();
    } finally {
      await Promise.all(portals.map((p) => p.close()));
    }
  });
});
