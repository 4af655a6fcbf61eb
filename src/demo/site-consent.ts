// Consent managers that public bodies add to their sites (docs/platform-facts.md §7), as the real
// libraries from npm, served by the demo portal under /vendor/: tarteaucitron.js, Klaro, Orejime
// (its DSFR build in French, its standard build in English), vanilla-cookieconsent 3 and 2, each
// configured with one analytics service that sets `_ga` only once the visitor allows it. The
// faulty variant also has a tag pasted outside the manager, as happens when a template is edited by
// hand: it sets `_gid` whatever the visitor chose, at load and again a second later (the managers
// delete the cookies they list for a refused service, which `_gid` is not).
import { readFile } from 'node:fs/promises';
import { cookielessTrackersScript } from './tracker-hosts.ts';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';

export interface SiteConsentOptions {
  /** `unknown`: a hand-made banner of a consent manager the auditor does not know, with a tag that sets `_ga` regardless. */
  /**
   * `cookieconsent2`: the real vanilla-cookieconsent 2, which only autoconsent's rule knows;
   * `didomi`: a stand-in for Didomi's hosted notice (no npm build of it exists), its markup as
   * autoconsent's didomi rule reads real sites; `didomiLink`: the same whose « Continuer sans
   * accepter » is a link to another site; `didomiNoDisagree`: the notice without that control,
   * where the rule falls back to Didomi's page script.
   */
  manager: 'tarteaucitron' | 'klaro' | 'orejime' | 'cookieconsent' | 'cookieconsent2' | 'didomi' | 'didomiLink' | 'didomiNoDisagree' | 'unknown';
  faulty?: boolean;
  /**
   * A Google Analytics tag pasted above the manager, writing `_ga` on every page load whatever the
   * choice: the manager deletes it a moment later when refused (tarteaucitron purges a refused
   * service's cookies on each load), but the tag has written it, and a real one sent its hit.
   */
  gaOnEveryLoad?: boolean;
  /**
   * tarteaucitron: once the analytics service is accepted, its callback also sends a hit with
   * `navigator.sendBeacon` (a POST) to this address on another site, as Google Analytics 4 does:
   * a request a choice starts, which the auditor observes and never takes for leaving the page.
   */
  hitOnAccept?: string;
  /**
   * tarteaucitron: trackers that set no cookie (tracker-hosts.ts: a GA4 hit by sendBeacon, Hotjar's
   * script and its web storage), started by the analytics service once accepted (`'consent'`), or
   * on every load whatever the visitor chose (`'every-load'`, the faulty portal).
   */
  cookieless?: 'consent' | 'every-load';
  /** The visitor's language: Orejime's DSFR build for `fr`, its standard build for `en`. */
  lang?: 'fr' | 'en';
}

/** What vanilla-cookieconsent's banners say in each language (its 2 and 3 alike). */
const COOKIECONSENT_WORDS = {
  fr: { title: 'Nous utilisons des cookies', all: 'Tout accepter', none: 'Tout refuser', show: 'Gérer les préférences', save: 'Enregistrer mes choix', section: "Mesure d'audience" },
  en: { title: 'We use cookies', all: 'Accept all', none: 'Reject all', show: 'Manage preferences', save: 'Save preferences', section: 'Audience measurement' },
};

const GA = "document.cookie = '_ga=GA1.1.99.1700000000; path=/; max-age=63072000';";

export function siteConsentMarkup({ manager, faulty, lang = 'fr', gaOnEveryLoad, hitOnAccept, cookieless }: SiteConsentOptions): string {
  const everyLoad = cookieless === 'every-load' ? `<script>${cookielessTrackersScript()}</script>` : '';
  return `${gaOnEveryLoad ? `<script>${GA}</script>` : ''}${everyLoad}${managerMarkup(manager, faulty === true, lang, hitOnAccept, cookieless === 'consent')}`;
}

