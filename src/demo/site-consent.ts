// Consent managers that public bodies add to their sites (ods-platform-facts §7), as the real
// libraries from npm, served by the demo portal under /vendor/: tarteaucitron.js, Klaro, Orejime
// (its DSFR build in French, its standard build in English) and vanilla-cookieconsent, each
// configured with one analytics service that sets `_ga` only once the visitor allows it. The
// faulty variant also has a tag pasted outside the manager, as happens when a template is edited by
// hand: it sets `_gid` whatever the visitor chose, at load and again a second later (the managers
// delete the cookies they list for a refused service, which `_gid` is not).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';

export interface SiteConsentOptions {
  /** `unknown`: a hand-made banner of a consent manager the auditor does not know, with a tag that sets `_ga` regardless. */
  manager: 'tarteaucitron' | 'klaro' | 'orejime' | 'cookieconsent' | 'unknown';
  faulty?: boolean;
  /**
   * A Google Analytics tag pasted above the manager, writing `_ga` on every page load whatever the
   * choice: the manager deletes it a moment later when refused (tarteaucitron purges a refused
   * service's cookies on each load), but the tag has written it, and a real one sent its hit.
   */
  gaOnEveryLoad?: boolean;
  /** The visitor's language: Orejime's DSFR build for `fr`, its standard build for `en`. */
  lang?: 'fr' | 'en';
}

const GA = "document.cookie = '_ga=GA1.1.99.1700000000; path=/; max-age=63072000';";

export function siteConsentMarkup({ manager, faulty, lang = 'fr', gaOnEveryLoad }: SiteConsentOptions): string {
  return `${gaOnEveryLoad ? `<script>${GA}</script>` : ''}${managerMarkup(manager, faulty === true, lang)}`;
}

function managerMarkup(manager: SiteConsentOptions['manager'], faulty: boolean, lang: 'fr' | 'en'): string {
  const regardless = faulty ? "<script>const gid = () => { document.cookie = '_gid=GA1.1.77.1700000000; path=/; max-age=86400'; }; gid(); setTimeout(gid, 1000);</script>" : '';
  if (manager === 'tarteaucitron') {
    return `<script>var tarteaucitronForceLanguage = 'fr';</script>
<script src="/vendor/tarteaucitron/tarteaucitron.js"></script>
<script>
tarteaucitron.init({ privacyUrl: '/terms/cookies-policy/', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron', orientation: 'middle', showAlertSmall: false, cookieslist: false, removeCredit: true, DenyAllCta: true, AcceptAllCta: true, highPrivacy: true, handleBrowserDNTRequest: false, mandatory: true, useExternalCss: false, useExternalJs: false });
tarteaucitron.services.odsdemoanalytics = { key: 'odsdemoanalytics', type: 'analytic', name: "Mesure d'audience (démo)", uri: '/terms/cookies-policy/', needConsent: true, cookies: ['_ga'], js: function () { ${GA} }, fallback: function () {} };
(tarteaucitron.job = tarteaucitron.job || []).push('odsdemoanalytics');
</script>${regardless}`;
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
    const t = lang === 'fr'
      ? { title: 'Nous utilisons des cookies', all: 'Tout accepter', none: 'Tout refuser', show: 'Gérer les préférences', save: 'Enregistrer mes choix', section: "Mesure d'audience" }
      : { title: 'We use cookies', all: 'Accept all', none: 'Reject all', show: 'Manage preferences', save: 'Save preferences', section: 'Audience measurement' };
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
};
const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', json: 'application/json' };

/** A file of a served library (`/vendor/<library>/<path>`), or undefined: never outside its folder. */
export async function vendorFile(path: string): Promise<{ body: Buffer; type: string } | undefined> {
  const match = /^\/vendor\/(tarteaucitron|klaro|orejime|cookieconsent)\/(.+)$/.exec(path);
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
