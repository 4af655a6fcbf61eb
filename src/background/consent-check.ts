// *Check consent* in the tab: the journey runner (src/core/consent/journey-runner.ts) driven through
// the extension's APIs, on the page the tab shows. Runs inside the fresh visit's transaction: the
// user's cookies are set aside meanwhile and put back; so is the portal's web storage, cleared for
// each state as the scan clears it.
import { readCookieJar } from '../browser/cookie-jar.ts';
import { removeDetails } from '../browser/cookie-writes.ts';
import type { JourneyDriver } from '../core/consent/journey-runner.ts';
import type { TabAudit } from '../messages.ts';
import type { ConsentPageAnswer } from '../page/drive-consent.ts';
import { sessionKeys } from '../storage-keys.ts';
import type { AuditorDeps } from './tab-auditor.ts';

/** The portal's localStorage and sessionStorage, as the page holds them. */
export interface WebStorage { local: Record<string, string>; session: Record<string, string> }

export type TabDriverDeps = AuditorDeps & Required<Pick<AuditorDeps, 'reloadTab' | 'consentInPage' | 'cookieWriter'>>;

/**
 * The runner's driver for a tab. `audit` audits the tab as the popup does; the first audit of each
 * kind is remembered for the result. `restore()` puts the portal's web storage back as it was.
 */
export function tabDriver(deps: TabDriverDeps, tabId: number, pageUrl: string, storeId: string | undefined, audit: () => Promise<TabAudit>) {
  const host = new URL(pageUrl).hostname;
  const store = storeId ? { storeId } : {};
  const jar = () => readCookieJar(deps.cookies, { host, ...store });
  let saved: WebStorage | undefined;
  let first: TabAudit | undefined;
  const driver: JourneyDriver = {
    async clean() {
      await Promise.allSettled((await jar()).map((c) => deps.cookieWriter.remove(removeDetails(c))));
      saved ??= await deps.webStorage?.(tabId, 'take');
      await deps.webStorage?.(tabId, 'clear');
    },
    load: (url) => deps.reloadTab(tabId, url),
    async settle(ms) {
      await deps.quiet?.(tabId);
      await deps.settle?.(ms);
    },
    async where(mark) {
      const tab = await deps.getTab(tabId);
      if (!tab?.url) return undefined;
      const answer = mark === undefined ? undefined : await deps.consentInPage(tabId, { action: 'mark' });
      return { url: tab.url, sameDocument: mark === undefined || answer?.mark === mark };
    },
    detect: async (rules) => (await deps.consentInPage(tabId, { action: 'detect', rules })) ?? {},
    async choose(rule, choice, others) {
      const answer: ConsentPageAnswer = (await deps.consentInPage(tabId, { action: 'choose', rule, choice, others })) ?? { outcome: 'not-found', how: 'scripts cannot run in this page: its consent controls could not be used' };
      return answer;
    },
    portalCookies: async () => (await jar()).map((c) => ({ name: c.name, value: c.value ?? '' })),
    async writeCookie({ name, value }) {
      try {
        return (await deps.cookieWriter.set({ url: new URL('/', pageUrl).href, name, value, path: '/', ...store })) !== null;
      } catch {
        return false;
      }
    },
    async audit() {
      const state = await audit();
      first ??= state;
      return state.kind === 'ready' ? state.audit : undefined;
    },
    progress: (state, step, of) => deps.session.set(sessionKeys.consentProgress(tabId), { state, step, of }),
  };
  return {
    driver,
    /** The tab's audit before any choice (the portal's plain verdict), once the runner made it. */
    get base() {
      return first;
    },
    async restore() {
      if (saved) await deps.webStorage?.(tabId, 'restore', saved);
    },
  };
}
