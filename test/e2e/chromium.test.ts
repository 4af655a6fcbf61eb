// The built extension in Debian's headless Chromium, against local portals: what a user sees when
// they click the toolbar button.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { type Chromium, badgeText, launchChromium, openPopup } from './chromium-harness.ts';
import { lightAndDark, readPopup, rowText, seriousViolations, waitForAudit } from './popup-page.ts';
import { tabIdOf } from '../../src/scan/launch-chromium.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function visit(chromium: Chromium, url: string): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await settle();
  return page;
}

async function auditInPopup(chromium: Chromium, page: Page): Promise<Page> {
  const popup = await openPopup(chromium, page);
  await waitForAudit(popup);
  return popup;
}

describe('Chromium: the popup on a local portal', { timeout: 60_000 }, () => {
  let chromium: Chromium;
  let portal: DemoPortal;
  let statistics: DemoPortal;
  let noPolicy: DemoPortal;
  let blog: DemoPortal;
  const downloads = mkdtempSync(join(tmpdir(), 'ods-downloads-'));

  beforeAll(async () => {
    [portal, statistics, noPolicy, blog] = await Promise.all([
      startDemoPortal(),
      startDemoPortal({ policy: 'statistics', host: 'stats.localhost' }),
      startDemoPortal({ policy: 'missing', host: 'localhost' }),
      startDemoPortal({ portal: false, host: 'blog.localhost', cookies: [{ name: 'tracker', value: 't', via: 'script' }] }),
    ]);
    chromium = await launchChromium('dist/e2e-chrome', 'en-US', downloads);
  });
  afterAll(async () => {
    await chromium?.close();
    await Promise.all([portal, statistics, noPolicy, blog].map((p) => p?.close()));
  });

  it('reads the page the tab rendered: the portal page is never fetched a second time', async () => {
    const live = await startDemoPortal({ host: 'live.localhost' });
    try {
      const page = await visit(chromium, live.url);
      const popup = await auditInPopup(chromium, page);
      expect((await readPopup(popup)).sourceLink).toBe(`${live.origin}/terms/cookies-policy/`);
      expect(live.requested.filter((r) => r.startsWith('GET /explore/'))).toEqual(['GET /explore/ [navigate]']);
      expect(await popup.evaluate(() => document.body.innerText)).not.toContain('second fetch');
      await popup.close();
      await page.close();
    } finally {
      await live.close();
    }
  });

  it("shows undeclared, declared and missing cookies against the portal's own policy, and badges the count", async () => {
    const page = await visit(chromium, portal.url);
    const popup = await auditInPopup(chromium, page);
    const view = await readPopup(popup);

    expect(view.host).toBe('127.0.0.1');
    expect(view.sourceLink).toBe(`${portal.origin}/terms/cookies-policy/`);
    expect(view.counts).toEqual({ bad: 2, good: 4, neutral: 1 });
    expect(view.undeclared).toEqual(['_ga', 'tracker']);
    expect(view.declared).toEqual(['_BEAMER_USER_ID_x1', 'csrftoken', 'django_language', 'sessionid']);
    expect(view.missing).toEqual(['cookies_preferences']);

    expect(await rowText(popup, 'declared', '_BEAMER_USER_ID_x1')).toContain('matches _BEAMER*');
    const session = await rowText(popup, 'declared', 'sessionid');
    expect(session).toContain('HttpOnly');
    expect(session).toContain("Opendatasoft · Authentification (front et back office) — Se souvenir de l'utilisateur d'une page à une autre.");
    expect(session).toMatch(/expires in (1|2) weeks?/);
    expect(await rowText(popup, 'declared', 'django_language')).toContain('session cookie');
    const ga = await rowText(popup, 'undeclared', '_ga');
    expect(ga).toMatch(/first party[\s\S]*expires in 1 year/);
    // Compliance flags and the explanation of an undeclared cookie (issue 7's checks).
    expect(ga).toContain('⚠ Lifetime over 13 months');
    expect(ga).toContain('⚠ Tracker set before the visitor made any consent choice');
    expect(ga).toContain('Likely Google Analytics (Analytics): ID used to identify users');
    expect(await popup.$eval('.consent', (e) => e.textContent)).toContain('No consent choice recorded yet');
    expect(await rowText(popup, 'undeclared', 'tracker')).not.toContain('⚠');
    expect(await rowText(popup, 'missing', 'cookies_preferences')).toContain('Normally set after a cookie consent choice.');

    // Values never reach the popup.
    expect(view.text).not.toContain('secret-session-7f3a9c');
    expect(view.text).not.toContain('GA1.1.1234567890');

    expect(await badgeText(chromium, portal.origin)).toBe('2');
    // The two visit actions side by side, in line: same top, same height.
    const actions = await popup.$$eval('#fresh-visit, #check-consent', (buttons) => buttons.map((b) => [Math.round(b.getBoundingClientRect().top), Math.round(b.getBoundingClientRect().height)]));
    expect(actions).toHaveLength(2);
    expect(actions[0]).toEqual(actions[1]);

    expect(await seriousViolations(popup, axeSource)).toEqual([]);
    await popup.screenshot({ path: new URL('popup-chromium-light.png', artifacts).pathname });
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await seriousViolations(popup, axeSource)).toEqual([]);
    await popup.screenshot({ path: new URL('popup-chromium-dark.png', artifacts).pathname });

    // The filter box narrows every group; the keyboard reaches it.
    await popup.focus('#filter');
    await popup.keyboard.type('beamer');
    const filtered = await readPopup(popup);
    expect([filtered.undeclared, filtered.declared, filtered.missing]).toEqual([[], ['_BEAMER_USER_ID_x1'], []]);
    await popup.close();
  });

  it('exports the audit from the popup: files saved through the downloads API, Markdown copied', async () => {
    const cdp = await chromium.browser.target().createCDPSession();
    await cdp.send('Browser.grantPermissions', { origin: `chrome-extension://${chromium.extensionId}`, permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
    const page = await visit(chromium, portal.url);
    const popup = await auditInPopup(chromium, page);

    const saved = async (format: string, extension: string) => {
      await popup.click(`button[data-format="${format}"]`);
      // The status of the previous export stays until this one's arrives: wait for this file's name.
      await popup.waitForFunction((ext: string) => /Saved to your downloads: .*\.(\w+)$/.exec(document.querySelector('.export [role="status"]')?.textContent ?? '')?.[1] === ext, { timeout: 10_000 }, extension);
      const status = await popup.$eval('.export [role="status"]', (e) => e.textContent!);
      const name = /cookie-audit_127\.0\.0\.1_\d{8}-\d{4}\.\w+/.exec(status)![0];
      expect(name.endsWith(`.${extension}`)).toBe(true);
      const file = join(downloads, name);
      for (let i = 0; i < 50 && !existsSync(file); i++) await settle(100);
      return readFileSync(file, 'utf8');
    };
    const html = await saved('html', 'html');
    expect(html).toContain('<h1>Cookie audit: 127.0.0.1</h1>');
    expect(html).toMatch(/<section id="undeclared"><h2>Undeclared \(2\)<\/h2>/);
    const csv = await saved('csv', 'csv');
    expect(csv.startsWith('\ufeffVerdict,Cookie,Domain')).toBe(true);
    expect(csv).toMatch(/\r\nundeclared,tracker,127\.0\.0\.1,\/,first,/);
    // The compliance flags travel into the report, per cookie.
    expect(csv).toMatch(/\r\nundeclared,_ga,127\.0\.0\.1,[^\r]*,lifetime-over-13-months set-before-consent\r\n/);
    expect(html).toContain('⚠ Lifetime over 13 months');
    for (const text of [html, csv]) {
      expect(text).not.toContain('secret-session-7f3a9c');
      expect(text).not.toContain('csrf-token-value-b81e');
    }
    expect(readdirSync(downloads).length).toBe(2);

    await popup.click('button[data-copy="md"]');
    await popup.waitForFunction(() => document.querySelector('.export [role="status"]')?.textContent === 'Copied to the clipboard.', { timeout: 10_000 });
    const copied = await popup.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^# Cookie audit: 127\.0\.0\.1/);
    await popup.close();
  });

  it("audits against the catalogue a user pastes on the options page, and the portal's own again after a reset", async () => {
    const options = await chromium.browser.newPage();
    await options.goto(`chrome-extension://${chromium.extensionId}/options/options.html?origin=${encodeURIComponent(portal.origin)}`);
    await options.waitForSelector('#pasted');
    const policy = ['Nom du cookie\tFinalité', 'sessionid\tSession', 'csrftoken\tCSRF', 'django_language\tLangue', '_BEAMER*\tNotifications', '_ga, tracker\tMesure d\'audience'].join('\n');
    await options.$eval('#pasted', (area, text) => {
      (area as HTMLTextAreaElement).value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, policy);
    await options.click('#read-pasted');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('Read 6 entries'));
    expect(await options.$$eval('table.entries tbody tr', (rows) => rows.length)).toBe(6);
    expect(await seriousViolations(options, axeSource)).toEqual([]);
    // What the pasted policy drops of the catalogue in force (the portal's) is said first; saved on the second click.
    await options.click('#save');
    await options.waitForFunction(() => /^(Saved|Saving removes)/.test(document.querySelector('[role="status"], [role="alert"]')?.textContent ?? ''));
    if (await options.$('[role="alert"]')) await options.click('#save');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Saved'));

    // Bad input is refused with a reason and changes nothing.
    const bad = join(tmpdir(), 'not-a-catalogue.json');
    writeFileSync(bad, '{"entries": [{"pattern": "has space"}]}');
    await (await options.$('input#import'))!.uploadFile(bad);
    await options.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent?.includes('Nothing was changed'));
    expect(await options.$eval('[role="alert"]', (e) => e.textContent)).toContain('"has space" is not a cookie name');

    const overridden = await readPopup(await auditInPopup(chromium, await visit(chromium, portal.url)));
    expect(overridden.undeclared).toEqual([]);
    expect(overridden.declared).toEqual(['_BEAMER_USER_ID_x1', '_ga', 'csrftoken', 'django_language', 'sessionid', 'tracker']);
    expect(overridden.source).toContain('Catalogue you set for this portal (pasted policy');
    expect(await badgeText(chromium, portal.origin)).toBe('');

    await options.bringToFront();
    await options.click('#reset');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Reset'));
    const again = await readPopup(await auditInPopup(chromium, await visit(chromium, portal.url)));
    expect(again.undeclared).toEqual(['_ga', 'tracker']);
    expect(again.sourceLink).toBe(`${portal.origin}/terms/cookies-policy/`);
    await options.close();
  });

  it('opens the editor on the catalogue in force and saves a one-row edit as an edit: the other rows stay, a removal is shown before it is saved', async () => {
    // The portal's policy, read by an audit: what the editor must open on.
    expect((await readPopup(await auditInPopup(chromium, await visit(chromium, portal.url)))).undeclared).toEqual(['_ga', 'tracker']);
    const options = await chromium.browser.newPage();
    await options.goto(`chrome-extension://${chromium.extensionId}/options/options.html?origin=${encodeURIComponent(portal.origin)}`);
    await options.waitForSelector('#in-force[data-from="portal"]');
    const names = () => options.$$eval('table.entries tbody tr td:first-child input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const policy = await names();
    expect(policy).toEqual(expect.arrayContaining(['sessionid', 'csrftoken', 'django_language']));
    expect(await options.$eval('#in-force', (e) => e.textContent)).toContain(`read from the portal's policy (${policy.length} entries)`);
    // One row added, nothing else touched.
    const add = await options.$$('fieldset .row button');
    for (const button of add) if ((await button.evaluate((b) => b.textContent)) === 'Add an entry') await button.click();
    const last = `table.entries tbody tr:last-child td:first-child input`;
    await options.waitForSelector(last);
    await options.type(last, '_ga');
    await options.click('#save');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Saved'));
    await lightAndDark(options, 'options-one-row-edit');
    const edited = await readPopup(await auditInPopup(chromium, await visit(chromium, portal.url)));
    expect(edited.undeclared).toEqual(['tracker']);
    expect(edited.declared).toEqual(expect.arrayContaining(['_ga', 'csrftoken', 'django_language', 'sessionid']));
    // The date of the edit, for people, in the popup's header.
    expect(edited.source).toMatch(/Catalogue you set for this portal \(edited entries, \d{1,2} \w+ \d{4} at \d{2}:\d{2}\)/);
    // A removal is said before it is saved, and saved on the second click.
    await options.bringToFront();
    await options.click('table.entries tbody tr:first-child td:last-child button');
    await options.click('#save');
    await options.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent?.startsWith('Saving removes 1 entry'));
    expect(await options.$eval('[role="alert"]', (e) => e.textContent)).toContain(policy[0]!);
    await options.click('#save');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Saved'));
    await options.click('#reset');
    await options.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Reset'));
    await options.close();
  });

  it("audits the cookies of the other sites the page loaded, partitioned ones included", async () => {
    const widget = await startDemoPortal({ host: 'widgets.localhost' });
    const host = await startDemoPortal({ host: 'embedding.localhost', embed: `${widget.origin}/widget`, cookies: [] });
    try {
      const page = await visit(chromium, host.url);
      const popup = await auditInPopup(chromium, page);
      const view = await readPopup(popup);
      // Chromium blocks the widget's unpartitioned third-party cookie, and keeps its CHIPS one.
      expect(view.undeclared).toEqual(['widget_chips']);
      const row = await rowText(popup, 'undeclared', 'widget_chips');
      expect(row).toContain('third party');
      expect(row).toContain(`partitioned under http://embedding.localhost`);
      expect(await popup.$eval('#third-party', (e) => (e as HTMLElement).innerText)).toMatch(/widgets\.localhost\s+1 cookie$/m);
    } finally {
      await host.close();
      await widget.close();
    }
  });

  /** Every cookie of the local portal, each field a restore could get wrong. */
  const jar = () => chromium.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: { cookies: { getAll(d: object): Promise<{ name: string; value: string; httpOnly: boolean; sameSite: string; expirationDate?: number; hostOnly: boolean }[]> } } }).chrome;
      return (await api.cookies.getAll({ domain: '127.0.0.1' })).map(({ name, value, httpOnly, sameSite, expirationDate, hostOnly }) => ({ name, value, httpOnly, sameSite, expires: Math.round(expirationDate ?? 0), hostOnly })).sort((a, b) => a.name.localeCompare(b.name));
    });
  /** The fresh visit's journal: the jars set aside in storage.session. */
  const setAside = () => chromium.worker.evaluate(async () => Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('fresh-visit:')));
  const until = async (check: () => Promise<boolean> | boolean, ms = 15_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await settle(100)) if (await check()) return;
    throw new Error(`not reached in ${ms} ms`);
  };

  it("audits a fresh visit, then puts the user's cookies back exactly", async () => {
    const expiry = Math.round(Date.now() / 1000) + 30 * 86400;
    await chromium.worker.evaluate(async (url: string, expirationDate: number) => {
      const api = (globalThis as unknown as { chrome: { cookies: { set(d: object): Promise<unknown> } } }).chrome;
      await api.cookies.set({ url, name: 'user_pref', value: 'keep-me', httpOnly: true, sameSite: 'strict', expirationDate });
    }, `${portal.origin}/`, expiry);
    const page = await visit(chromium, portal.url);
    const popup = await auditInPopup(chromium, page);
    // Read after the visit: loading the page renewed the portal's own cookies' expiry.
    const before = await jar();
    expect(before.find((c) => c.name === 'user_pref')).toMatchObject({ value: 'keep-me', httpOnly: true, sameSite: 'strict', expires: expiry });
    expect((await readPopup(popup)).undeclared).toContain('user_pref');
    await popup.click('#fresh-visit');
    await popup.click('#fresh-visit-confirm');
    await popup.waitForSelector('[data-fresh-visit]', { timeout: 30_000 });
    const fresh = await readPopup(popup);
    // A first-time visitor gets the portal's own cookies, not the user's preference cookie.
    expect(fresh.undeclared).toEqual(['_ga', 'tracker']);
    expect(fresh.declared).toEqual(['_BEAMER_USER_ID_x1', 'csrftoken', 'django_language', 'sessionid']);
    expect(await jar()).toEqual(before);
    await popup.close();
  });

  it("puts the user's cookies back when the portal's tab is closed while the fresh visit waits for the reload", async () => {
    const page = await visit(chromium, portal.url);
    const popup = await auditInPopup(chromium, page);
    const before = await jar();
    expect(before.map((c) => c.name)).toContain('sessionid');
    portal.setPageDelay(60_000);
    try {
      const served = portal.pageRequests;
      await popup.click('#fresh-visit');
      await popup.click('#fresh-visit-confirm');
      await until(() => portal.pageRequests > served);
      // The reload hangs: the jar is set aside in storage.session and emptied in the browser.
      expect(await setAside()).toHaveLength(1);
      expect(await jar()).toEqual([]);
      await page.close();
      await until(async () => (await setAside()).length === 0);
      expect(await jar()).toEqual(before);
    } finally {
      portal.setPageDelay(0);
    }
  });

  it('recognises and badges portals whatever their theme: DSFR, Huwise-branded, and a bare page only the API confirms', async () => {
    const themes = [['dsfr', 'staticfileset-assets'], ['huwise', 'platform-logo'], ['bare', 'api-confirmed']] as const;
    const themed = await Promise.all(themes.map(([theme]) => startDemoPortal({ theme, host: `${theme}.localhost` })));
    try {
      for (const [i, [theme, expected]] of themes.entries()) {
        const demo = themed[i]!;
        const page = await visit(chromium, demo.url);
        const popup = await auditInPopup(chromium, page);
        const view = await readPopup(popup);
        expect(view.sourceLink, theme).toBe(`${demo.origin}/terms/cookies-policy/${theme === 'bare' ? '?flg=fr' : ''}`);
        expect(view.undeclared, theme).toEqual(['_ga', 'tracker']);
        expect(await popup.$eval('[data-signals]', (e) => e.getAttribute('data-signals')), theme).toContain(expected);
        expect(await badgeText(chromium, demo.origin), theme).toBe('2');
        await popup.close();
        await page.close();
      }
    } finally {
      await Promise.all(themed.map((p) => p.close()));
    }
  });

  it('takes cookies declared in a statistics section (_ga*) as declared', async () => {
    const page = await visit(chromium, statistics.url);
    const view = await readPopup(await auditInPopup(chromium, page));
    expect(view.undeclared).toEqual(['tracker']);
    expect(view.declared).toContain('_ga');
    expect(view.missing).toEqual(['cookies_preferences', '_gid']);

    // The visitor refuses Google Analytics in the portal's banner: _ga is now set despite a refusal.
    const refusal = encodeURIComponent(JSON.stringify({ functional_cookies: true, ga: false, timestamp: Math.round(Date.now() / 1000) }));
    await page.evaluate((value: string) => void (document.cookie = `cookies_preferences=${value}; path=/; max-age=15552000`), refusal);
    const popup = await auditInPopup(chromium, page);
    await popup.click('.actions button'); // Audit again
    await popup.waitForFunction(() => document.querySelector('#declared li.row[data-name="_ga"]')?.textContent?.includes('refused'), { timeout: 10_000 });
    const ga = await rowText(popup, 'declared', '_ga');
    expect(ga).toContain('⚠ Tracker set although the visitor refused it');
    expect(ga).not.toContain('before the visitor made any consent choice');
    expect(await popup.$eval('.consent', (e) => e.textContent)).toContain('functional_cookies ✓, ga ✗');
  });

  it('falls back to the default catalogue and says why when the policy answers 404', async () => {
    const page = await visit(chromium, noPolicy.url);
    const view = await readPopup(await auditInPopup(chromium, page));
    expect(view.source).toContain('Compared with the embedded Opendatasoft default catalogue:');
    expect(view.source).toContain("the portal's cookie policy could not be fetched.");
    expect(view.source).toContain('HTTP 404');
    expect(view.undeclared).toEqual(['_ga', 'tracker']);
  });

  it('says when a page is not a portal, audits it against the default, and sets no badge', async () => {
    const page = await visit(chromium, blog.url);
    const view = await readPopup(await auditInPopup(chromium, page));
    expect(view.text).toContain('This page does not look like an Opendatasoft portal.');
    expect(view.undeclared).toEqual(['tracker']);
    expect(await badgeText(chromium, blog.origin)).toBe('');
  });

  it('gives a clear message on a browser page instead of a blank popup', async () => {
    const page = await visit(chromium, 'chrome://version/');
    const popup = await auditInPopup(chromium, page);
    expect(await popup.$eval('h1', (e) => e.textContent)).toBe("This page can't be audited");
  });
});

