// Klaro (KIProtect), an open-source consent manager used on European public sites: its notice
// `.klaro .cookie-notice` with « decline » `.cn-decline` and « accept » `.cn-ok .cm-btn-success`, its
// modal `.klaro .cookie-modal` (`.cm-btn-decline`, `.cm-btn-accept-all`); the choice in the cookie
// `klaro` (its `cookieName` setting), URL-encoded JSON of per-service booleans.
import { readJsonChoices } from './json-record.ts';
import { type OwnManager, choiceOf, stateOf } from './manager.ts';

const COOKIE = 'klaro';

export const readKlaro = readJsonChoices;

export const klaro: OwnManager = {
  id: 'klaro',
  name: 'Klaro',
  rule: {
    id: 'klaro',
    present: ['.klaro', '#klaro'],
    dialog: ['.klaro .cookie-notice:not(.cookie-notice-hidden)', '.klaro .cookie-modal'],
    refuseAll: { selectors: ['.klaro .cookie-modal .cm-btn-decline', '.klaro .cn-decline'] },
    acceptAll: { selectors: ['.klaro .cookie-modal .cm-btn-accept-all', '.klaro .cn-ok .cm-btn-success', '.klaro .cm-btn-accept-all'] },
  },
  consentCookies: [COOKIE],
  recorded(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? choiceOf(readKlaro(cookie.value ?? '')) : undefined;
  },
  consentState(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? stateOf('klaro', readKlaro(cookie.value ?? '')) : undefined;
  },
  record(choice, keys) {
    return { name: COOKIE, value: encodeURIComponent(JSON.stringify(Object.fromEntries(keys.map((k) => [k, choice === 'accept-all'])))) };
  },
  keysOf(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? Object.keys(readKlaro(cookie.value ?? '')) : [];
  },
};
