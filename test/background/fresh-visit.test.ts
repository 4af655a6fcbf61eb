// The fresh visit as a transaction, with in-memory browser APIs: whatever happens during the visit
// (another visit, the tab closing, a cookie the browser refuses, the background dying), the user's
// jar comes back identical, field for field, or the popup names what did not.
import { beforeEach, describe, expect, it } from 'vitest';
import { type AuditorDeps, type ReloadOutcome, TabAuditor, type TabInfo } from '../../src/background/tab-auditor.ts';
import type { WebStorage } from '../../src/background/deps.ts';
import { resetCookieFeatures } from '../../src/jar/cookie-jar.ts';
import type { TabAudit } from '../../src/messages.ts';
import type { DriverRequest } from '../../src/core/consent/driver-protocol.ts';
import { VISIT_TIMING } from '../../src/core/visit/first-visit.ts';
import { MAX_WRITES_PER_KIND } from '../../src/core/evidence/write-log.ts';
import type { DialogMiss, Refusal } from '../../src/core/vocabulary/consent.ts';
import { c, html, world } from '../fakes/auditor-world.ts';
import { type FakeCookieStore, fakeCookieStore, jarSnapshot } from '../fakes/fake-cookie-store.ts';
import { fakeSession } from '../fakes/fake-session.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const PAGE = 'https://data.metropole.fr/explore/';

/** A logged-in user's jar: every kind of cookie a restore could get wrong. */
const userJar = () => [
  c('sessionid', 'data.metropole.fr', { value: 'login-7f3a9c', httpOnly: true, secure: true, sameSite: 'lax', session: false, expirationDate: NOW / 1000 + 14 * 86400 }),
  c('csrftoken', 'data.metropole.fr', { value: 'csrf-b81e', sameSite: 'strict', session: false, expirationDate: NOW / 1000 + 300 * 86400 }),
  c('pref', '.metropole.fr', { value: 'a=b; c', path: '/explore', session: true }),
  c('chips', 'data.metropole.fr', { value: 'p-1', secure: true, sameSite: 'no_restriction', session: false, expirationDate: NOW / 1000 + 86400, partitionKey: { topLevelSite: 'https://metropole.fr' } }),
];

interface Scene {
  store: FakeCookieStore;
  session: ReturnType<typeof fakeSession>;
  deps: AuditorDeps;
  auditor: TabAuditor;
  tab: TabInfo | undefined;
  /** What the next reload does; it also sets the cookies a first visitor gets. */
  reload: (tabId: number) => Promise<ReloadOutcome>;
}

function scene(jar = userJar(), session = fakeSession()): Scene {
  const store = fakeCookieStore(jar);
  const w = world({ pages: { [PAGE]: html('<p>x</p>') }, session });
  const s = { store, session, tab: { id: 1, url: PAGE } as TabInfo | undefined } as Scene;
  s.reload = async () => {
    // As a browser's jar does, a cookie set again replaces the one of the same name, domain and path.
    for (const set of [c('csrftoken', 'data.metropole.fr', { value: 'fresh-csrf', session: true }), c('_ga', '.metropole.fr', { value: 'GA1', session: true })]) {
      const same = store.cookies.findIndex((x) => x.name === set.name && x.domain === set.domain && x.path === set.path);
      if (same >= 0) store.cookies.splice(same, 1);
      store.cookies.push(set);
    }
    return 'complete';
  };
  s.deps = {
    ...w.deps,
    getTab: async (id) => (id === 1 ? s.tab : id === 2 ? { id: 2, url: 'https://data.metropole.fr/p/other/' } : undefined),
    cookies: store.api,
    cookieWriter: store.writer,
    reloadTab: (id) => s.reload(id),
    pause: async () => undefined,
  };
  s.auditor = new TabAuditor(s.deps);
  return s;
}

const names = (state: TabAudit) => (state.kind === 'ready' ? state.audit.cookies.map((x) => x.name).sort() : state.kind);

beforeEach(() => resetCookieFeatures());

