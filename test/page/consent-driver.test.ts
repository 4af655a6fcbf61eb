// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://data.example.fr/explore/" }
// The in-page consent driver on a DOM (happy-dom, with layout's two rules added: test/page/layout.ts):
// what it finds, what it clicks and what it refuses to click, with the managers' real rules (the
// platform's, Orejime's, and autoconsent's own rule for Cookie-Script). The browsers run the same
// bundle in test/cli/journeys.test.ts and test/e2e/consent-check.test.ts.
import { createRequire } from 'node:module';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { autoconsentManager } from '../../src/core/consent/autoconsent/autoconsent-managers.ts';
import { ABSENT, type PageWorld, bookKey, consentDriverClient } from '../../src/core/consent/driver-client.ts';
import type { ChoiceAnswer, DriverRequest } from '../../src/core/consent/driver-protocol.ts';
import type { AutoconsentRule } from '../../src/core/consent/autoconsent/autoconsent-rule.ts';
import { MANAGERS, managerById } from '../../src/core/consent/managers/index.ts';
import type { ManagerRule } from '../../src/core/consent/managers/manager.ts';
import { createConsentDriver } from '../../src/page/consent-driver/driver.ts';
import { guardNavigation, unsafe } from '../../src/page/consent-driver/safety.ts';
import { LONGEST_WAIT_MS, type StepActions, evaluate, run, until } from '../../src/page/consent-driver/steps.ts';
import { installLayout } from './layout.ts';

const require = createRequire(import.meta.url);
const RULES: AutoconsentRule[] = (require('@duckduckgo/autoconsent/rules/rules.json') as { autoconsent: AutoconsentRule[] }).autoconsent;
const cookieScript = autoconsentManager(RULES.find((r) => r.name === 'cookie-script')!).rule;
const OWN = MANAGERS.map((m) => m.rule);
const BOOK = [...OWN, cookieScript];

beforeAll(installLayout);
beforeEach(() => {
  document.body.innerHTML = '';
});

/** A driver of this document holding the rule book, and what each control's click did. */
async function driver() {
  const d = createConsentDriver(() => 'token');
  const key = bookKey(BOOK);
  expect(await d.call({ action: 'book', key, rules: BOOK })).toEqual({ ok: true });
  return {
    detect: () => d.call({ action: 'detect', key }),
    choose: (rule: ManagerRule, choice: 'refuse-all' | 'accept-all') => d.call({ action: 'choose', key, rule: rule.id, choice, others: BOOK.filter((r) => r.id !== rule.id).map((r) => r.id) }) as Promise<ChoiceAnswer>,
    mark: () => d.call({ action: 'mark' }),
  };
}

/** Markup, with a log of the clicks each `data-log` control received. */
function page(html: string): string[] {
  const clicked: string[] = [];
  document.body.innerHTML = html;
  for (const el of document.querySelectorAll('[data-log]')) el.addEventListener('click', () => clicked.push(el.getAttribute('data-log')!));
  return clicked;
}

const platform = managerById('opendatasoft').rule;
const orejime = managerById('orejime').rule;

/** The platform's modal as docs/platform-facts.md §7 allows it: with all controls, or switches and save only. */
const platformModal = (controls: string) => `
  <footer><ods-manage-cookies-preferences><button class="ods-manage-cookies-preferences__show-button" data-log="show">Gérer les cookies</button>
  <div role="dialog" id="modal"><h2>Gestion de vos préférences sur les cookies</h2>${controls}</div></ods-manage-cookies-preferences></footer>`;

