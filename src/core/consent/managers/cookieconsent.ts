// vanilla-cookieconsent 3 (orestbida), as the real library renders it (npm 3.1): everything under
// `#cc-main`; the consent modal `.cm` and the preferences modal `.pm`, whose buttons say what they
// do in `data-role` (`all`: accept all, `necessary`: accept only the necessary, a refusal). The
// choice: the cookie `cc_cookie`, URL-encoded JSON whose `categories` lists the accepted categories
// and whose `services` has a key for every category configured. Its default `hideFromBots: true`
// shows nothing to a browser whose navigator.webdriver is true: the scan presents as a visitor.
import { type OwnManager, type RecordedChoice } from './manager.ts';

const COOKIE = 'cc_cookie';
/** Categories that are the site's own necessary ones (read-only in the library): accepting them refuses nothing. */
const NECESSARY = /necess|essenti|required|mandatory|strict|technique|technical/i;

/** The accepted categories and every configured one, from a `cc_cookie` value. */
export function readCookieConsent(value: string): { accepted: string[]; all: string[] } | undefined {
  try {
    const data = JSON.parse(decodeURIComponent(value).slice(0, 20_000)) as { categories?: unknown; services?: unknown };
    if (!Array.isArray(data.categories)) return undefined;
    const accepted = data.categories.filter((c): c is string => typeof c === 'string');
    const services = data.services && typeof data.services === 'object' && !Array.isArray(data.services) ? Object.keys(data.services) : [];
    return { accepted, all: [...new Set([...services, ...accepted])] };
  } catch {
    return undefined;
  }
}

function choiceIn(value: string): RecordedChoice | undefined {
  const record = readCookieConsent(value);
  if (!record) return undefined;
  const optional = record.all.filter((c) => !NECESSARY.test(c));
  const accepted = record.accepted.filter((c) => !NECESSARY.test(c));
  if (accepted.length === 0) return 'refuse-all';
  return optional.every((c) => accepted.includes(c)) ? 'accept-all' : 'mixed';
}

export const cookieconsent: OwnManager = {
  id: 'cookieconsent',
  name: 'vanilla-cookieconsent',
  rule: {
    id: 'cookieconsent',
    present: ['#cc-main'],
    dialog: ['#cc-main .pm', '#cc-main .cm'],
    refuseAll: { selectors: ['#cc-main [data-role="necessary"]'] },
    acceptAll: { selectors: ['#cc-main [data-role="all"]'] },
  },
  consentCookies: [COOKIE],
  recorded(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? choiceIn(cookie.value ?? '') : undefined;
  },
  consentState(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    if (!cookie) return undefined;
    const record = readCookieConsent(cookie.value ?? '');
    if (!record) return { status: 'unreadable', manager: 'cookieconsent', problem: 'not-json' };
    // The categories the site configured, each accepted or not; the necessary ones say nothing of trackers.
    const choices = Object.fromEntries(record.all.map((c) => [c, record.accepted.includes(c)]));
    const choice = choiceIn(cookie.value ?? '');
    return choice ? { status: 'chosen', manager: 'cookieconsent', choice, choices } : { status: 'unreadable', manager: 'cookieconsent', problem: 'no-known-choice' };
  },
  record(choice, keys) {
    const all = keys.length ? keys : ['necessary'];
    const accepted = choice === 'accept-all' ? all : all.filter((k) => NECESSARY.test(k));
    return { name: COOKIE, value: encodeURIComponent(JSON.stringify({ categories: accepted, revision: 0, data: null, services: Object.fromEntries(all.map((k) => [k, []])) })) };
  },
  keysOf(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? (readCookieConsent(cookie.value ?? '')?.all ?? []) : [];
  },
};
