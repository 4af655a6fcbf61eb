// The journey runner with a scripted driver: the same loop the popup and the scan run. Each state
// from a clean first visit, the choice made in the manager's dialog and counted only once its record
// is found on the portal's own cookies, a control that leaves the page never counted nor audited,
// the direct fallback said as such, and the waits in their order.
import type { Refusal } from '../../src/core/vocabulary/consent.ts';
import { describe, expect, it } from 'vitest';
import type { ChoiceAnswer, DetectAnswer } from '../../src/core/consent/driver-protocol.ts';
import { type JourneyDriver, runJourneys } from '../../src/core/consent/journey-runner.ts';
import { VISIT_TIMING } from '../../src/core/visit/first-visit.ts';

const { settleMs: JOURNEY_SETTLE_MS, nextPageSettleMs: NEXT_PAGE_SETTLE_MS } = VISIT_TIMING;
import type { Choice, ManagerRule } from '../../src/core/consent/managers/manager.ts';
import type { AuditResult } from '../../src/core/types.ts';

const HOME = 'https://data.example.fr/explore/';
const audit = (url: string): AuditResult => ({ pageUrl: url, cookies: [] } as unknown as AuditResult);
/** The in-page driver's answers, as codes: chosen with the dialog's all control, refused, or missed. */
const chosen = (choice: Choice): ChoiceAnswer => ({ outcome: 'chosen', method: 'all-control', choice, labels: [], mark: 'm' });
const unsafe = (choice: Choice, detail = 'https://evil.example/'): ChoiceAnswer => ({ outcome: 'unsafe', refusal: { danger: 'link-elsewhere', detail }, choice, labels: [], mark: 'm' });
const missed = (choice: Choice, miss: 'no-dialog' | 'no-open-control' = 'no-dialog'): ChoiceAnswer => ({ outcome: 'not-found', miss, choice, labels: [], mark: 'm' });
const odsRecord = (choice: Choice) => encodeURIComponent(JSON.stringify({ functional_cookies: true, ga: choice === 'accept-all' }));

interface Script {
  present?: DetectAnswer['present'];
  choose?(rule: ManagerRule, choice: Choice): ChoiceAnswer & { blocked?: Refusal };
  /** Where the tab is after each choice (default: home, same document). */
  after?(choice: Choice): { url: string; sameDocument: boolean } | undefined;
  load?(url: string): 'complete' | 'timeout' | 'closed';
  links?: string[];
  write?: boolean;
}

function scripted(script: Script = {}) {
  const log: string[] = [];
  let jar: { name: string; value: string }[] = [];
  let location: { url: string; sameDocument: boolean } | undefined = { url: HOME, sameDocument: true };
  let lastChoice: Choice | undefined;
  const driver: JourneyDriver = {
    clean: async () => void (log.push('clean'), (jar = [])),
    load: async (url) => {
      log.push(`load ${url}`);
      const outcome = script.load?.(url) ?? 'complete';
      if (outcome !== 'closed') location = { url, sameDocument: true };
      return outcome;
    },
    quiet: async (capMs) => void log.push(`quiet ${capMs}`),
    pause: async (ms) => void log.push(`settle ${ms}`),
    where: async (mark) => (mark !== undefined && lastChoice && script.after ? script.after(lastChoice) : location),
    detect: async () => ({ present: script.present ?? [{ id: 'opendatasoft', dialog: true }] }),
    choose: async (rule, choice) => {
      log.push(`choose ${rule.id} ${choice}`);
      lastChoice = choice;
      const answer = script.choose?.(rule, choice) ?? { ...chosen(choice), labels: [choice === 'accept-all' ? 'Tout accepter' : 'Tout refuser'], dialogTitle: 'Cookies' };
      if (answer.outcome === 'chosen' && !script.choose) jar.push({ name: 'cookies_preferences', value: odsRecord(choice) });
      return answer;
    },
    portalCookies: async () => jar,
    writeCookie: async (cookie) => {
      log.push(`write ${cookie.name}`);
      if (script.write === false) return false;
      jar.push(cookie);
      return true;
    },
    audit: async () => (log.push('audit'), audit(location!.url)),
    links: async () => script.links ?? [],
    progress: async (state, step, of) => void log.push(`progress ${state} ${step}/${of}`),
  };
  return { driver, log };
}

