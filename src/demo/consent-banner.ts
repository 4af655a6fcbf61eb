// The demo portal's consent modal, as public sources describe the platform's (docs/platform-facts.md
// §1–2): opened on a first visit when a tracker requires consent, and from the footer's
// manage-cookies button; "strictly necessary — always on", a switch per tracker, "Save my choices";
// the choice kept in `cookies_preferences`, URL-encoded JSON of per-tracker booleans and a
// timestamp. Whether the real modal also has "accept all" / "refuse all" buttons is not known:
// `buttons` adds them, so that both readings are tested.

export interface ConsentBannerOptions {
  /** `correct`: analytics only once accepted; `faulty`: Google Analytics set on arrival, and despite refusal. */
  behaviour: 'correct' | 'faulty';
  /** Adds "Tout accepter" / "Tout refuser" buttons beside the switches. */
  buttons: boolean;
  /**
   * A hostile portal, for the auditor's safety tests: `offsite`, "Tout refuser" is a link to
   * `elsewhere` (another site) and "Tout accepter" a download; `form`, "Tout refuser" is a submit
   * button of a form posting to /account/delete; `outside`, the modal never opens by itself, its
   * own control opens nothing, and a « Gérer mes cookies » link outside it leads to
   * /account/delete?confirm=yes; `script-link`, "Tout accepter" is a `javascript:` link whose script
   * sends the page to `elsewhere`; `lying-dom`, "Tout refuser" is a link to `elsewhere` and the
   * page's script lies about its DOM (`closest` finds no link) and plants a forged driver under
   * the auditor's global name, as a page trying to fool a driver that ran in its world would.
   */
  hostile?: 'offsite' | 'form' | 'outside' | 'script-link' | 'lying-dom' | AfterChoice;
  elsewhere?: string;
}

/**
 * Hostile portals whose "Tout refuser" is a plain button that records the refusal, then, from its
 * own handler, does what a visitor's click must never lead to: `timer`, sends the page to
 * /account/logout 4 s later (past the moment the click is checked: the in-page guard and the network layer are left), `timer-elsewhere` to `elsewhere`; `beacon`, POSTs /account/delete with sendBeacon; `form-post`, submits a
 * hidden form to the page's own address (POST); `window-open`, opens `elsewhere` in a new window;
 * `shadow-link`, the button sits in a link to `elsewhere` inside a shadow root (the DOM it is in
 * shows no link); `href-swap`, the control is a link to `#` whose own handler points it at `elsewhere`
 * while the click is dispatched; `svg-link`, the button sits in an SVG `<a xlink:href>` to
 * `elsewhere`; `ping`, the control is a link to `#` whose `ping` POSTs /account/delete;
 * `guard-off`, the page first wraps `addEventListener` so that no `navigate` or `beforeunload`
 * listener is ever added (a guard in the page's world would never arm), then sends itself to
 * /account/logout 1.2 s after the click.
 */
export type AfterChoice = 'timer' | 'timer-elsewhere' | 'beacon' | 'form-post' | 'window-open' | 'shadow-link' | 'href-swap' | 'svg-link' | 'ping' | 'guard-off';
const AFTER_CHOICE: readonly string[] = ['timer', 'timer-elsewhere', 'beacon', 'form-post', 'window-open', 'shadow-link', 'href-swap', 'svg-link', 'ping', 'guard-off'];

/** The trackers the demo portal can load once accepted: the consent key, its label, its cookies. */
const TRACKERS = [
  { key: 'matomo', label: "Mesure d'audience (Matomo)", cookies: ['_pk_id.3.a1b2=77.1700000000; max-age=33696000', '_pk_ses.3.a1b2=1; max-age=1800'] },
  { key: 'ga', label: 'Google Analytics', cookies: ['_ga=GA1.1.77.1700000000; max-age=63072000'] },
];

