// A visit's primitives on a puppeteer page (src/core/visit/first-visit.ts says in which order, and
// how long): what the portal stored set aside, the page loaded, the network quiet. The journeys'
// browser is one worker's alone, so it forgets every cookie; the plain scan's browser serves two
// portals at once, so it forgets the cookies this portal's pages would be sent and leaves the
// others (an earlier portal's third-party cookies read as "set before this visit").
import type { HTTPResponse, Page } from 'puppeteer-core';
import { VISIT_TIMING, type LoadOutcome, type VisitDriver } from '../core/visit/first-visit.ts';

const STORAGE = 'local_storage,session_storage,indexeddb,cache_storage,service_workers';

export interface PageVisit extends VisitDriver {
  /** The last load's main response (its status), when there was one. */
  response(): HTTPResponse | null | undefined;
  /** Why the last load failed, as the browser said it (`net::ERR_CONNECTION_REFUSED`, a timeout). */
  failure(): string | undefined;
}

export function pageVisit(page: Page, portalUrl: string, options: { pageTimeoutMs: number; wholeBrowser: boolean }): PageVisit {
  const origin = new URL(portalUrl).origin;
  let last: HTTPResponse | null | undefined;
  let failure: string | undefined;
  // A page's time covers its load and its quiet: a page that never goes quiet is audited when it is up.
  let loadStarted = Date.now();
  return {
    async clean() {
      const cdp = await page.createCDPSession();
      try {
        if (options.wholeBrowser) await cdp.send('Network.clearBrowserCookies');
        else {
          const { cookies } = await cdp.send('Network.getCookies', { urls: [portalUrl] });
          for (const c of cookies) await cdp.send('Network.deleteCookies', { name: c.name, domain: c.domain, path: c.path });
        }
        await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: STORAGE }).catch(() => undefined);
      } finally {
        await cdp.detach().catch(() => undefined);
      }
    },
    async load(url): Promise<LoadOutcome> {
      if (page.isClosed()) return 'closed';
      loadStarted = Date.now();
      failure = undefined;
      try {
        last = await page.goto(url, { waitUntil: 'load', timeout: options.pageTimeoutMs });
        return 'complete';
      } catch (error) {
        // A timeout, or a load that failed: either way the page is named as not loaded.
        last = undefined;
        failure = (error as Error).message.split('\n')[0];
        return page.isClosed() ? 'closed' : 'timeout';
      }
    },
    async quiet(capMs) {
      const left = options.pageTimeoutMs - (Date.now() - loadStarted);
      const timeout = Math.min(capMs, left);
      if (timeout > 0) await page.waitForNetworkIdle({ idleTime: VISIT_TIMING.quietIdleMs, timeout }).catch(() => undefined);
    },
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    response: () => last,
    failure: () => failure,
  };
}
