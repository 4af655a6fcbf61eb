// Orejime 3 (the fork of Klaro that French public bodies use, often in its DSFR build
// `orejime-dsfr-fr.js`, the French state design system). As the real library renders it (npm
// orejime 3.2): a root `.orejime-Root` / `.orejime-Env`; the standard banner `.orejime-Banner` with
// `.orejime-Banner-saveButton` (« Accepter ») and `.orejime-Banner-declineButton` (« Refuser »);
// the DSFR banner `.fr-consent-banner` whose three `.fr-btn` carry no class of their own, so they
// are found by their words (« Accepter », « Refuser », « Configurer » never taken); the modal
// `.orejime-Modal` / `.fr-consent-manager`. The choice: the cookie `eu-consent` by default (its
// `cookie.name` setting; `orejime` in older configurations), JSON of per-purpose booleans. Trackers
// wait in `<template data-purpose=…>` until their purpose is accepted. Orejime 2 put everything in
// `div#orejime` (Paris museums' sites, docs/platform-facts.md §7): found as present, so that such a
// page is never said to have no consent control, though its dialog is only driven from 3.x markup.
import { readJsonChoices } from './json-record.ts';
import { type OwnManager, choiceOf, stateOf } from './manager.ts';

const COOKIES = ['eu-consent', 'orejime'];
const recordOf = (cookies: readonly { name: string; value?: string }[]) => cookies.find((c) => COOKIES.includes(c.name));

export const orejime: OwnManager = {
  id: 'orejime',
  name: 'Orejime (standard and DSFR builds)',
  rule: {
    id: 'orejime',
    present: ['.orejime-Root', '.orejime-Env', '#orejime'],
    dialog: ['.orejime-Env .orejime-Modal', '.orejime-Env .fr-consent-manager', '.orejime-Env .orejime-Banner', '.orejime-Env .fr-consent-banner'],
    refuseAll: {
      selectors: ['.orejime-Banner-declineButton', '.orejime-Modal .orejime-Button--decline'],
      names: '^(?:tout refuser|refuser tout|refuser|tout d[ée]cliner|decline|decline all|reject all|refuse all)$',
    },
    acceptAll: {
      selectors: ['.orejime-Banner-saveButton', '.orejime-Modal .orejime-Button--save'],
      names: '^(?:tout accepter|accepter tout|accepter|accept|accept all)$',
    },
  },
  consentCookies: COOKIES,
  recorded(cookies) {
    const cookie = recordOf(cookies);
    return cookie ? choiceOf(readJsonChoices(cookie.value ?? '')) : undefined;
  },
  consentState(cookies) {
    const cookie = recordOf(cookies);
    return cookie ? stateOf('orejime', readJsonChoices(cookie.value ?? '')) : undefined;
  },
  record(choice, keys) {
    return { name: COOKIES[0]!, value: encodeURIComponent(JSON.stringify(Object.fromEntries(keys.map((k) => [k, choice === 'accept-all'])))) };
  },
  keysOf(cookies) {
    const cookie = recordOf(cookies);
    return cookie ? Object.keys(readJsonChoices(cookie.value ?? '')) : [];
  },
};