function managerMarkup(manager: SiteConsentOptions['manager'], faulty: boolean, lang: 'fr' | 'en', hitOnAccept?: string, cookielessOnConsent = false): string {
  const regardless = faulty ? "<script>const gid = () => { document.cookie = '_gid=GA1.1.77.1700000000; path=/; max-age=86400'; }; gid(); setTimeout(gid, 1000);</script>" : '';
  if (manager === 'tarteaucitron') {
    return `<script>var tarteaucitronForceLanguage = 'fr';</script>
<script src="/vendor/tarteaucitron/tarteaucitron.js"></script>
<script>
tarteaucitron.init({ privacyUrl: '/terms/cookies-policy/', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron', orientation: 'middle', showAlertSmall: false, cookieslist: false, removeCredit: true, DenyAllCta: true, AcceptAllCta: true, highPrivacy: true, handleBrowserDNTRequest: false, mandatory: true, useExternalCss: false, useExternalJs: false });
tarteaucitron.services.odsdemoanalytics = { key: 'odsdemoanalytics', type: 'analytic', name: "Mesure d'audience (démo)", uri: '/terms/cookies-policy/', needConsent: true, cookies: ['_ga'], js: function () { ${GA}${hitOnAccept ? ` navigator.sendBeacon(${JSON.stringify(hitOnAccept)}, 'v=2&tid=G-DEMO&cid=99.1700000000&en=page_view');` : ''}${cookielessOnConsent ? ` ${cookielessTrackersScript()}` : ''} }, fallback: function () {} };
(tarteaucitron.job = tarteaucitron.job || []).push('odsdemoanalytics');
</script>${regardless}`;
  }
  if (manager === 'cookieconsent2') {
    const t = COOKIECONSENT_WORDS[lang];
    // hide_from_bots left at its default (true); page_scripts releases the held tag once allowed.
    return `<link rel="stylesheet" href="/vendor/cookieconsent2/cookieconsent.css">
<script type="text/plain" data-cookiecategory="analytics">${GA}</script>
<script src="/vendor/cookieconsent2/cookieconsent.js"></script>
<script>initCookieConsent().run({ current_lang: '${lang}', page_scripts: true, autoclear_cookies: true, cookie_domain: location.hostname,
  languages: { '${lang}': { consent_modal: { title: ${JSON.stringify(t.title)}, description: '', primary_btn: { text: ${JSON.stringify(t.all)}, role: 'accept_all' }, secondary_btn: { text: ${JSON.stringify(t.show)}, role: 'settings' } },
    settings_modal: { title: ${JSON.stringify(t.show)}, save_settings_btn: ${JSON.stringify(t.save)}, accept_all_btn: ${JSON.stringify(t.all)}, reject_all_btn: ${JSON.stringify(t.none)}, cookie_table_headers: [{ col1: 'Nom' }],
      blocks: [{ title: ${JSON.stringify(t.section)}, toggle: { value: 'analytics', enabled: false, readonly: false }, cookie_table: [{ col1: '^_ga', is_regex: true }] }] } } } });</script>${regardless}`;
  }
  if (manager === 'didomi' || manager === 'didomiLink' || manager === 'didomiNoDisagree') {
    // Didomi's notice: #didomi-host holds #didomi-notice with its agree and disagree buttons; the
    // choice goes to `didomi_token`, and the host is emptied once the visitor chose.
    const disagree = manager === 'didomiLink'
      ? '<a id="didomi-notice-disagree-button" href="http://elsewhere.localhost/continue">Continuer sans accepter</a>'
      : manager === 'didomi' ? '<button id="didomi-notice-disagree-button" type="button">Continuer sans accepter</button>' : '';
    return `<div id="didomi-host" data-nosnippet="true"></div>
<script>(() => {
  const host = document.getElementById('didomi-host');
  const choose = (ok) => {
    document.cookie = 'didomi_token=' + btoa(JSON.stringify({ purposes: { enabled: ok ? ['audience_measurement'] : [], disabled: ok ? [] : ['audience_measurement'] } })) + '; path=/; max-age=15552000';
    host.replaceChildren();
    host.setAttribute('aria-hidden', 'true');
    if (ok) { ${GA} }
  };
  const token = document.cookie.match(/(?:^|; )didomi_token=([^;]*)/);
  if (token) { if (JSON.parse(atob(token[1])).purposes.enabled.length) { ${GA} } return; }
  setTimeout(() => {
    const notice = document.createElement('div');
    notice.className = 'didomi-popup-notice didomi-notice-banner';
    notice.id = 'didomi-notice';
    notice.setAttribute('role', 'dialog');
    notice.setAttribute('aria-labelledby', 'didomi-notice-title');
    notice.style.cssText = 'position:fixed;bottom:0;left:0;right:0;background:#fff;border-top:2px solid #333;padding:1em;z-index:1000';
    const title = document.createElement('h1');
    title.id = 'didomi-notice-title';
    title.textContent = 'Vos données personnelles';
    notice.append(title);
    notice.insertAdjacentHTML('beforeend', '<p>Nous et nos partenaires utilisons des cookies pour mesurer l’audience.</p><button id="didomi-notice-agree-button" type="button">Accepter &amp; Fermer</button>${disagree}');
    notice.querySelector('#didomi-notice-agree-button').addEventListener('click', () => choose(true));
    notice.querySelector('button#didomi-notice-disagree-button')?.addEventListener('click', () => choose(false));
    host.append(notice);
  }, 200);
})();</script>${regardless}`;
  }
  if (manager === 'unknown') {
    return `<div id="cmp-notice" class="cmp-banner" role="region" aria-label="Cookies"><p>Nous utilisons des cookies pour mesurer l'audience.</p><button type="button">J'ai compris</button><button type="button">Paramétrer</button></div>
<script>${GA}</script>`;
  }
  if (manager === 'orejime') {
    const build = lang === 'fr' ? 'orejime-dsfr-fr.js' : 'orejime-standard-en.js';
    return `${lang === 'fr' ? '' : '<link rel="stylesheet" href="/vendor/orejime/orejime-standard.css">'}
<script>window.orejimeConfig = { privacyPolicyUrl: '/terms/cookies-policy/', purposes: [{ id: 'odsdemoanalytics', title: "${lang === 'fr' ? "Mesure d'audience (démo)" : 'Audience measurement (demo)'}", cookies: ['_ga'] }] };</script>
<script src="/vendor/orejime/${build}"></script>
<template data-purpose="odsdemoanalytics"><script>${GA}</script></template>${regardless}`;
  }
  if (manager === 'cookieconsent') {
    const t = COOKIECONSENT_WORDS[lang];
    // hideFromBots is left at its default (true): the banner shows only to a browser that is not seen as automated.
    // The held tag comes first: the library gathers `data-category` scripts when it runs.
    return `<link rel="stylesheet" href="/vendor/cookieconsent/cookieconsent.css">
<script type="text/plain" data-category="analytics">${GA}</script>
<script src="/vendor/cookieconsent/cookieconsent.umd.js"></script>
<script>CookieConsent.run({ categories: { necessary: { enabled: true, readOnly: true }, analytics: { autoClear: { cookies: [{ name: /^_ga/ }] } } },
  language: { default: '${lang}', translations: { '${lang}': { consentModal: { title: ${JSON.stringify(t.title)}, description: '', acceptAllBtn: ${JSON.stringify(t.all)}, acceptNecessaryBtn: ${JSON.stringify(t.none)}, showPreferencesBtn: ${JSON.stringify(t.show)} },
    preferencesModal: { title: ${JSON.stringify(t.show)}, acceptAllBtn: ${JSON.stringify(t.all)}, acceptNecessaryBtn: ${JSON.stringify(t.none)}, savePreferencesBtn: ${JSON.stringify(t.save)}, sections: [{ title: ${JSON.stringify(t.section)}, linkedCategory: 'analytics' }] } } } } });</script>${regardless}`;
  }
  return `<script>window.klaroConfig = { version: 1, elementID: 'klaro', storageMethod: 'cookie', cookieName: 'klaro', lang: 'fr', mustConsent: false, acceptAll: true, hideDeclineAll: false,
  services: [{ name: 'odsdemoanalytics', title: "Mesure d'audience (démo)", purposes: ['analytics'], cookies: ['_ga'], required: false, optOut: false, default: false }],
  translations: { zz: { privacyPolicyUrl: '/terms/cookies-policy/' }, fr: { purposes: { analytics: "Mesure d'audience" } } } };</script>
<script defer src="/vendor/klaro/klaro.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="odsdemoanalytics">${GA}</script>${regardless}`;
}