describe('Chromium: the shipped build asks for access first', { timeout: 60_000 }, () => {
  it('reads nothing and says so until the user opens it on the page and allows access', async () => {
    const portal = await startDemoPortal();
    const chromium = await launchChromium('dist/chrome');
    try {
      const page = await visit(chromium, portal.url);
      const popup = await auditInPopup(chromium, page);
      // Opened by a script, not a click, so even activeTab is not granted: the address stays hidden.
      expect(await popup.$eval('h1', (e) => e.textContent)).toBe("This page can't be audited");
      await page.bringToFront();
      expect(await badgeText(chromium)).toBe('');
    } finally {
      await chromium.close();
      await portal.close();
    }
  });
});

describe('Chromium: French interface', { timeout: 60_000 }, () => {
  it('speaks French when the browser does', async () => {
    const portal = await startDemoPortal();
    const chromium = await launchChromium('dist/e2e-chrome', 'fr');
    try {
      const popup = await auditInPopup(chromium, await visit(chromium, portal.url));
      const view = await readPopup(popup);
      expect(view.text).toContain('Non déclarés');
      expect(view.text).toContain('Déclarés et présents');
      expect(await rowText(popup, 'missing', 'cookies_preferences')).toContain('Normalement déposé après un choix de consentement aux cookies.');
      await lightAndDark(popup, 'popup-chromium-fr');
    } finally {
      await chromium.close();
      await portal.close();
    }
  });

  it('speaks one language per output when the browser\'s interface is English and the add-on\'s words French: the popup and its reports in French', async () => {
    const portal = await startDemoPortal();
    // Chromium then gives getUILanguage() "en-US" and the add-on's French messages.
    const chromium = await launchChromium('dist/e2e-chrome', 'fr', undefined, 'en_US');
    try {
      expect(await chromium.worker.evaluate('[chrome.i18n.getUILanguage(), chrome.i18n.getMessage("language")]')).toEqual(['en-US', 'fr']);
      const page = await visit(chromium, portal.url);
      const popup = await auditInPopup(chromium, page);
      const text = (await readPopup(popup)).text;
      expect(text).toContain('Non déclarés');
      // Durations too: « expire dans 1 an », never « 1 year ».
      expect(text).toMatch(/expire dans \d+ (an|mois|jour)/);
      expect(text).not.toMatch(/\d+ (years?|months?|days?|hours?)\b/);
      const tabId = await tabIdOf(chromium, page);
      const report = await popup.evaluate((tabId) => chrome.runtime.sendMessage({ type: 'popup/report', tabId, format: 'md' }), tabId!) as { ok: true; text: string };
      expect(report.text).toMatch(/^# Audit des cookies/m);
      for (const english of ['Cookie audit', 'Undeclared', 'Declared', 'expires in', ' year']) expect(report.text).not.toContain(english);
      await lightAndDark(popup, 'popup-chromium-fr-in-english-browser');
    } finally {
      await chromium.close();
      await portal.close();
    }
  });
});
