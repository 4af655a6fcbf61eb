// "Check consent" in the tab: the three states one after the other, each from a jar emptied as a
// first visitor's, through the portal's own modal, the choice checked in cookies_preferences, then
// the tab audited. Runs inside the fresh visit's transaction (the user's jar set aside meanwhile).
import { readCookieJar } from '../browser/cookie-jar.ts';
import { removeDetails } from '../browser/cookie-writes.ts';
import { type JourneyRun, JOURNEY_STATES, choiceNotRecorded } from '../core/consent/consent-matrix.ts';
import type { TabAudit } from '../messages.ts';
import type { AuditorDeps } from './tab-auditor.ts';

type Deps = AuditorDeps & Required<Pick<AuditorDeps, 'reloadTab' | 'chooseConsent' | 'cookieWriter'>>;

export function consentStatesInTab(deps: Deps, tabId: number, host: string, storeId: string | undefined, settleMs: number, audit: () => Promise<TabAudit>) {
  const store = storeId ? { storeId } : {};
  const jar = () => readCookieJar(deps.cookies, { host, ...store });
  const result: { run: () => Promise<JourneyRun[] | undefined>; stop?: 'tab-closed' | 'left-portal'; base?: TabAudit } = {
    async run() {
      const runs: JourneyRun[] = [];
      for (const [i, state] of JOURNEY_STATES.entries()) {
        await deps.session.set(`consent-progress:${tabId}`, { state, step: i + 1, of: JOURNEY_STATES.length });
        // Each journey starts as a first visit: whatever the previous one left goes.
        await Promise.allSettled((await jar()).map((c) => deps.cookieWriter.remove(removeDetails(c))));
        const reload = await deps.reloadTab(tabId);
        if (reload === 'closed') return void (result.stop = 'tab-closed');
        await deps.settle?.(settleMs);
        const now = await deps.getTab(tabId);
        if (!now?.url || new URL(now.url).hostname !== host) return void (result.stop = now ? 'left-portal' : 'tab-closed');
        let reached = true;
        let how = 'arrived and touched nothing';
        if (state !== 'no-choice') {
          ({ reached, how } = await deps.chooseConsent(tabId, state));
          if (reached) {
            // A state counts only once the platform recorded the choice.
            await deps.settle?.(500);
            const missed = choiceNotRecorded(state, (await jar()).find((c) => c.name === 'cookies_preferences')?.value);
            if (missed) [reached, how] = [false, `${how}, but ${missed}`];
            await deps.settle?.(settleMs);
          }
        }
        const audited = await audit();
        if (state === 'no-choice') result.base = audited;
        runs.push({ state, reached, how, pages: [{ url: now.url, timedOut: reload === 'timeout', ...(audited.kind === 'ready' ? { audit: audited.audit } : {}) }] });
      }
      return runs;
    },
  };
  return result;
}
