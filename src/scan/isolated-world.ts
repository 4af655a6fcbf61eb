// The scan's world for the in-page consent driver: a CDP isolated world in the page's main frame,
// as the extension's executeScript has, so that a hostile page can neither call the driver nor
// change the DOM methods it uses (its own globals and prototypes are another world's). One world
// per document: a navigation destroys it, and the next request makes a new one, where the driver
// is absent until injected again.
import type { CDPSession, Page } from 'puppeteer-core';
import { ABSENT, type PageWorld } from '../core/consent/driver-client.ts';
import { DRIVER_GLOBAL, type DriverRequest } from '../core/consent/driver-protocol.ts';

const WORLD = 'ods-cookie-audit';

/** `source`: the driver's bundle as the extension ships it (page/consent-driver.js). */
export function isolatedWorld(page: Page, source: string): PageWorld & { dispose(): Promise<void> } {
  let session: Promise<CDPSession> | undefined;
  let context: Promise<number> | undefined;
  const cdp = () => (session ??= page.createCDPSession());
  const contextId = () => (context ??= (async () => {
    const client = await cdp();
    const { frameTree } = await client.send('Page.getFrameTree');
    const { executionContextId } = await client.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: WORLD, grantUniveralAccess: false });
    return executionContextId;
  })());
  /** Evaluates `expression` in this document's world; a world a navigation destroyed is made anew, once. */
  const evaluate = async (expression: string): Promise<unknown> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const client = await cdp();
        const { result, exceptionDetails } = await client.send('Runtime.evaluate', { expression, contextId: await contextId(), awaitPromise: true, returnByValue: true });
        if (exceptionDetails) return undefined;
        return result.value;
      } catch {
        context = undefined; // the document changed: its world went with it
        if (page.isClosed()) return undefined;
      }
    }
    return undefined;
  };
  return {
    send: (request: DriverRequest) => evaluate(`(() => { const d = globalThis[${JSON.stringify(DRIVER_GLOBAL)}]; return d ? d.call(${JSON.stringify(request)}) : ${JSON.stringify(ABSENT)}; })()`),
    inject: async () => (await evaluate(`${source}\n;true`)) === true,
    async dispose() {
      const client = await session?.catch(() => undefined);
      await client?.detach().catch(() => undefined);
    },
  };
}