describe('the fresh visit', () => {
  it('audits what a first visitor gets and puts the jar back identical, field for field', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    const state = await s.auditor.freshVisit(1);
    expect(state.kind === 'ready' && state.freshVisit).toBe(true);
    expect(names(state)).toEqual(['_ga', 'csrftoken']);
    expect(state.kind === 'ready' && state.restore).toBeUndefined();
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
    expect([...s.session.data.keys()].filter((k) => k.startsWith('fresh-visit'))).toEqual([]);
  });

  it('is a first visit as the journeys make one: web storage set aside for the reload and put back, the network quiet before the settle', async () => {
    const s = scene();
    const log: string[] = [];
    let storage: WebStorage = { local: { returning: '1' }, session: { tab: 'x' } };
    let seenByPage: typeof storage | undefined;
    s.deps.webStorage = async (_tab, op, saved) => {
      log.push(`storage ${op}`);
      if (op === 'take') return structuredClone(storage);
      storage = op === 'restore' && saved ? structuredClone(saved) : { local: {}, session: {} };
      return undefined;
    };
    s.reload = async () => {
      log.push('reload');
      seenByPage = structuredClone(storage);
      return 'complete';
    };
    s.deps.quiet = async (_tab, capMs) => void log.push(`quiet ${capMs}`);
    s.deps.pause = async (ms) => void log.push(`pause ${ms}`);
    expect((await s.auditor.freshVisit(1)).kind).toBe('ready');
    expect(seenByPage).toEqual({ local: {}, session: {} });
    expect(storage).toEqual({ local: { returning: '1' }, session: { tab: 'x' } });
    expect(log).toEqual(['storage take', 'storage clear', 'reload', `quiet ${VISIT_TIMING.quietCapMs}`, `pause ${VISIT_TIMING.settleMs}`, 'storage restore']);
  });

  it('writes the saved jar to storage.session before removing the first cookie', async () => {
    const s = scene();
    const journals: unknown[] = [];
    s.store.beforeWrite = (kind) => {
      if (kind === 'remove' && journals.length === 0) journals.push(...[...s.session.data].filter(([k]) => k.startsWith('fresh-visit:')).map(([, v]) => v));
    };
    await s.auditor.freshVisit(1);
    expect(journals).toHaveLength(1);
    expect(journals[0]).toMatchObject({ tabId: 1, host: 'data.metropole.fr', phase: 'set-aside' });
    expect(jarSnapshot((journals[0] as { cookies: [] }).cookies)).toEqual(jarSnapshot(userJar()));
  });

  it('answers "already running" to a second visit of the same jar, from this tab or another', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    let release!: () => void;
    const plain = s.reload;
    s.reload = (id) => new Promise((resolve) => (release = () => void plain(id).then(resolve)));
    const first = s.auditor.freshVisit(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await s.auditor.freshVisit(1)).toEqual({ kind: 'busy', host: 'data.metropole.fr' });
    expect(await s.auditor.freshVisit(2)).toEqual({ kind: 'busy', host: 'data.metropole.fr' });
    // The popup opened meanwhile, and the tab's own events, get the same answer instead of an audit of an emptied jar.
    expect(await s.auditor.forPopup(1)).toEqual({ kind: 'busy', host: 'data.metropole.fr' });
    expect((await s.auditor.audit(1)).kind).toBe('busy');
    release();
    expect(names(await first)).toEqual(['_ga', 'csrftoken']);
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
  });

  it('puts the cookies back when the tab is closed during the visit', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    s.reload = async () => {
      s.tab = undefined;
      return 'closed';
    };
    const state = await s.auditor.freshVisit(1);
    expect(state).toEqual({ kind: 'fresh-visit-stopped', reason: 'tab-closed', host: 'data.metropole.fr', restore: { failed: [], recovered: false } });
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
  });

  it('puts the cookies back when the tab leaves the portal, or the reload fails', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    s.reload = async () => {
      s.tab = { id: 1, url: 'https://elsewhere.example/' };
      return 'complete';
    };
    expect(await s.auditor.freshVisit(1)).toMatchObject({ kind: 'fresh-visit-stopped', reason: 'left-portal' });
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
    s.tab = { id: 1, url: PAGE };
    s.reload = async () => {
      throw new Error('No tab with id: 1');
    };
    expect(await s.auditor.freshVisit(1)).toMatchObject({ kind: 'fresh-visit-stopped', reason: 'reload-failed' });
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
  });

  it('names a cookie the browser refuses to take back, keeps it aside, and restores it on "try again"', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    s.store.refuse.add('sessionid');
    const state = await s.auditor.freshVisit(1);
    expect(state.kind).toBe('ready');
    expect(state.kind === 'ready' && state.restore).toEqual({ failed: ['sessionid'], recovered: false });
    // A gap, not the fresh visit's cookie under the user's name.
    expect(s.store.cookies.filter((x) => x.name === 'sessionid')).toEqual([]);
    // The report says so too, by name only.
    const report = await s.auditor.report(1, 'json');
    expect(report.ok && JSON.parse(report.text).freshVisit).toEqual({ performed: true, unrestoredCookies: ['sessionid'] });
    expect(report.ok && report.text).not.toContain('login-7f3a9c');
    // Later popups keep saying it until it is resolved; a new visit is refused meanwhile.
    expect((await s.auditor.forPopup(1)).kind === 'ready' && (await s.auditor.forPopup(1) as Extract<TabAudit, { kind: 'ready' }>).restore?.failed).toEqual(['sessionid']);
    expect(await s.auditor.freshVisit(1)).toMatchObject({ kind: 'error', restore: { failed: ['sessionid'] } });
    // Still refused: still named.
    expect(await s.auditor.restoreCookies(1, false)).toMatchObject({ kind: 'ready', restore: { failed: ['sessionid'] } });
    s.store.refuse.clear();
    const after = await s.auditor.restoreCookies(1, false);
    expect(after.kind === 'ready' && after.restore).toBeUndefined();
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
    expect([...s.session.data.keys()].filter((k) => k.startsWith('fresh-visit'))).toEqual([]);
  });

  it('does not take a set that answers null for a restored cookie: it reads the jar back', async () => {
    const s = scene();
    s.store.drop.add('pref');
    const state = await s.auditor.freshVisit(1);
    expect(state.kind === 'ready' && state.restore?.failed).toEqual(['pref']);
    // Forgetting them, at the user's word, ends the matter.
    const forgotten = await s.auditor.restoreCookies(1, true);
    expect(forgotten.kind === 'ready' && forgotten.restore).toBeUndefined();
    expect(s.store.cookies.some((x) => x.name === 'pref')).toBe(false);
  });

  it('puts the jar back when a restarted background finds it set aside, and the next audit says so', async () => {
    const session = fakeSession();
    const first = scene(userJar(), session);
    const before = jarSnapshot(first.store.cookies);
    // The worker dies while waiting for the reload: the promise never settles, nothing restores.
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    first.reload = async () => {
      first.store.cookies.push(c('_ga', '.metropole.fr', { value: 'GA1', session: true }));
      died();
      return new Promise<ReloadOutcome>(() => undefined);
    };
    void first.auditor.freshVisit(1);
    await dead;
    expect(first.store.cookies.map((x) => x.name)).toEqual(['_ga']);

    // A new background on the same storage.session and the same browser cookies.
    const restarted = new TabAuditor({ ...first.deps });
    await restarted.recover();
    expect(jarSnapshot(first.store.cookies)).toEqual(before);
    const state = await restarted.forPopup(1);
    expect(state.kind === 'ready' && state.restore).toEqual({ failed: [], recovered: true });
    const again = await restarted.forPopup(1);
    expect(again.kind === 'ready' && again.restore).toBeUndefined();
  });

  it('recovers before it answers, even when the first message comes before recover() was called', async () => {
    const session = fakeSession();
    const first = scene(userJar(), session);
    const before = jarSnapshot(first.store.cookies);
    const plain = first.reload;
    first.reload = () => new Promise<ReloadOutcome>(() => undefined);
    void first.auditor.freshVisit(1);
    await new Promise((r) => setTimeout(r, 10));
    first.reload = plain;
    const restarted = new TabAuditor({ ...first.deps });
    const state = await restarted.freshVisit(1);
    expect(state.kind === 'ready' && state.freshVisit).toBe(true);
    expect(jarSnapshot(first.store.cookies)).toEqual(before);
  });
});