describe('finding the managers and their dialogs', () => {
  it('finds the platform\'s modal shown, and the same manager with its modal hidden', async () => {
    page(platformModal('<button>Tout refuser</button>'));
    expect(await (await driver()).detect()).toEqual({ present: [{ id: 'opendatasoft', dialog: true }] });
    (document.getElementById('modal') as HTMLElement).style.display = 'none';
    expect(await (await driver()).detect()).toEqual({ present: [{ id: 'opendatasoft', dialog: false }] });
  });

  it('takes a dialog by its role and words only while the manager is present, and never another manager\'s', async () => {
    page('<button class="ods-manage-cookies-preferences__show-button">Cookies</button><div role="dialog">Vos préférences cookies <button>OK</button></div>');
    expect(await (await driver()).detect()).toEqual({ present: [{ id: 'opendatasoft', dialog: true, byRole: true }] });
    page('<button class="ods-manage-cookies-preferences__show-button">Cookies</button><div class="orejime-Root"></div><div class="orejime-Env"><div role="dialog" class="orejime-Modal">Ce site utilise des cookies <button>OK</button></div></div>');
    expect((await (await driver()).detect() as { present: unknown[] }).present).toEqual([{ id: 'opendatasoft', dialog: false }, { id: 'orejime', dialog: true }]);
  });

  it('describes a cookie banner no rule explains, as found, and says nothing of one that is hidden or has no control', async () => {
    page('<div id="cmp-banner" class="consent-bar big">Nous utilisons des cookies pour mesurer l\'audience. <button>OK</button></div>');
    expect(await (await driver()).detect()).toEqual({ present: [], unknownDialog: 'div#cmp-banner.consent-bar.big "Nous utilisons des cookies pour mesurer l\'audience. OK"' });
    page('<div id="cmp-banner" style="display:none">Nous utilisons des cookies <button>OK</button></div><div class="cookie-note">Cookies: nothing to click</div>');
    expect(await (await driver()).detect()).toEqual({ present: [] });
  });

  it('takes for an unknown banner a dialog by its role or an element named for cookies, never one inside a known manager, nor one with no control', async () => {
    const d = await driver();
    page('<section role="dialog" class="a b c">Ce site utilise des traceurs <a href="#">Paramétrer</a></section>');
    expect((await d.detect() as { unknownDialog?: string }).unknownDialog).toBe('section.a.b "Ce site utilise des traceurs Paramétrer"');
    page('<div class="gdpr-banner">We value your privacy <button>OK</button></div><div class="news">cookies recipes <button>Read</button></div>');
    expect((await d.detect() as { unknownDialog?: string }).unknownDialog).toBe('div.gdpr-banner "We value your privacy OK"');
    page(`<div class="cookie-note">${'Nous utilisons des cookies. '.repeat(10)}<button>OK</button></div>`);
    expect((await d.detect() as { unknownDialog?: string }).unknownDialog).toBe(`div.cookie-note "${`${'Nous utilisons des cookies. '.repeat(10)}OK`.replace(/\s+/g, ' ').trim().slice(0, 80)}"`);
    // Inside a known manager's element, or without any control, or speaking of something else: not a banner.
    page('<div class="orejime-Root"></div><div class="orejime-Env"><div class="cookie-bar" style="display:none">cookies <button>x</button></div></div>');
    expect((await d.detect() as { unknownDialog?: string }).unknownDialog).toBeUndefined();
    page('<div id="cookie-info">Nous utilisons des cookies.</div><div role="dialog">Newsletter <button>S’abonner</button></div>');
    expect((await d.detect() as { unknownDialog?: string }).unknownDialog).toBeUndefined();
  });

  it('says why a rule\'s popup could not be used: its manager absent, present without a popup, or steps that did not complete', async () => {
    vi.useFakeTimers();
    try {
      const d = await driver();
      page('');
      const absent = d.choose(cookieScript, 'refuse-all');
      await vi.advanceTimersByTimeAsync(LONGEST_WAIT_MS + 200);
      expect(await absent).toMatchObject({ outcome: 'not-found', miss: 'no-dialog' });
      page('<div id="cookiescript_injected" style="display:none"></div>');
      const hidden = d.choose(cookieScript, 'refuse-all');
      await vi.advanceTimersByTimeAsync(LONGEST_WAIT_MS + 200);
      expect(await hidden).toMatchObject({ outcome: 'not-found', miss: 'popup-not-shown' });
      // Shown, but its accept control is missing: the opt-in steps do not complete.
      page('<div id="cookiescript_injected" style="position:fixed">Cookies</div>');
      const incomplete = d.choose(cookieScript, 'accept-all');
      await vi.advanceTimersByTimeAsync(LONGEST_WAIT_MS + 200);
      expect(await incomplete).toMatchObject({ outcome: 'not-found', miss: 'rule-incomplete' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a click inside the rule\'s container through its shadow root, and a rule\'s popup still there after the steps as not closed', async () => {
    page('<div id="cookiescript_injected" style="position:fixed">Cookies</div>');
    const host = document.getElementById('cookiescript_injected')!;
    const root = host.attachShadow({ mode: 'open' });
    const button = document.createElement('button');
    button.textContent = 'Reject all';
    root.append(button);
    let clicked = 0;
    button.addEventListener('click', () => void clicked++);
    const rule: ManagerRule = { ...cookieScript, id: 'autoconsent:shadowed', steps: { ...cookieScript.steps!, optOut: [{ click: ['#cookiescript_injected', 'button'] }] } };
    const d = createConsentDriver();
    await d.call({ action: 'book', key: 'k', rules: [rule] });
    vi.useFakeTimers();
    try {
      const answer = d.call({ action: 'choose', key: 'k', rule: rule.id, choice: 'refuse-all', others: [] });
      await vi.advanceTimersByTimeAsync(LONGEST_WAIT_MS + 200);
      expect(await answer).toMatchObject({ outcome: 'chosen', method: 'rule-steps', closed: false });
    } finally {
      vi.useRealTimers();
    }
    expect(clicked).toBe(1);
  });

  it('finds a manager by an autoconsent rule\'s detection steps, its popup by their visibility', async () => {
    page('<div id="cookiescript_injected" style="position:fixed">Cookies <button id="cookiescript_reject">Reject</button></div>');
    expect(await (await driver()).detect()).toEqual({ present: [{ id: cookieScript.id, dialog: true }] });
  });
});

describe('a choice in a dialog whose markup the auditor knows', () => {
  it('refuses with the dialog\'s refuse-all control, found by its name, and leaves a token in the document', async () => {
    const clicked = page(platformModal('<button data-log="accept">Tout accepter</button><button data-log="refuse">Tout refuser</button>'));
    const d = await driver();
    expect(await d.choose(platform, 'refuse-all')).toEqual({ outcome: 'chosen', method: 'all-control', choice: 'refuse-all', labels: ['Tout refuser'], mark: 'ods-audit-token', dialogTitle: 'Gestion de vos préférences sur les cookies' });
    expect(clicked).toEqual(['refuse']);
    expect(await d.mark()).toEqual({ mark: 'ods-audit-token' });
  });

  it('without a refuse-all control, turns every optional switch off then saves; to accept, every one on', async () => {
    const clicked = page(platformModal('<input type="checkbox" checked disabled> <input type="checkbox" id="ga" checked> <input type="checkbox" id="matomo"><button data-log="save">Sauvegarder mes choix</button>'));
    const d = await driver();
    expect(await d.choose(platform, 'refuse-all')).toMatchObject({ outcome: 'chosen', method: 'switches', switches: 2 });
    expect([(document.getElementById('ga') as HTMLInputElement).checked, (document.getElementById('matomo') as HTMLInputElement).checked]).toEqual([false, false]);
    expect(clicked).toEqual(['save']);
    await d.choose(platform, 'accept-all');
    expect([(document.getElementById('ga') as HTMLInputElement).checked, (document.getElementById('matomo') as HTMLInputElement).checked]).toEqual([true, true]);
  });

  it('says why a dialog could not be used: no save control, nothing to turn on, no dialog and no control of its own', async () => {
    page(platformModal('<input type="checkbox">'));
    expect(await (await driver()).choose(platform, 'refuse-all')).toMatchObject({ outcome: 'not-found', miss: 'no-save-control' });
    page(platformModal('<button>Enregistrer</button>'));
    expect(await (await driver()).choose(platform, 'accept-all')).toMatchObject({ outcome: 'not-found', miss: 'no-switch' });
    page('<div class="orejime-Root"></div>');
    expect(await (await driver()).choose(orejime, 'refuse-all')).toMatchObject({ outcome: 'not-found', miss: 'no-open-control' });
  });

  it('opens a hidden dialog with the manager\'s own control first, and says so', async () => {
    const clicked = page(platformModal('<button data-log="refuse">Tout refuser</button>'));
    const modal = document.getElementById('modal') as HTMLElement;
    modal.style.display = 'none';
    document.querySelector('.ods-manage-cookies-preferences__show-button')!.addEventListener('click', () => void (modal.style.display = 'block'));
    expect(await (await driver()).choose(platform, 'refuse-all')).toMatchObject({ outcome: 'chosen', method: 'all-control', opened: true, labels: ['Gérer les cookies', 'Tout refuser'] });
    expect(clicked).toEqual(['show', 'refuse']);
  });

  it.each([
    ['a link to another address', '<a href="https://evil.example/optout" data-log="refuse">Tout refuser</a>', { danger: 'link-elsewhere', detail: 'https://evil.example/optout' }],
    ['a download', '<a href="/export.csv" download data-log="refuse">Tout refuser</a>', { danger: 'download', detail: '/export.csv' }],
    ['a new window', '<a href="#" target="_blank" data-log="refuse">Tout refuser</a>', { danger: 'new-window' }],
    ['a form submission', '<form action="/consent" method="post"><button data-log="refuse">Tout refuser</button></form>', { danger: 'form-submission', detail: 'post https://data.example.fr/consent' }],
    ['a script link, where no Navigation API can cancel it', '<a href="javascript:location.assign(\'https://evil.example/\')" data-log="refuse">Tout refuser</a>', { danger: 'javascript-link' }],
  ])('clicks nothing that would leave the page or change anything: %s', async (_what, control, refusal) => {
    const clicked = page(platformModal(control));
    expect(await (await driver()).choose(platform, 'refuse-all')).toMatchObject({ outcome: 'unsafe', refusal, labels: [] });
    expect(clicked).toEqual([]);
  });

  it('reads an SVG link\'s address from its attribute (href or xlink:href), as any link\'s', async () => {
    page(platformModal('<svg><a id="svg-refuse"><text>Tout refuser</text></a></svg>'));
    const link = document.getElementById('svg-refuse')!;
    link.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', 'https://evil.example/optout');
    expect(unsafe(link.querySelector('text')!)).toEqual({ danger: 'link-elsewhere', detail: 'https://evil.example/optout' });
    link.removeAttributeNS('http://www.w3.org/1999/xlink', 'href');
    link.setAttribute('href', '#here');
    expect(unsafe(link.querySelector('text')!)).toBeUndefined();
  });

  it('clicks a link that stays on the page (its own anchor, a script link that does nothing)', async () => {
    const clicked = page(platformModal('<a href="#refuse" data-log="refuse">Tout refuser</a><a href="javascript:void(0)" data-log="accept">Tout accepter</a>'));
    const d = await driver();
    expect(await d.choose(platform, 'refuse-all')).toMatchObject({ outcome: 'chosen' });
    expect(await d.choose(platform, 'accept-all')).toMatchObject({ outcome: 'chosen' });
    expect(clicked).toEqual(['refuse', 'accept']);
  });

  it('stops a submission or a link\'s navigation that a safe-looking control sets off, and names it', async () => {
    page(platformModal('<button id="refuse">Tout refuser</button><form id="f" action="/track"></form><a id="away" href="https://evil.example/">x</a>'));
    let submitted = false;
    document.getElementById('refuse')!.addEventListener('click', () => document.getElementById('away')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    document.addEventListener('submit', () => void (submitted = true));
    expect(await (await driver()).choose(platform, 'refuse-all')).toMatchObject({ outcome: 'unsafe', refusal: { danger: 'link-elsewhere', detail: 'https://evil.example/' } });
    expect(submitted).toBe(false);
  });
});

describe('a choice by an autoconsent rule\'s steps', () => {
  const banner = (inner: string) => `<div id="cookiescript_injected" style="position:fixed">Cookies ${inner}</div>`;

  it('runs the opt-out steps inside the rule\'s container and counts the choice once its popup is gone', async () => {
    const clicked = page(banner('<button id="cookiescript_reject" data-log="reject">Reject all</button>'));
    document.getElementById('cookiescript_reject')!.addEventListener('click', () => void ((document.getElementById('cookiescript_injected') as HTMLElement).style.display = 'none'));
    expect(await (await driver()).choose(cookieScript, 'refuse-all')).toMatchObject({ outcome: 'chosen', method: 'rule-steps', closed: true, labels: ['Reject all'] });
    expect(clicked).toEqual(['reject']);
  });

  it('refuses a step whose control lies outside the manager\'s container, or would leave the page', async () => {
    let clicked = page(`${banner('')}<button id="cookiescript_accept" data-log="accept">Accept</button>`);
    expect(await (await driver()).choose(cookieScript, 'accept-all')).toMatchObject({ outcome: 'unsafe', refusal: { danger: 'outside-dialog' } });
    expect(clicked).toEqual([]);
    clicked = page(banner('<a id="cookiescript_accept" href="https://evil.example/" data-log="accept">Accept</a>'));
    expect(await (await driver()).choose(cookieScript, 'accept-all')).toMatchObject({ outcome: 'unsafe', refusal: { danger: 'link-elsewhere' } });
    expect(clicked).toEqual([]);
  });

  it('never runs a page-script step: names it, and clicks nothing after it', async () => {
    const rule: ManagerRule = { ...cookieScript, id: 'autoconsent:scripted', steps: { ...cookieScript.steps!, optOut: [{ eval: 'EVAL_COOKIESCRIPT_REJECT' }, { click: '#cookiescript_reject' }] } };
    const book = [rule];
    const clicked = page(banner('<button id="cookiescript_reject" data-log="reject">Reject</button>'));
    const d = createConsentDriver();
    await d.call({ action: 'book', key: 'k', rules: book });
    expect(await d.call({ action: 'choose', key: 'k', rule: rule.id, choice: 'refuse-all', others: [] })).toMatchObject({ outcome: 'not-found', miss: 'needs-page-script', detail: 'EVAL_COOKIESCRIPT_REJECT' });
    expect(clicked).toEqual([]);
  });

  it('reads the page\'s steps as autoconsent does: if/then/else, any, negated, optional, cookies', async () => {
    page('<div id="a"></div><div id="b" style="display:none"></div>');
    document.cookie = 'euconsent=1';
    expect(await evaluate({ if: { exists: '#a' }, then: [{ exists: '#b' }], else: [{ exists: '#none' }] })).toBe(true);
    expect(await evaluate({ if: { exists: '#none' }, then: [{ exists: '#a' }], else: [{ exists: '#none' }] })).toBe(false);
    expect(await evaluate({ any: [{ exists: '#none' }, { visible: '#a' }] })).toBe(true);
    expect(await evaluate({ visible: '#b', negated: true })).toBe(true);
    expect(await evaluate({ visible: ['#a', '#b'].join(', '), check: 'any' })).toBe(true);
    expect(await evaluate({ visible: '#b', check: 'none' })).toBe(true);
    expect(await evaluate({ cookieContains: 'euconsent' })).toBe(true);
    // Reading only: a step that would act, or run the page's script, is never true.
    expect(await evaluate({ click: '#a' })).toBe(false);
    expect(await evaluate({ eval: 'true' })).toBe(false);
    expect(await evaluate({ if: { exists: '#a' }, then: [{ exists: '#none', optional: true }] })).toBe(true);
  });
});

describe('acting on autoconsent\'s steps', () => {
  /** What a rule's steps press, and whether they must stop. */
  const actor = () => {
    const pressed: string[] = [];
    let stop = false;
    let script = '';
    const actions: StepActions = {
      press: (selector, every) => {
        const found = [...document.querySelectorAll(String(selector))];
        for (const el of every ? found : found.slice(0, 1)) pressed.push(el.id);
        return found.length > 0;
      },
      stopped: () => stop,
      needsScript: (snippet) => void (script = snippet),
    };
    return { actions, pressed, stopAfter: () => void (stop = true), script: () => script };
  };

  it('waits for what the page draws late, clicks one match or every one, and counts cosmetic steps as done', async () => {
    vi.useFakeTimers();
    try {
      page('<button id="a1" class="opt"></button><button id="a2" class="opt"></button>');
      // The page draws its popup a moment later: the steps wait for it (timers driven by the test).
      setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<div id="late" style="position:fixed"><button id="go"></button></div>'), 500);
      const { actions, pressed } = actor();
      const steps = run([{ waitFor: '#late' }, { waitForVisible: '#late' }, { click: '.opt' }, { click: '.opt', all: true }, { waitForThenClick: '#go' }, { wait: 10 }, { hide: '#late' }, { setStyle: 'x' }, { removeClass: 'y' }, { addStyle: 'z' }], actions);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await steps).toBe(true);
      expect(pressed).toEqual(['a1', 'a1', 'a2', 'go']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails on a missing control unless the step is optional, tries `any` in order, and stops once told to', async () => {
    page('<button id="b"></button>');
    const one = actor();
    expect(await run([{ click: '#none' }, { click: '#b' }], one.actions)).toBe(false);
    expect(one.pressed).toEqual([]);
    const two = actor();
    expect(await run([{ click: '#none', optional: true }, { any: [{ click: '#none' }, { click: '#b' }, { click: '#b' }] }], two.actions)).toBe(true);
    expect(two.pressed).toEqual(['b']);
    const three = actor();
    three.stopAfter();
    expect(await run([{ click: '#b' }, { click: '#b' }], three.actions)).toBe(false);
    expect(three.pressed).toEqual(['b']);
    // A page-script step is named, never run, and nothing after it is pressed.
    const four = actor();
    expect(await evaluate({ eval: 'SNIPPET', click: '#b' }, four.actions)).toBe(false);
    expect([four.script(), four.pressed]).toEqual(['SNIPPET', []]);
  });

  it('gives up waiting once its time is up, never later than the longest wait whatever a rule asks', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waiting = until(() => false, 60_000).then((held) => ((done = true), held));
      await vi.advanceTimersByTimeAsync(LONGEST_WAIT_MS - 200);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(400);
      expect(await waiting).toBe(false);
      const short = until(() => false, 300).then((held) => ((done = false), held));
      await vi.advanceTimersByTimeAsync(400);
      expect([await short, done]).toEqual([false, false]);
      expect(await until(async () => true, 60_000)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the driver in a document', () => {
  it('asks for the rule book until it has it, and for it again under another key', async () => {
    const d = createConsentDriver();
    expect(await d.call({ action: 'detect', key: 'k1' })).toEqual({ needs: 'book' });
    await d.call({ action: 'book', key: 'k1', rules: OWN });
    expect(await d.call({ action: 'detect', key: 'k1' })).toEqual({ present: [] });
    expect(await d.call({ action: 'detect', key: 'k2' })).toEqual({ needs: 'book' });
    expect(await d.call({ action: 'choose', key: 'k1', rule: 'autoconsent:unknown', choice: 'refuse-all', others: [] })).toEqual({ needs: 'book' });
    expect(await d.call({ action: 'mark' })).toEqual({ mark: '' });
  });
});

describe('the runner\'s side: code and rule book go into a document once', () => {
  /** A page whose documents change when `navigate` is called, each with no driver until injected. */
  function documents() {
    const sent: string[] = [];
    let current: ReturnType<typeof createConsentDriver> | undefined;
    const world: PageWorld = {
      async send(request: DriverRequest) {
        sent.push(request.action);
        return current ? current.call(request) : ABSENT;
      },
      async inject() {
        sent.push('inject');
        current = createConsentDriver();
        return true;
      },
    };
    return { world, sent, navigate: () => void (current = undefined) };
  }

  it('injects the driver and sends the book on a document\'s first request, then only the requests', async () => {
    const { world, sent, navigate } = documents();
    const client = consentDriverClient(world);
    expect(await client.detect(OWN)).toEqual({ present: [] });
    expect(await client.detect(OWN)).toEqual({ present: [] });
    expect(sent).toEqual(['detect', 'inject', 'detect', 'book', 'detect', 'detect']);
    navigate();
    sent.length = 0;
    expect(await client.mark()).toEqual({ mark: '' }); // another document: no choice was made in it
    expect(sent).toEqual(['mark']);
  });

  it('answers undefined where scripts cannot run, never an invented answer', async () => {
    const client = consentDriverClient({ send: async () => undefined, inject: async () => false });
    expect(await client.detect(OWN)).toBeUndefined();
    const absent = consentDriverClient({ send: async () => ABSENT, inject: async () => false });
    expect(await absent.choose(platform, 'refuse-all', OWN)).toBeUndefined();
  });

  it('keys a rule book by its content', () => {
    expect(bookKey([...OWN])).toBe(bookKey([...OWN]));
    expect(bookKey(OWN)).not.toBe(bookKey([...OWN, cookieScript]));
  });
});

describe('the navigation guard', () => {
  afterEach(() => {
    vi.useRealTimers();
    delete (window as unknown as { navigation?: unknown }).navigation;
  });

  /** A Navigation API stand-in: what a browser's `navigate` event carries. */
  const navigateTo = (navigation: EventTarget, url: string) => {
    const event = Object.assign(new Event('navigate', { cancelable: true }), { destination: { url } });
    navigation.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it('cancels a navigation elsewhere before its request however late, lets the page reload itself and the browser\'s own loads pass', () => {
    const navigation = new EventTarget();
    (window as unknown as { navigation: EventTarget }).navigation = navigation;
    const left: string[] = [];
    guardNavigation((to) => left.push(to));
    expect(navigateTo(navigation, 'https://evil.example/')).toBe(true);
    expect(navigateTo(navigation, 'https://data.example.fr/explore/#top')).toBe(false);
    // Long after the choice (a timer past any moment), still cancelled.
    vi.useFakeTimers();
    vi.advanceTimersByTime(60_000);
    expect(navigateTo(navigation, 'https://data.example.fr/account/logout')).toBe(true);
    // The auditor's next load comes from the browser: not cancellable, never held.
    const browserLoad = Object.assign(new Event('navigate', { cancelable: false }), { destination: { url: 'https://data.example.fr/explore/dataset/x/' } });
    navigation.dispatchEvent(browserLoad);
    expect(left).toEqual(['https://evil.example/', 'https://data.example.fr/account/logout']);
  });

  it('without the Navigation API (Firefox before 147), a navigation begun after a choice is told by the document that stayed', async () => {
    const d = await driver();
    page(platformModal('<button data-log="refuse">Tout refuser</button><button>Tout accepter</button>'));
    await d.choose(platform, 'refuse-all');
    expect(await d.mark()).toEqual({ mark: 'ods-audit-token' });
    // The page sends itself elsewhere; the browser's rules refuse the load and the document stays.
    window.dispatchEvent(new Event('beforeunload'));
    expect(await d.mark()).toEqual({ mark: 'ods-audit-token', unloading: true });
    // The next choice starts clean.
    await d.choose(platform, 'accept-all');
    expect(await d.mark()).toEqual({ mark: 'ods-audit-token' });
  });

  it('with the Navigation API, a script link may be clicked: its navigation is what gets cancelled', () => {
    (window as unknown as { navigation: EventTarget }).navigation = new EventTarget();
    page('<a id="s" href="javascript:location.assign(\'https://evil.example/\')">x</a>');
    expect(unsafe(document.getElementById('s')!)).toBeUndefined();
  });
});