describe('the journey runner', () => {
  it('runs the three states, each from a clean first visit, the choices through the dialog and recorded', async () => {
    const { driver, log } = scripted();
    const outcome = await runJourneys(driver, HOME, { pages: 1 });
    expect(outcome.stop).toBeUndefined();
    expect(outcome.managers).toEqual({ drove: 'opendatasoft', present: ['opendatasoft'] });
    expect(outcome.runs.map((r) => [r.state, r.reached, r.via ?? null, r.manager ?? null, r.pages.length])).toEqual([
      ['no-choice', true, null, null, 1], ['refuse-all', true, 'dialog', 'opendatasoft', 1], ['accept-all', true, 'dialog', 'opendatasoft', 1],
    ]);
    expect(outcome.runs[1]).toMatchObject({ dialogTitle: 'Cookies', controls: ['Tout refuser'], how: "the dialog's refuse-all control" });
    expect(outcome.base?.pageUrl).toBe(HOME);
    expect(log.filter((l) => l === 'clean')).toHaveLength(3);
    // The waits: in full before the no-choice audit; before a choice only until the dialog shows; in full after it.
    // Each state a first visit: set aside, loaded, the network quiet (15 s at most), then the settle.
    const quiet = `quiet ${VISIT_TIMING.quietCapMs}`;
    expect(log.slice(0, 6)).toEqual(['progress no-choice 1/3', 'clean', `load ${HOME}`, quiet, `settle ${JOURNEY_SETTLE_MS}`, 'audit']);
    expect(log.slice(6, 14)).toEqual(['progress refuse-all 2/3', 'clean', `load ${HOME}`, quiet, `settle ${VISIT_TIMING.dialogMs}`, 'choose opendatasoft refuse-all', quiet, `settle ${JOURNEY_SETTLE_MS}`]);
  });

  it('never counts a choice its manager did not record, and says which record it looked in', async () => {
    const { driver } = scripted({ choose: (_r, choice) => chosen(choice) });
    const { runs } = await runJourneys(driver, HOME);
    expect(runs[1]).toMatchObject({ reached: false, how: "the dialog's refuse-all control, but no choice was recorded in cookies_preferences" });
    expect(runs[1]!.pages).toHaveLength(1); // the page is audited as it is
  });

  it('does not count a choice recorded as something else', async () => {
    const { driver } = scripted({ choose: (_r, choice) => chosen(choice) });
    const d = { ...driver, portalCookies: async () => [{ name: 'cookies_preferences', value: odsRecord('accept-all') }] };
    const { runs } = await runJourneys(d, HOME);
    expect(runs[1]).toMatchObject({ reached: false, how: "the dialog's refuse-all control, but cookies_preferences records another choice", outcome: { blocker: 'other-choice-recorded' } });
    expect(runs[2]).toMatchObject({ reached: true });
  });

  it('takes a state whose page tried to leave after the choice (refused by the browser) for not reached, never "reached", and goes on', async () => {
    const { driver } = scripted();
    let calls = 0;
    const logout = { danger: 'navigation' as const, detail: 'https://data.example.fr/account/logout' };
    // The refusal shows once the choice is made and the page settled; the refused navigation left an error page.
    const d: JourneyDriver = { ...driver, where: async (mark) => (mark === undefined && ++calls === 4 ? { url: 'chrome-error://chromewebdata/', sameDocument: false, blocked: logout } : driver.where(mark)) };
    const outcome = await runJourneys(d, HOME, { pages: 1 });
    expect(outcome.stop).toBeUndefined();
    expect(outcome.runs[1]).toMatchObject({ state: 'refuse-all', reached: false, outcome: { kind: 'not-reached', blocker: 'page-tried', refusal: logout }, pages: [] });
    expect(outcome.runs[2]).toMatchObject({ state: 'accept-all', reached: true });
  });

  it('names a control that would leave the page and audits nothing of its state', async () => {
    const { driver, log } = scripted({ choose: (_r, choice) => (choice === 'refuse-all' ? unsafe(choice) : chosen(choice)) });
    const { runs } = await runJourneys(driver, HOME);
    expect(runs[1]).toEqual({ state: 'refuse-all', reached: false, how: 'not reached: the control would leave the page (a link to https://evil.example/)', outcome: { kind: 'not-reached', blocker: 'unsafe-control', refusal: { danger: 'link-elsewhere', detail: 'https://evil.example/' } }, manager: 'opendatasoft', pages: [] });
    expect(log.filter((l) => l.startsWith('write'))).toEqual([]);
  });

  it('names a navigation or request the driver stopped, and a tab that left the page', async () => {
    const blocked = scripted({ choose: (_r, choice) => ({ ...chosen(choice), blocked: { danger: 'navigation', detail: 'https://evil.example/' } }) });
    expect((await runJourneys(blocked.driver, HOME)).runs[1]).toMatchObject({ reached: false, outcome: { kind: 'not-reached', blocker: 'unsafe-control', refusal: { danger: 'navigation', detail: 'https://evil.example/' } }, pages: [] });
    const left = scripted({ after: () => ({ url: 'https://evil.example/', sameDocument: false }) });
    expect((await runJourneys(left.driver, HOME)).runs[1]).toMatchObject({ reached: false, how: 'not reached: the control left the page', pages: [] });
    const reloaded = scripted({ after: () => ({ url: HOME, sameDocument: false }) });
    expect((await runJourneys(reloaded.driver, HOME)).runs[1]).toMatchObject({ reached: false, pages: [] });
  });

  it('sets the record directly when asked and the dialog fails, and says so; never otherwise', async () => {
    const failing = (_r: ManagerRule, choice: Choice) => missed(choice, 'no-open-control');
    const without = scripted({ choose: failing });
    expect((await runJourneys(without.driver, HOME)).runs[1]).toMatchObject({ reached: false, how: 'no consent dialog shown, and no control of its own to show it' });
    expect(without.log.filter((l) => l.startsWith('write'))).toEqual([]);
    const withFallback = scripted({ choose: failing });
    const { runs } = await runJourneys(withFallback.driver, HOME, { fallback: true });
    expect(runs[1]).toMatchObject({ reached: true, via: 'direct', manager: 'opendatasoft', how: "set directly, not through the portal's dialog (no consent dialog shown, and no control of its own to show it)" });
    expect(withFallback.log.filter((l) => l.startsWith('write'))).toEqual(['write cookies_preferences', 'write cookies_preferences']);
    const refused = scripted({ choose: failing, write: false });
    expect((await runJourneys(refused.driver, HOME, { fallback: true })).runs[1]).toMatchObject({ reached: false, how: expect.stringContaining('setting cookies_preferences directly failed too') });
  });

  it('says so when the page has no consent manager', async () => {
    const { driver, log } = scripted({ present: [] });
    const outcome = await runJourneys(driver, HOME);
    expect(outcome.managers).toEqual({ present: [] });
    expect(outcome.runs[1]).toMatchObject({ reached: false, how: 'no consent manager found in the page' });
    expect(log.some((l) => l.startsWith('choose'))).toBe(false);
  });

  it('drives the manager whose own dialog shows, and names the others', async () => {
    const { driver, log } = scripted({ present: [{ id: 'opendatasoft', dialog: true, byRole: true }, { id: 'tarteaucitron', dialog: true }] });
    const outcome = await runJourneys(driver, HOME);
    expect(outcome.managers).toEqual({ drove: 'tarteaucitron', present: ['opendatasoft', 'tarteaucitron'] });
    expect(log).toContain('choose tarteaucitron refuse-all');
  });

  it('goes through the pages after the home page, names one that timed out, and settles them shorter', async () => {
    const other = 'https://data.example.fr/explore/dataset/x/';
    const slow = 'https://data.example.fr/p/slow/';
    const { driver, log } = scripted({ links: [other, slow], load: (url) => (url === slow ? 'timeout' : 'complete') });
    const { runs } = await runJourneys(driver, HOME, { pages: 3, pagesFrom: (_home, links, count) => [HOME, ...links].slice(0, count) });
    expect(runs[0]!.pages.map((p) => [p.url, p.timedOut, p.audit !== undefined])).toEqual([[HOME, false, true], [other, false, true], [slow, true, false]]);
    expect(log).toContain(`settle ${NEXT_PAGE_SETTLE_MS}`);
  });

  it('stops when the tab is closed or the portal sends it elsewhere', async () => {
    const closed = scripted({ load: () => 'closed' });
    expect(await runJourneys(closed.driver, HOME)).toMatchObject({ stop: 'tab-closed', runs: [] });
    const away = scripted();
    const d = { ...away.driver, where: async () => ({ url: 'https://elsewhere.example/', sameDocument: true }) };
    expect(await runJourneys(d, HOME)).toMatchObject({ stop: 'left-portal' });
    const gone = { ...away.driver, where: async () => undefined };
    expect(await runJourneys(gone, HOME)).toMatchObject({ stop: 'tab-closed' });
  });
  it('keeps the pictures the driver took, the one after the choice only when the state was reached', async () => {
    const { driver } = scripted({ choose: (_r, choice) => (choice === 'refuse-all' ? missed(choice) : chosen(choice)) });
    const shots: string[] = [];
    const d: JourneyDriver = { ...driver, portalCookies: async () => [{ name: 'cookies_preferences', value: odsRecord('accept-all') }], capture: async (state, moment) => (shots.push(`${state} ${moment}`), moment === 'found' && state === 'no-choice' ? undefined : `${state}-${moment}.png`) };
    const { runs } = await runJourneys(d, HOME);
    expect(runs.map((r) => r.screenshots)).toEqual([undefined, { found: 'refuse-all-found.png' }, { found: 'accept-all-found.png', chosen: 'accept-all-chosen.png' }]);
    expect(shots).toEqual(['no-choice found', 'refuse-all found', 'accept-all found', 'accept-all chosen']);
  });

  it('adds what set each cookie when the driver recorded the state, and tells the driver each state is done', async () => {
    const { driver, log } = scripted();
    const withCookie = async () => (log.push('audit'), { pageUrl: HOME, cookies: [{ name: '_ga', domain: 'data.example.fr', path: '/' }] } as unknown as AuditResult);
    const d: JourneyDriver = {
      ...driver,
      audit: withCookie,
      recording: async (state) => (state === 'no-choice' ? { writes: [{ name: '_ga', domain: 'data.example.fr', path: '/', how: 'document.cookie', url: 'https://cdn.example/tag.js', page: HOME, afterMs: 5 }], coverage: { responses: true, scripts: true } } as never : undefined),
      stateDone: async (state) => void log.push(`done ${state}`),
    };
    const outcome = await runJourneys(d, HOME);
    expect((outcome.base!.cookies[0] as { setBy?: { url?: string } }).setBy?.url).toBe('https://cdn.example/tag.js');
    expect((outcome.runs[1]!.pages[0]!.audit!.cookies[0] as { setBy?: unknown }).setBy).toBeUndefined();
    expect(log.filter((l) => l.startsWith('done'))).toEqual(['done no-choice', 'done refuse-all', 'done accept-all']);
  });

  it('keeps the audit of the first visit as the base, and marks a home page that timed out', async () => {
    const { driver } = scripted({ load: () => 'timeout' });
    const outcome = await runJourneys(driver, HOME);
    expect(outcome.base?.pageUrl).toBe(HOME);
    expect(outcome.runs.map((r) => r.pages.map((p) => p.timedOut))).toEqual([[true], [true], [true]]);
  });

  it('asks for the links only when more than one page is wanted', async () => {
    const { driver } = scripted({ links: ['https://data.example.fr/p/a/'] });
    let asked = 0;
    const d: JourneyDriver = { ...driver, links: async () => (asked++, ['https://data.example.fr/p/a/']) };
    const pagesFrom = (_home: string, links: string[], count: number) => [HOME, ...links].slice(0, count);
    expect((await runJourneys(d, HOME, { pages: 1, pagesFrom })).runs[0]!.pages).toHaveLength(1);
    expect(asked).toBe(0);
    expect((await runJourneys(d, HOME, { pages: 2, pagesFrom })).runs[0]!.pages.map((p) => p.url)).toEqual([HOME, 'https://data.example.fr/p/a/']);
    expect(asked).toBe(1);
    expect((await runJourneys(d, HOME, { pages: 2 })).runs[0]!.pages).toHaveLength(1);
  });

  it('stops with what it has when the tab closes or leaves on a later page, naming the manager it drove', async () => {
    const other = 'https://data.example.fr/p/a/';
    const pagesFrom = () => [HOME, other];
    const closing = scripted({ load: (url) => (url === other ? 'closed' : 'complete') });
    expect(await runJourneys(closing.driver, HOME, { pages: 2, pagesFrom })).toEqual({ runs: [], managers: { present: ['opendatasoft'], drove: 'opendatasoft' }, stop: 'tab-closed' });
    const leaving = scripted();
    let calls = 0;
    const d: JourneyDriver = { ...leaving.driver, where: async () => (calls++ < 2 ? { url: HOME, sameDocument: true } : { url: 'https://away.example/', sameDocument: true }) };
    expect(await runJourneys(d, HOME, { pages: 2, pagesFrom })).toMatchObject({ runs: [], stop: 'left-portal', managers: { drove: 'opendatasoft' } });
    const vanished = { ...leaving.driver, where: async () => (calls++ < 6 ? { url: HOME, sameDocument: true } : undefined) };
    calls = 0;
    expect(await runJourneys(vanished, HOME, { pages: 2, pagesFrom })).toMatchObject({ stop: 'tab-closed' });
  });

  it('sets the record directly after a control that would leave the page, when asked, and says why', async () => {
    const { driver } = scripted({ choose: (_r, choice) => ({ ...unsafe(choice), dialogTitle: 'Vos choix', labels: ['Refuser'] }) });
    const { runs } = await runJourneys(driver, HOME, { fallback: true });
    expect(runs[1]).toMatchObject({ reached: true, via: 'direct', how: "set directly, not through the portal's dialog (not reached: the control would leave the page (a link to https://evil.example/))", dialogTitle: 'Vos choix', controls: ['Refuser'] });
    expect(runs[1]!.pages).toHaveLength(1);
  });

  it('sets the platform’s record directly when no manager was found and the fallback is asked', async () => {
    const { driver, log } = scripted({ present: [] });
    const { runs } = await runJourneys(driver, HOME, { fallback: true });
    expect(runs[1]).toMatchObject({ reached: true, via: 'direct', manager: 'opendatasoft', how: "set directly, not through the portal's dialog (no consent manager found in the page)" });
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write cookies_preferences', 'write cookies_preferences']);
  });

  it('says when the page changed the record set directly, or the tab closed after it', async () => {
    const failing = (_r: ManagerRule, choice: Choice) => missed(choice);
    const changed = scripted({ choose: failing });
    const d: JourneyDriver = { ...changed.driver, writeCookie: async () => true, portalCookies: async () => [{ name: 'cookies_preferences', value: odsRecord('accept-all') }] };
    expect((await runJourneys(d, HOME, { fallback: true })).runs[1]).toMatchObject({ reached: false, how: 'no consent dialog shown; cookies_preferences set directly, but the page changed it' });
    const closing = scripted({ choose: failing });
    let loads = 0;
    const c: JourneyDriver = { ...closing.driver, load: async () => (++loads === 3 ? 'closed' : 'complete') };
    expect((await runJourneys(c, HOME, { fallback: true })).runs[1]).toEqual({ state: 'refuse-all', reached: false, how: 'no consent dialog shown', outcome: { kind: 'not-reached', blocker: 'no-dialog', miss: 'no-dialog' }, pages: expect.any(Array) });
  });
});