const attribute = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function consentBanner({ behaviour, buttons, hostile, elsewhere = 'http://elsewhere.localhost/' }: ConsentBannerOptions): string {
  const switches = TRACKERS.map((t) => `<label class="ods-cookies-switch"><input type="checkbox" role="switch" data-tracker="${t.key}"> ${t.label}</label>`).join('\n');
  const allButtons = hostile === 'offsite'
    ? `<a href="${attribute(elsewhere)}">Tout refuser</a><a href="/download/consentement.pdf" download>Tout accepter</a>`
    : hostile === 'lying-dom'
      ? `<a href="${attribute(elsewhere)}">Tout refuser</a><button type="button" data-all="true">Tout accepter</button>`
    : hostile === 'shadow-link'
      ? '<ods-consent-link><button type="button" data-all="false" data-then>Tout refuser</button></ods-consent-link><button type="button" data-all="true">Tout accepter</button>'
    : hostile === 'href-swap'
      ? '<a href="#" data-all="false" data-then>Tout refuser</a><button type="button" data-all="true">Tout accepter</button>'
    : hostile === 'svg-link'
      ? `<svg width="140" height="32"><a xlink:href="${attribute(elsewhere)}"><foreignObject width="140" height="32"><button type="button" data-all="false" data-then>Tout refuser</button></foreignObject></a></svg><button type="button" data-all="true">Tout accepter</button>`
    : hostile === 'ping'
      ? '<a href="#" ping="/account/delete" data-all="false" data-then>Tout refuser</a><button type="button" data-all="true">Tout accepter</button>'
    : hostile && AFTER_CHOICE.includes(hostile)
      ? '<button type="button" data-all="false" data-then>Tout refuser</button><button type="button" data-all="true">Tout accepter</button>'
    : hostile === 'script-link'
      ? `<button type="button" data-all="false">Tout refuser</button><a href="${attribute(`javascript:void(location.href=${JSON.stringify(elsewhere)})`)}">Tout accepter</a>`
    : hostile === 'form'
      ? '<form method="post" action="/account/delete"><button>Tout refuser</button></form><button type="button" data-all="true">Tout accepter</button>'
      : buttons ? '<button type="button" data-all="false">Tout refuser</button><button type="button" data-all="true">Tout accepter</button>' : '';
  const outside = hostile === 'outside' ? '<p class="promo"><a href="/account/delete?confirm=yes">Gérer mes cookies</a></p>' : '';
  const trackers = JSON.stringify(TRACKERS.map(({ key, cookies }) => ({ key, cookies })));
  const lies = hostile === 'lying-dom'
    ? `<script>(() => {
  const closest = Element.prototype.closest;
  Element.prototype.closest = function (selector) { return /a\\[href\\]/.test(selector) ? null : closest.call(this, selector); };
  window.__odsConsentDriver = { call: async (request) => ({ outcome: 'chosen', method: 'all-control', choice: request.choice, labels: [], mark: 'forged' }) };
})();</script>`
    : '';
  const then = hostile && AFTER_CHOICE.includes(hostile) ? `<script>(() => {
  const HOSTILE = ${JSON.stringify(hostile)};
  const ELSEWHERE = ${JSON.stringify(elsewhere)};
  if (HOSTILE === 'guard-off') {
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) { if (type === 'navigate' || type === 'beforeunload') return; return add.call(this, type, ...rest); };
  }
  if (HOSTILE === 'shadow-link') customElements.define('ods-consent-link', class extends HTMLElement {
    constructor() { super(); const a = document.createElement('a'); a.href = ELSEWHERE; a.append(document.createElement('slot')); this.attachShadow({ mode: 'open' }).append(a); }
  });
  const control = () => document.querySelector('[data-then]');
  document.addEventListener('DOMContentLoaded', () => control().addEventListener('click', (event) => {
    if (HOSTILE === 'timer') setTimeout(() => { location.href = '/account/logout'; }, 4000);
    if (HOSTILE === 'timer-elsewhere') setTimeout(() => { location.href = ELSEWHERE; }, 4000);
    if (HOSTILE === 'beacon') navigator.sendBeacon('/account/delete', 'confirm=yes');
    if (HOSTILE === 'form-post') { const f = document.createElement('form'); f.method = 'post'; f.action = location.href; document.body.append(f); f.submit(); }
    if (HOSTILE === 'window-open') window.open(ELSEWHERE, '_blank');
    if (HOSTILE === 'href-swap') event.currentTarget.href = ELSEWHERE;
    if (HOSTILE === 'guard-off') setTimeout(() => { location.href = '/account/logout'; }, 1200);
  }));
})();</script>` : '';
  return `${lies}${then}${outside}<div id="ods-cookies-modal" class="ods-cookies-modal" role="dialog" aria-modal="true" aria-labelledby="ods-cookies-title" hidden>
<h2 id="ods-cookies-title">Gestion de vos préférences sur les cookies</h2>
<section><h3>Cookies strictement nécessaires</h3><p>Toujours actif</p></section>
<section><h3>Cookies de statistiques</h3>
${switches}
</section>
<p><a href="/terms/cookies-policy/">Consulter la charte des cookies</a></p>
${allButtons}<button type="button" data-save>Sauvegarder mes choix</button>
</div>
<script>(() => {
  const TRACKERS = ${trackers};
  const OUTSIDE = ${hostile === 'outside'};
  const FAULTY = ${behaviour === 'faulty'};
  const modal = document.getElementById('ods-cookies-modal');
  const read = () => {
    const m = document.cookie.match(/(?:^|; )cookies_preferences=([^;]*)/);
    try { return m ? JSON.parse(decodeURIComponent(m[1])) : undefined; } catch { return undefined; }
  };
  const start = () => {
    const choices = read() || {};
    for (const t of TRACKERS) {
      // The faulty portal loads Google Analytics whatever the visitor said.
      if (choices[t.key] === true || (FAULTY && t.key === 'ga')) for (const c of t.cookies) document.cookie = c + '; path=/';
    }
  };
  const save = (choices) => {
    document.cookie = 'cookies_preferences=' + encodeURIComponent(JSON.stringify({ functional_cookies: true, ...choices, timestamp: Date.now() })) + '; path=/; max-age=15552000';
    modal.hidden = true;
    start();
  };
  const switches = () => Array.from(modal.querySelectorAll('input[data-tracker]'));
  modal.querySelector('[data-save]').addEventListener('click', () => save(Object.fromEntries(switches().map((s) => [s.dataset.tracker, s.checked]))));
  for (const b of modal.querySelectorAll('[data-all]')) b.addEventListener('click', () => save(Object.fromEntries(switches().map((s) => [s.dataset.tracker, b.dataset.all === 'true']))));
  for (const b of document.querySelectorAll('.ods-manage-cookies-preferences__show-button')) b.addEventListener('click', () => {
    if (OUTSIDE) return;
    const choices = read() || {};
    for (const s of switches()) s.checked = choices[s.dataset.tracker] === true;
    modal.hidden = false;
  });
  // A first visit: no choice recorded yet, so the modal opens (trackers here require consent).
  if (!read() && !OUTSIDE) modal.hidden = false;
  start();
})();</script>`;
}
