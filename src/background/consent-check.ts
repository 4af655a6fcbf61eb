// *Check consent* in the tab: the journey runner (src/core/consent/journey-runner.ts) driven through
// the extension's APIs, on the page the tab shows. Runs inside the fresh visit's transaction: the
// user's cookies are set aside meanwhile and put back; so is the portal's web storage, cleared for
// each state as the scan clears it.
import { managersOn } from '../core/consent/autoconsent/autoconsent-managers.ts';
import { consentMatrix } from '../core/consent/consent-matrix.ts';
import { consentDriverClient } from '../core/consent/driver-client.ts';
import { type JourneyDriver, runJourneys } from '../core/consent/journey-runner.ts';
import { readCookieJar, readWholeStore } from '../jar/cookie-jar.ts';
import { removeDetails } from '../jar/cookie-writes.ts';
import type { TabAudit } from '../messages.ts';
import { sessionKeys } from '../storage-keys.ts';
import { VISIT_TIMING } from '../core/visit/first-visit.ts';
import type { AuditorDeps, TabGuard, TabTransaction } from './deps.ts';
import { tabVisit } from './tab-visit.ts';
import type { TabRecording } from './evidence-recorder.ts';
import { trackerKnowledge, withHeldStorage } from './tab-trackers.ts';

/**
 * The three states in the tab, the user's cookies set aside meanwhile; `fallback`: where the
 * dialog cannot be driven, the manager's record set directly (reported as such).
 */
export async function checkConsentInTab(t: TabTransaction, tabId: number, pageUrl: string, storeId: string | undefined, fallback: boolean): Promise<TabAudit> {
  const { deps } = t;
  const host = new URL(pageUrl).hostname;
  let tabRun: ReturnType<typeof tabDriver> | undefined;
  const outcome = await t.journal.run(tabId, host, storeId, async () => {
    const recording = await t.record(tabId, pageUrl);
    tabRun = tabDriver(deps as TabDriverDeps, tabId, pageUrl, storeId, () => t.auditInside(tabId), recording);
    try {
      // autoconsent's rules are read only now, from the extension's files: the popup never waits for them.
      const managers = managersOn(pageUrl, (await deps.consentRules?.()) ?? []);
      // One page: after each choice, the page once more, as the visitor's next view with the choice recorded.
      return await runJourneys(tabRun.driver, pageUrl, { pages: 1, settleMs: VISIT_TIMING.settleMs, fallback, managers, nextView: true, known: await trackerKnowledge(deps) });
    } finally {
      await recording.stop();
      await tabRun.restore();
    }
  });
  await deps.session.remove(sessionKeys.consentProgress(tabId));
  if (!outcome) return { kind: 'busy', host };
  const { value: journeys, error, restore } = outcome;
  const base = tabRun?.base;
  if (journeys?.stop || error !== undefined) return { kind: 'fresh-visit-stopped', reason: journeys?.stop ?? 'reload-failed', host, restore };
  if (!journeys || base?.kind !== 'ready') return base && base.kind !== 'ready' ? base : { kind: 'error', message: 'Cookies a previous fresh visit set aside are still waiting to be put back.', restore };
  const consentCheck = consentMatrix(journeys.runs, { ...(base.portal.consentControl !== undefined ? { consentControl: base.portal.consentControl } : {}), managers: journeys.managers });
  // The tab's audit is the home page before any choice, with who set each cookie (the runner's).
  return t.keep(tabId, { ...base, ...(journeys.base ? { audit: journeys.base } : {}), consentCheck, ...(restore.failed.length ? { restore } : {}) });
}

export type TabDriverDeps = AuditorDeps & Required<Pick<AuditorDeps, 'reloadTab' | 'consentWorld' | 'cookieWriter'>>;

/**
 * The runner's driver for a tab. `audit` audits the tab as the popup does; the first audit of each
 * kind is remembered for the result. `restore()` puts the portal's web storage back as it was.
 */
export function tabDriver(deps: TabDriverDeps, tabId: number, pageUrl: string, storeId: string | undefined, audit: () => Promise<TabAudit>, recording?: TabRecording) {
  const host = new URL(pageUrl).hostname;
  const store = storeId ? { storeId } : {};
  const jar = () => readCookieJar(deps.cookies, { host, ...store });
  let first: TabAudit | undefined;
  let before: { name: string; domain: string }[] = [];
  const page = consentDriverClient(deps.consentWorld(tabId));
  // Armed at the first choice, kept until the check is over: the browser refuses what the page tries.
  let guard: TabGuard | undefined;
  // The windows the page asked for before this state's choice: any after it is the choice's doing.
  let windowsBefore = Infinity;
  // What the browser refused since the choice, or else a window the page asked for (one the popup
  // blocker stopped raises no browser event: only the page hook tells of it).
  const refused = () => {
    const asked = recording?.windowsAsked().slice(windowsBefore)[0];
    return guard?.refused() ?? (asked !== undefined ? { danger: 'popup' as const, detail: asked } : undefined);
  };
  const visit = tabVisit(deps, tabId, (url) => recording?.navigating(url), () => guard?.refused() !== undefined);
  const driver: JourneyDriver = {
    ...visit,
    async load(url) {
      await guard?.allow(url);
      return visit.load(url);
    },
    async clean() {
      recording?.reset();
      windowsBefore = Infinity;
      // The portal's cookies (the user's are set aside by the journal), and its web storage.
      await Promise.allSettled((await jar()).map((c) => deps.cookieWriter.remove(removeDetails(c))));
      await visit.clean();
      // Other sites' cookies stay: they were there before this state.
      if (recording) before = (await readWholeStore(deps.cookies, storeId)).map((c) => ({ name: c.name, domain: c.domain }));
    },
    async where(mark) {
      const tab = await deps.getTab(tabId);
      if (!tab?.url) return undefined;
      // The driver's own guard may have cancelled a navigation since the choice, before its request.
      const answer = await page.mark();
      const blocked = refused() ?? (answer?.left ? { danger: 'navigation' as const, detail: answer.left } : answer?.unloading ? { danger: 'unload' as const } : undefined);
      return { url: tab.url, sameDocument: mark === undefined || answer?.mark === mark, ...(blocked ? { blocked } : {}) };
    },
    detect: async (rules) => (await page.detect(rules)) ?? { present: [] },
    // Scripts cannot run in this page: its consent controls cannot be used.
    async choose(rule, choice, others) {
      guard ??= await deps.guardTab?.(tabId, pageUrl);
      guard?.reset();
      windowsBefore = recording?.windowsAsked().length ?? 0;
      const answer = (await page.choose(rule, choice, others)) ?? { outcome: 'not-found' as const, miss: 'no-dialog' as const, choice, labels: [], mark: '' };
      // What a click sets off a moment later is the control's doing too.
      await deps.pause?.(VISIT_TIMING.choiceRecordMs);
      const blocked = refused();
      return { ...answer, ...(blocked ? { blocked } : {}) };
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
    ...(recording
      ? {
          async recording(state) {
            const recorded = await withHeldStorage(deps, tabId, recording.recording(state, before));
            const values = (await readWholeStore(deps.cookies, storeId)).flatMap((c) => (c.value ? [c.value] : []));
            return { ...recorded, values: [...(recorded.values ?? []), ...values] };
          },
        }
      : {}),
  };
  return {
    driver,
    /** The tab's audit before any choice (the portal's plain verdict), once the runner made it. */
    get base() {
      return first;
    },
    async restore() {
      await guard?.release();
      await visit.restoreStorage();
    },
  };
}