describe('the journey runner beyond cookies', () => {
  it('after a reached choice on a one-page journey, loads the page once more as the visitor\'s next view, and gives each audit the traces since the choice', async () => {
    const { driver, log } = scripted();
    // What the page did: one hit per load, whatever the choice; one more at the choice itself.
    const traces: { kind: 'request'; url: string; type: 'beacon'; page: string; afterMs: number }[] = [];
    const hit = (tag: string) => traces.push({ kind: 'request', url: `https://www.google-analytics.com/g/collect?${tag}=`, type: 'beacon', page: HOME, afterMs: 0 });
    const { load, clean, choose } = driver;
    driver.clean = async () => {
      traces.length = 0;
      return clean();
    };
    driver.load = async (url) => {
      const outcome = await load(url);
      hit(`load${log.filter((l) => l.startsWith('load')).length}`);
      return outcome;
    };
    driver.choose = async (rule, choice, others) => {
      const answer = await choose(rule, choice, others);
      hit(`click-${choice}`);
      return answer;
    };
    driver.recording = async () => ({ writes: [], coverage: { responses: true, scripts: true }, traces: [...traces], held: [], traceCoverage: { storage: true, requests: true } });
    const audited = driver.audit;
    driver.audit = async () => ({ ...(await audited())!, entries: [] });
    const outcome = await runJourneys(driver, HOME, { pages: 1, nextView: true });
    // The next view is a load of the page after the choice's settle, before the audit; not before any choice.
    expect(log.filter((l) => l.startsWith('load') || l.startsWith('choose') || l === 'audit')).toEqual([
      `load ${HOME}`, 'audit',
      `load ${HOME}`, 'choose opendatasoft refuse-all', `load ${HOME}`, 'audit',
      `load ${HOME}`, 'choose opendatasoft accept-all', `load ${HOME}`, 'audit',
    ]);
    const contacts = outcome.runs.map((r) => r.pages[0]!.audit!.beyondCookies!.contacts[0]);
    // Before any choice: the arrival's hit. After a choice: the click's and the next view's, never the arrival's.
    expect(contacts.map((c) => c && [c.organisation, c.count])).toEqual([['google-analytics.com', 1], ['google-analytics.com', 2], ['google-analytics.com', 2]]);
    expect(outcome.runs[1]!.pages[0]!.audit!.beyondCookies!.contacts[0]!.firstUrl).toBe('https://www.google-analytics.com/g/collect?click-refuse-all=');
  });

  it('reads what the page tried after the choice before the next view replaces its document: such a state is not reached, and no next view is loaded', async () => {
    const { driver, log } = scripted();
    const where = driver.where;
    // After the refusal's settle, the page's guard had cancelled a navigation of the page's own.
    let refusing = false;
    const choose = driver.choose;
    driver.choose = async (rule, choice, others) => {
      refusing = choice === 'refuse-all';
      return choose(rule, choice, others);
    };
    driver.where = async (mark) => {
      const here = await where(mark);
      return mark === undefined && refusing && here ? { ...here, blocked: { danger: 'navigation', detail: `${HOME}account/logout` } } : here;
    };
    const outcome = await runJourneys(driver, HOME, { pages: 1, nextView: true });
    expect(outcome.runs[1]).toMatchObject({ state: 'refuse-all', reached: false, outcome: { blocker: 'page-tried', refusal: { danger: 'navigation', detail: `${HOME}account/logout` } }, pages: [] });
    expect(outcome.runs[2]).toMatchObject({ state: 'accept-all', reached: true });
    expect(log.filter((l) => l.startsWith('load') || l.startsWith('choose') || l === 'audit')).toEqual([
      `load ${HOME}`, 'audit',
      `load ${HOME}`, 'choose opendatasoft refuse-all',
      `load ${HOME}`, 'choose opendatasoft accept-all', `load ${HOME}`, 'audit',
    ]);
  });

  it('without nextView, or on a journey of several pages, no extra load', async () => {
    const { driver, log } = scripted();
    await runJourneys(driver, HOME, { pages: 1 });
    expect(log.filter((l) => l.startsWith('load')).length).toBe(3);
  });
});