const require = createRequire(import.meta.url);
const ROOTS: Record<string, () => string> = {
  tarteaucitron: () => dirname(require.resolve('tarteaucitronjs/tarteaucitron.js')),
  klaro: () => join(dirname(require.resolve('klaro/package.json')), 'dist'),
  orejime: () => join(dirname(require.resolve('orejime/package.json')), 'dist'),
  cookieconsent: () => join(dirname(require.resolve('vanilla-cookieconsent/package.json')), 'dist'),
  cookieconsent2: () => join(dirname(require.resolve('vanilla-cookieconsent-v2/package.json')), 'dist'),
};
const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', json: 'application/json' };

/** A file of a served library (`/vendor/<library>/<path>`), or undefined: never outside its folder. */
export async function vendorFile(path: string): Promise<{ body: Buffer; type: string } | undefined> {
  const match = /^\/vendor\/(tarteaucitron|klaro|orejime|cookieconsent2?)\/(.+)$/.exec(path);
  if (!match) return undefined;
  let root: string;
  try {
    root = ROOTS[match[1]!]!();
  } catch {
    return undefined; // the library is not installed (a production install)
  }
  const file = normalize(join(root, decodeURIComponent(match[2]!)));
  if (!file.startsWith(root + sep)) return undefined;
  const body = await readFile(file).catch(() => undefined);
  return body ? { body, type: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream' } : undefined;
}