describe('check consent in the tab', () => {
  /** The tab's page as the in-page driver answers it, its driver already there with the rule book. */
  const inPage = (answer: (request: Exclude<DriverRequest, { action: 'book' }>) => unknown): NonNullable<AuditorDeps['consentWorld']> => () => ({
    send: async (request) => (request.action === 'book' ? { ok: true } : answer(request)),
    inject: async () => true,
  });
  /** The in-page driver as the platform's modal answers it: the choice written to cookies_preferences. */
  const platformModal = (s: Scene, chosen: string[], record = true) => inPage((request) => {
    if (request.action === 'detect') return { present: [{ id: 'opendatasoft', dialog: true }] };
    if (request.action === 'mark') return { mark: 'm1' };
    chosen.push(request.choice);
    const accept = request.choice === 'accept-all';
    if (record) s.store.cookies.push(c('cookies_preferences', 'data.metropole.fr', { value: encodeURIComponent(JSON.stringify({ functional_cookies: true, matomo: accept })), session: true }));
    if (accept) s.store.cookies.push(c('_pk_id.1.ab', 'data.metropole.fr', { session: true }));
    return { outcome: 'chosen', method: 'all-control', choice: request.choice, mark: 'm1', dialogTitle: 'Gestion de vos préférences sur les cookies', labels: [accept ? 'Tout accepter' : 'Tout refuser'] };
  });

  /** A page whose platform dialog gives `answer` to every choice (shown or not, as `dialog` says). */
  const answering = (answer: { outcome: 'unsafe'; refusal: Refusal } | { outcome: 'not-found'; miss: DialogMiss }, dialog: boolean) => inPage((request) => {
    if (request.action === 'detect') return { present: [{ id: 'opendatasoft', dialog }] };
    if (request.action === 'mark') return { mark: 'm1' };
    return { ...answer, choice: request.choice, labels: [], mark: 'm1' };
  });

  it('runs the three states from an empty jar each, through the portal\'s controls, and puts the jar back', async () => {
    const s = scene();
    const before = jarSnapshot(s.store.cookies);
    const chosen: string[] = [];
    s.deps.consentWorld = platformModal(s, chosen);
    const auditor = new TabAuditor(s.deps);
    const state = await auditor.checkConsent(1);
    expect(chosen).toEqual(['refuse-all', 'accept-all']);
    if (state.kind !== 'ready' || !state.consentCheck) throw new Error(state.kind);
    expect(state.consentCheck.states.map((x) => [x.state, x.reached, x.via ?? null])).toEqual([['no-choice', true, null], ['refuse-all', true, 'dialog'], ['accept-all', true, 'dialog']]);
    expect(state.consentCheck.states[1]).toMatchObject({ manager: 'opendatasoft', dialogTitle: 'Gestion de vos préférences sur les cookies', controls: ['Tout refuser'] });
    expect(state.consentCheck.managers).toEqual({ drove: 'opendatasoft', present: ['opendatasoft'] });
    // _ga comes with every reload of this fake portal: set before consent and despite refusal.
    expect(state.consentCheck.rows.find((r) => r.name === '_ga')!.firstSeen).toEqual({ 'no-choice': PAGE, 'refuse-all': PAGE, 'accept-all': PAGE });
    expect(state.consentCheck.rows.find((r) => r.name === '_pk_id.1.ab')!.firstSeen).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': PAGE });
    expect(state.consentCheck.findings.map((f) => f.id)).toContain('tracker-after-refusal');
    expect(jarSnapshot(s.store.cookies)).toEqual(before);
  });

  it('does not count a state the platform did not record', async () => {
    const s = scene();
    s.deps.consentWorld = platformModal(s, [], false);
    const state = await new TabAuditor(s.deps).checkConsent(1);
    if (state.kind !== 'ready' || !state.consentCheck) throw new Error(state.kind);
    expect(state.consentCheck.states[1]).toMatchObject({ state: 'refuse-all', reached: false, how: "the dialog's refuse-all control, but no choice was recorded in cookies_preferences" });
  });

  it('names a state whose control would leave the page, audits nothing of it, and reads no other site', async () => {
    const s = scene();
    s.deps.consentWorld = answering({ outcome: 'unsafe', refusal: { danger: 'link-elsewhere', detail: 'https://evil.example/' } }, true);
    const state = await new TabAuditor(s.deps).checkConsent(1);
    if (state.kind !== 'ready' || !state.consentCheck) throw new Error(state.kind);
    expect(state.consentCheck.states.slice(1).map((x) => [x.reached, x.how, x.pages.length])).toEqual([
      [false, 'not reached: the control would leave the page (a link to https://evil.example/)', 0],
      [false, 'not reached: the control would leave the page (a link to https://evil.example/)', 0],
    ]);
  });

  it('names a window the refuse control asked for, one the popup blocker stopped included (no tab ever opened), and never calls that state reached', async () => {
    const s = scene();
    const chosen: string[] = [];
    const modal = platformModal(s, chosen)(1);
    let auditor: TabAuditor | undefined;
    s.deps.consentWorld = () => ({
      ...modal,
      async send(request) {
        // The page's click handler: window.open, which only the page hook reports.
        if (request.action === 'choose' && request.choice === 'refuse-all') auditor!.pageWrite(1, JSON.stringify({ kind: 'window.open', name: 'https://elsewhere.example/win', document: PAGE, at: NOW }));
        return modal.send(request);
      },
    });
    auditor = new TabAuditor(s.deps);
    const state = await auditor.checkConsent(1);
    if (state.kind !== 'ready' || !state.consentCheck) throw new Error(state.kind);
    expect(chosen).toEqual(['refuse-all', 'accept-all']);
    const [, refuse, accept] = state.consentCheck.states;
    expect(refuse).toMatchObject({ state: 'refuse-all', reached: false, outcome: { refusal: { danger: 'popup', detail: 'https://elsewhere.example/win' } } });
    expect(refuse!.pages).toEqual([]);
    // The next state starts afresh: the window asked before it is not its choice's doing.
    expect(accept).toMatchObject({ state: 'accept-all', reached: true });
  });

  it('sets the choice directly when asked and the dialog cannot be driven, and says so', async () => {
    const s = scene();
    s.deps.consentWorld = answering({ outcome: 'not-found', miss: 'no-open-control' }, false);
    const state = await new TabAuditor(s.deps).checkConsent(1, true);
    if (state.kind !== 'ready' || !state.consentCheck) throw new Error(state.kind);
    expect(state.consentCheck.states[1]).toMatchObject({ state: 'refuse-all', reached: true, via: 'direct', how: expect.stringMatching(/^set directly, not through the portal's dialog/) });
    expect(state.consentCheck.findings.find((f) => f.id === 'tracker-after-refusal')?.detail).toContain('set directly');
  });
});

describe('who set each cookie during a fresh visit', () => {
  /** A browser that shows the tab's responses and its page hook's reports while the visit records. */
  function recorded(options: { webRequest?: boolean; hook?: boolean } = {}) {
    const s = scene();
    const state = { watching: 0, hooked: 0 };
    let onResponse: ((r: import('../../src/background/evidence-recorder.ts').SeenResponse) => void) | undefined;
    s.deps.watchSetCookies = async (_tabId, on) => {
      if (options.webRequest === false) return undefined;
      state.watching++;
      onResponse = on;
      return () => void (state.watching--, (onResponse = undefined));
    };
    s.deps.hookCookieWrites = async () => {
      if (options.hook === false) return undefined;
      state.hooked++;
      return async () => void state.hooked--;
    };
    // Another site's cookie (a player the page embeds), there before the visit and left alone by it.
    s.store.cookies.push(c('widget', 'player.example', { value: 'w-1' }));
    s.deps.loadedHosts = async () => ['data.metropole.fr', 'player.example'];
    s.reload = async (tabId) => {
      store().cookies.push(c('csrftoken', 'data.metropole.fr', { value: 'fresh-csrf-0042', session: true }), c('_ga', '.metropole.fr', { value: 'GA1.1.5', session: true }));
      onResponse?.({ url: PAGE, setCookie: 'csrftoken=fresh-csrf-0042; Path=/', mainFrame: true, at: NOW + 30 });
      // A hook report for another tab, and a forged one, are dropped; the real one is kept.
      s.auditor.pageWrite(7, JSON.stringify({ kind: 'document.cookie', name: '_ga', attributes: 'path=/', stack: 'at https://evil.example/x.js:1:1', document: PAGE, at: NOW }));
      s.auditor.pageWrite(tabId, '{"kind":"eval"}');
      s.auditor.pageWrite(tabId, JSON.stringify({ kind: 'document.cookie', name: '_ga', attributes: ' path=/; domain=.metropole.fr', stack: 'Error\n    at https://tags.example/gtag.js?cid=GA1.1.5:1:1', document: PAGE, at: NOW + 900 }));
      return 'complete';
    };
    const store = () => s.store;
    return { s, state };
  }

  it('keeps the response that set a cookie after a page flooded document.cookie: one kind never evicts the other', async () => {
    const { s } = recorded();
    const reload = s.reload;
    s.reload = async (tabId) => {
      for (let i = 0; i < MAX_WRITES_PER_KIND + 1_000; i++) s.auditor.pageWrite(tabId, JSON.stringify({ kind: 'document.cookie', name: `junk${i}`, attributes: 'path=/', stack: '', document: PAGE, at: NOW }));
      return reload(tabId);
    };
    const result = await s.auditor.freshVisit(1);
    if (result.kind !== 'ready') throw new Error(result.kind);
    expect(result.audit.cookies.find((x) => x.name === 'csrftoken')?.setBy).toMatchObject({ how: 'response', url: PAGE });
  });

  it('names the response, the script (its address without the values it carried) and "set before this visit", then stops recording', async () => {
    const { s, state } = recorded();
    const result = await s.auditor.freshVisit(1);
    if (result.kind !== 'ready') throw new Error(result.kind);
    const by = Object.fromEntries(result.audit.cookies.map((x) => [x.name, x.setBy]));
    expect(by.csrftoken).toMatchObject({ how: 'response', url: PAGE, page: PAGE, count: 1 });
    expect(by._ga).toMatchObject({ how: 'document.cookie', url: 'https://tags.example/gtag.js?cid=[removed]', count: 1 });
    expect(by.widget).toEqual({ how: 'before-visit', count: 0 });
    expect(result.audit.evidence).toEqual({ responses: true, scripts: true });
    // The recording ended with the visit: the listener and the page hook are gone.
    expect(state).toEqual({ watching: 0, hooked: 0 });
    expect(JSON.stringify(result)).not.toContain('fresh-csrf-0042');
  });

  it('says what it could not record when webRequest is not granted, and guesses nothing', async () => {
    const { s } = recorded({ webRequest: false });
    const result = await s.auditor.freshVisit(1);
    if (result.kind !== 'ready') throw new Error(result.kind);
    expect(result.audit.cookies.find((x) => x.name === 'csrftoken')?.setBy?.how).toBe('not-seen');
    expect(result.audit.evidence).toEqual({ responses: false, scripts: true, note: 'network access (webRequest) not granted' });
  });
});
