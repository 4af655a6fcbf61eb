// The extension's own requests for a portal on a public host never reach a private address, even
// through a redirect the browser follows by itself (fetch() hides its target from the code): the
// browser's rule refuses the hop before it is sent. The portal is on a public name, resolved to
// 127.0.0.1 by the test's browser; its policy address answers 302 to 127.0.0.2. Firefox installs the
// same rules; no Firefox counterpart runs: there, the add-on's own fetches to a public name mapped to
// loopback (a proxy auto-config, or network.dns.forceResolve) fail before reaching the server, rules
// or not, so such a test could not tell the rules' work from the mapping's failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { extensionGranting, launchWithExtension } from '../../src/scan/launch-chromium.ts';
import { CHROMIUM, type Chromium, openPopup } from './chromium-harness.ts';
import { readPopup, waitForAudit } from './popup-page.ts';
import { PRIVATE_ADDRESS_URLS } from '../../src/net/private-address-rule.ts';
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
