// While the auditor acts on a page (from its click until the state is audited), the browser itself
// refuses what would change something, whatever the page's scripts do or say of themselves: a
// top-frame navigation anywhere but a reload of the page or a load the auditor asked for, a request
// other than GET to the portal's own site (a form, a ping, a fetch), a window the page opens. Tracker
// hits to third parties are observed, not blocked. Puppeteer's request interception (the DevTools
// protocol's Fetch domain) holds each request until it is let go, so a refused one never leaves the
// browser. The first refusal is kept: the state it happened in is "not reached".
import type { CDPSession, HTTPRequest, Page } from 'puppeteer-core';
import { guardRefusal } from '../core/visit/guard-rules.ts';
import type { Refusal } from '../core/vocabulary/consent.ts';

export interface ChoiceGuard {
  /** From now on (a click is about to be made), refuse. */
  arm(): Promise<void>;
  /** The auditor loads `url` itself: its navigation passes. */
  expect(url: string): void;
  /** The first refusal since `arm`. */
  refused(): Refusal | undefined;
  /** The portal's journeys are over: let everything through again. */
  disarm(): Promise<void>;
}

export function choiceGuard(page: Page, portalUrl: string): ChoiceGuard {
  let armed = false;
  let expected: string | undefined;
  let refusal: Refusal | undefined;
  // The same verdict the extension's tab rules give (src/core/visit/guard-rules.ts): the page shown, and the auditor's next load, pass.
  const onRequest = (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const type = request.isNavigationRequest() && request.frame() === page.mainFrame() ? 'main_frame' : 'other';
    const refused = armed ? guardRefusal(portalUrl, [page.url(), ...(expected ? [expected] : [])], { url: request.url(), method: request.method(), type }) : undefined;
    if (refused) {
      refusal ??= refused;
      void request.abort('blockedbyclient').catch(() => undefined);
    } else void request.continue().catch(() => undefined);
  };
  // A window the page opened (the popup blocker is on, and the driver's clicks carry no user
  // activation; one that still opens is closed by the browser guard before it loads anything of use).
  const onPopup = (popup: Page | null) => {
    if (!armed) return;
    refusal ??= { danger: 'popup', ...(popup ? { detail: popup.url() } : {}) };
    void popup?.close().catch(() => undefined);
  };
  let intercepting = false;
  // A window.open the popup blocker refused opens no page: the DevTools protocol still tells of it.
  let windows: CDPSession | undefined;
  const onWindowOpen = (event: { url: string }) => {
    if (armed) refusal ??= { danger: 'popup', detail: event.url };
  };
  return {
    async arm() {
      refusal = undefined;
      expected = undefined;
      armed = true;
      if (!intercepting) {
        intercepting = true;
        page.on('request', onRequest);
        page.on('popup', onPopup);
        await page.setRequestInterception(true);
      }
      if (!windows) {
        windows = await page.createCDPSession();
        windows.on('Page.windowOpen', onWindowOpen);
        await windows.send('Page.enable').catch(() => undefined);
      }
    },
    expect(url) {
      expected = url;
    },
    refused: () => refusal,
    async disarm() {
      armed = false;
      if (!intercepting) return;
      intercepting = false;
      // Interception off first: a request still held is let go, never left hanging.
      await page.setRequestInterception(false).catch(() => undefined);
      page.off('request', onRequest);
      page.off('popup', onPopup);
      const session = windows;
      windows = undefined;
      await session?.detach().catch(() => undefined);
    },
  };
}
