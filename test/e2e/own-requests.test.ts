// The extension's own requests for a portal on a public host never reach a private address, even
// through a redirect the browser follows by itself (fetch() hides its target from the code): the
// browser's rule refuses the hop before it is sent. The portal is on a public name, resolved to
// 127.0.0.1 by the test's browser; its policy address answers 302 to 127.0.0.2. In Firefox the add-on's
// own fetches to a public name mapped to loopback (a proxy auto-config, network.dns.localDomains or
// forceResolve) fail before reaching any server, rules or not: there the same rules are checked on an
// add-on page's own fetches instead (its tab's id in place of the background's none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { extensionGranting, launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { CHROMIUM, type Chromium, openPopup } from './chromium-harness.ts';
import { readPopup, waitForAudit } from './popup-page.ts';
import { FIREFOXES, launchFirefox, openAddonPage } from './firefox-harness.ts';
import { PRIVATE_ADDRESS_URLS, ownRequestsRules } from '../../src/net/private-address-rule.ts';
import { originsFor } from '../../src/core/audit/party.ts';

const PUBLIC_NAME = 'data.portal-public.example';

describe('Chromium: the extension\'s own requests for a public portal', { timeout: 90_000 }, () => {
  let privateHost: DemoPortal;
  let portal: DemoPortal;
  let chromium: Chromium;
  let granted: { dir: string; dispose(): void };

  beforeAll(async () => {
    privateHost = await startDemoPortal({ host: '127.0.0.2' });
    portal = await startDemoPortal({ host: PUBLIC_NAME, policyRedirect: `${privateHost.origin}/terms/cookies-policy/` });
    granted = extensionGranting('dist/e2e-chrome', originsFor(PUBLIC_NAME));
    const port = new URL(portal.origin).port;
    chromium = await launchWithExtension({ executablePath: CHROMIUM, extensionDir: granted.dir, args: [`--host-resolver-rules=MAP ${PUBLIC_NAME}:${port} 127.0.0.1:${port}`] });
  });
  afterAll(async () => {
    await chromium?.close();
    granted?.dispose();
    await Promise.all([portal, privateHost].map((p) => p?.close()));
  });

  it('never sends the redirect hop to a private address: the policy is said unreadable, the audit goes on', async () => {
    for (const regex of PRIVATE_ADDRESS_URLS) expect(await chromium.worker.evaluate((regex) => (chrome as unknown as { declarativeNetRequest: { isRegexSupported(o: object): Promise<unknown> } }).declarativeNetRequest.isRegexSupported({ regex }), regex), regex).toEqual({ isSupported: true });
    const page = await chromium.browser.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    await waitForAudit(popup);
    const view = await readPopup(popup);
    expect(view.host, view.text).toBe(PUBLIC_NAME);
    expect(view.source).toContain('the portal\'s cookie policy could not be fetched');
    // The portal's redirect was asked; the private address never was.
    expect(portal.requested.some((r) => r.startsWith('GET /terms/cookies-policy'))).toBe(true);
    expect(privateHost.requested).toEqual([]);
    // No rule is left once the fetches are over.
    expect(await chromium.worker.evaluate('chrome.declarativeNetRequest.getSessionRules().then((r) => r.length)')).toBe(0);
  });
});

describe.each(FIREFOXES)('Firefox $version: the own-requests rules', ({ path }) => {
  let privateHost: DemoPortal;
  let granted: DemoPortal;
  let steering: DemoPortal;
  beforeAll(async () => {
    privateHost = await startDemoPortal({ host: '127.0.0.2' });
    granted = await startDemoPortal({ host: 'own-requests-ff.localhost' });
    steering = await startDemoPortal({ host: 'steering-ff.localhost', policyRedirect: `${privateHost.origin}/terms/cookies-policy/` });
  });
  afterAll(async () => {
    await Promise.all([privateHost, granted, steering].map((p) => p?.close()));
  });

  it('are taken by Firefox and refuse an extension\'s own request to a private address, redirect hop included, and nothing else', { timeout: 60_000 }, async () => {
    const firefox = await launchFirefox('dist/e2e-firefox', path);
    try {
      const page = await openAddonPage(firefox, granted.origin);
      const results = await page.evaluate(async ({ rules, hop, direct, allowed }) => {
        const api = (globalThis as unknown as { browser: { tabs: { getCurrent(): Promise<{ id: number }> }; declarativeNetRequest: { updateSessionRules(o: object): Promise<void> } } }).browser;
        const { id } = await api.tabs.getCurrent();
        // The rules as the background installs them, for this page's tab instead of none.
        await api.declarativeNetRequest.updateSessionRules({ addRules: rules.map((r: { condition: object }) => ({ ...r, condition: { ...r.condition, tabIds: [id] } })) });
        const get = (url: string) => fetch(url, { credentials: 'omit' }).then((r) => String(r.status), () => 'refused');
        const out = { direct: await get(direct), hop: await get(hop), allowed: await get(allowed) };
        await api.declarativeNetRequest.updateSessionRules({ removeRuleIds: rules.map((r: { id: number }) => r.id) });
        return out;
        // Two private portals being read at the moment (excluded): one answers, the other redirects to 127.0.0.2.
      }, { rules: ownRequestsRules([new URL(granted.origin).hostname, new URL(steering.origin).hostname]), direct: `${privateHost.origin}/terms/cookies-policy/`, hop: `${steering.origin}/terms/cookies-policy/`, allowed: `${granted.origin}/terms/cookies-policy/` });
      expect(results).toEqual({ direct: 'refused', hop: 'refused', allowed: '200' });
      // The redirect was asked of the steering portal; nothing, direct or by the hop, reached 127.0.0.2.
      expect(steering.requested.some((r) => r.startsWith('GET /terms/cookies-policy'))).toBe(true);
      expect(privateHost.requested).toEqual([]);
    } finally {
      await firefox.close();
    }
  });
});
