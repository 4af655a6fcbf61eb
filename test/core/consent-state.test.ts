// The single audit's consent state is what the managers read in their own records, for every
// manager with a module here, in each library's real cookie format: a refusal through
// tarteaucitron, Orejime, vanilla-cookieconsent or Klaro reads as a refusal, and a tracker then
// present is "set though refused", never "set before consent".
import { describe, expect, it } from 'vitest';
import { CHECKS, checkCookie } from '../../src/core/checks/compliance-checks.ts';
import { readConsent } from '../../src/core/consent/read-consent.ts';
import { MANAGERS } from '../../src/core/consent/managers/index.ts';
import { managersInMarkup } from '../../src/core/consent/managers/in-markup.ts';
import type { CookieFinding } from '../../src/core/types.ts';
import type { ConsentState } from '../../src/core/vocabulary/consent.ts';

const jar = (name: string, value: string) => [{ name, value, domain: 'data.exemple.fr', path: '/' }];
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const ga = { name: '_ga', domain: '.exemple.fr', path: '/', status: 'undeclared' } as CookieFinding;
const pk = { name: '_pk_id.1.ab', domain: 'data.exemple.fr', path: '/', status: 'undeclared' } as CookieFinding;
const checks = (cookie: CookieFinding, consent: ConsentState, consentControl?: boolean) =>
  checkCookie(cookie, { now: 0, pageIsHttps: true, consent, explanations: new Map(), ...(consentControl !== undefined ? { consentControl } : {}) });

// Each library's record of « refuse all », as it writes it (tarteaucitron 1.x, Orejime 3,
// vanilla-cookieconsent 3, Klaro 0.7).
const REFUSALS: [string, string, string][] = [
  ['tarteaucitron', 'tarteaucitron', '!gtag=false!analytics=false'],
  ['orejime', 'eu-consent', enc({ analytics: false, videos: false })],
  ['cookieconsent', 'cc_cookie', enc({ categories: ['necessary'], revision: 0, data: null, consentTimestamp: '2026-12-01T10:00:00.000Z', consentId: 'x', services: { necessary: [], analytics: ['ga'] } })],
  ['klaro', 'klaro', enc({ 'google-analytics': false, matomo: false })],
];

describe('the consent state of a single audit, read by the managers', () => {
  it.each(REFUSALS)('reads a refusal through %s, and flags _ga "set though refused", never "before consent"', (manager, cookie, value) => {
    const consent = readConsent(jar(cookie, value));
    expect(consent).toMatchObject({ status: 'chosen', manager, choice: 'refuse-all' });
    const found = checks(ga, consent, false);
    expect(found).toContain('set-though-refused');
    expect(found).not.toContain('set-before-consent');
    expect(found).not.toContain('tracker-without-consent-control');
  });

  it('reads an acceptance as such, and a tracker then present is no finding', () => {
    const accepted = readConsent(jar('tarteaucitron', '!gtag=true!analytics=true'));
    expect(accepted).toMatchObject({ status: 'chosen', manager: 'tarteaucitron', choice: 'accept-all' });
    expect(checks(ga, accepted)).toEqual([]);
  });

  it('reads a mixed choice per tracker, by the service or category that names it', () => {
    const mixed = readConsent(jar('tarteaucitron', '!gtag=false!matomo=true'));
    expect(mixed).toMatchObject({ choice: 'mixed' });
    expect(checks(ga, mixed)).toContain('set-though-refused');
    expect(checks(pk, mixed)).not.toContain('set-though-refused');
    // A category answers for every tracker of its kind.
    const byCategory = readConsent(jar('eu-consent', enc({ analytics: false, videos: true })));
    expect(checks(pk, byCategory)).toContain('set-though-refused');
    // A record that names neither the tracker nor its category says nothing of it.
    expect(checks(ga, readConsent(jar('klaro', enc({ videos: false, maps: true }))))).not.toContain('set-though-refused');
  });

  it('keeps the platform record\'s own rule: a tracker with no key is not gated by the banner', () => {
    const platform = readConsent(jar('cookies_preferences', enc({ functional_cookies: true, ga: false })));
    expect(platform).toMatchObject({ status: 'chosen', manager: 'opendatasoft', choice: 'refuse-all' });
    expect(checks(ga, platform)).toContain('set-though-refused');
    expect(checks(pk, platform)).not.toContain('set-though-refused');
  });

  it('takes a tarteaucitron record of services still waiting as no choice yet', () => {
    expect(readConsent(jar('tarteaucitron', '!gtag=wait!analytics=wait'))).toEqual({ status: 'no-choice' });
    expect(checks(ga, readConsent(jar('tarteaucitron', '!gtag=wait')))).toContain('set-before-consent');
  });

  it('names an unreadable record with its manager and a code', () => {
    expect(readConsent(jar('cc_cookie', 'not json'))).toEqual({ status: 'unreadable', manager: 'cookieconsent', problem: 'not-json' });
    expect(readConsent(jar('klaro', enc({ note: 'x' })))).toEqual({ status: 'unreadable', manager: 'klaro', problem: 'no-known-choice' });
  });

  it('prefers the platform\'s record when a jar holds two', () => {
    const both = [...jar('tarteaucitron', '!gtag=true'), ...jar('cookies_preferences', enc({ ga: false }))];
    expect(readConsent(both)).toMatchObject({ manager: 'opendatasoft', choice: 'refuse-all' });
  });

  it('applies only the checks it declares', () => {
    expect(CHECKS.map((c) => c.id)).toContain('set-though-refused');
  });
});

describe('a site\'s own consent manager, seen in the page', () => {
  it('finds each manager with a module here by the markup its script draws', () => {
    const pages: [string, string][] = [
      ['tarteaucitron', '<div id="tarteaucitronRoot" class="tarteaucitronBeforeVisible"></div>'],
      ['klaro', '<div class="klaro"><div class="cookie-notice"></div></div>'],
      ['orejime', '<div class="orejime-Env"><div class="orejime-Root"></div></div>'],
      ['cookieconsent', '<div id="cc-main" class="cc--anim"></div>'],
      ['opendatasoft', '<ods-manage-cookies-preferences></ods-manage-cookies-preferences>'],
    ];
    for (const [id, html] of pages) expect(managersInMarkup(`<html><body>${html}</body></html>`, MANAGERS), id).toEqual([id]);
  });

  it('does not take a word in the text or a longer class for a manager', () => {
    expect(managersInMarkup('<p>We use tarteaucitronRoot and klaro.</p><div class="klaro-like"></div><div id="cc-main-x"></div>', MANAGERS)).toEqual([]);
  });
});
