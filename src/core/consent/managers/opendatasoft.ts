// The platform's own consent manager (Opendatasoft / Huwise), docs/platform-facts.md §1, §2 and §7: the
// `##manage-cookies##` placeholder renders <ods-manage-cookies-preferences> and a footer control
// `.ods-manage-cookies-preferences__show-button`; the modal has per-tracker switches and « Sauvegarder
// mes choix » (whether it also has « Tout accepter » / « Tout refuser » is not documented: both
// readings are handled); the choice is `cookies_preferences`, URL-encoded JSON of per-tracker
// booleans (functional_cookies, ga, matomo, xiti, at, piano, eulerian) and a timestamp.
import { CONSENT_COOKIE, CONSENT_KEYS } from '../consent-cookie.ts';
import type { OwnManager } from './manager.ts';
import { readConsentValue } from './opendatasoft-record.ts';

/** The names of the controls, in the portal's languages: never one portal's exact labels. */
const ACCEPT_ALL = 'tout accepter|accepter tout|accept all|allow all|alles akzeptieren|aceptar todo|accepteer alles|accetta tutto';
const REFUSE_ALL = 'tout refuser|refuser tout|reject all|refuse all|decline all|deny all|alles ablehnen|rechazar todo|weiger alles|rifiuta tutto';
const SAVE = 'sauvegarder|enregistrer|valider|confirmer|save|confirm|speichern|guardar|opslaan|salva';

export const opendatasoft: OwnManager = {
  id: 'opendatasoft',
  name: 'Opendatasoft (the platform\'s own)',
  rule: {
    id: 'opendatasoft',
    present: ['ods-manage-cookies-preferences', '.ods-manage-cookies-preferences__show-button', '#ods-cookies-modal', '.ods-cookies-modal'],
    // The modal as the platform renders it: a dialog within the platform's own component.
    dialog: ['ods-manage-cookies-preferences [role="dialog"]', '#ods-cookies-modal', '.ods-cookies-modal'],
    // The modal's markup is not published (docs/platform-facts.md §7): a dialog speaking of cookies, on a page where the platform's control is.
    dialogByRole: 'cookie',
    open: ['.ods-manage-cookies-preferences__show-button'],
    refuseAll: { names: REFUSE_ALL },
    acceptAll: { names: ACCEPT_ALL },
    switches: { selectors: ['[role="switch"]', 'input[type="checkbox"]'], save: { names: SAVE } },
  },
  consentCookies: [CONSENT_COOKIE],
  recorded(cookies) {
    const state = this.consentState(cookies);
    return state?.status === 'chosen' ? state.choice : undefined;
  },
  consentState(cookies) {
    const cookie = cookies.find((c) => c.name === CONSENT_COOKIE);
    return cookie ? readConsentValue(cookie.value ?? '') : undefined;
  },
  record(choice, keys) {
    const known = keys.filter((k) => CONSENT_KEYS.has(k) && k !== 'functional_cookies');
    const choices = Object.fromEntries((known.length ? known : ['ga', 'matomo', 'xiti', 'at', 'piano', 'eulerian']).map((k) => [k, choice === 'accept-all']));
    return { name: CONSENT_COOKIE, value: encodeURIComponent(JSON.stringify({ functional_cookies: true, ...choices, timestamp: Date.now() })) };
  },
  keysOf(cookies) {
    const cookie = cookies.find((c) => c.name === CONSENT_COOKIE);
    const consent = cookie ? readConsentValue(cookie.value ?? '') : undefined;
    return consent?.status === 'chosen' ? Object.keys(consent.choices).filter((k) => k !== 'functional_cookies') : [];
  },
};
