// Recognising real Opendatasoft portals whatever their theme, from the platform's own fingerprints
// (docs/platform-facts.md §4), and finding where they link their cookie policy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { confirmByApi, conventionalPolicyUrls, recognisePortal, worthAskingTheApi } from '../../src/core/portal/recognise-portal.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/portals/${name}`, import.meta.url), 'utf8');
const API_ANSWER = JSON.stringify({ total_count: 42, results: [] });

describe('recognising an Opendatasoft portal from its page', () => {
  it('recognises the default theme as documented, and finds the platform name of the portal', () => {
    const reading = recognisePortal(fixture('default-theme-portal.html'), 'https://data.metropole.fr/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).toEqual(expect.arrayContaining(['staticfileset-assets', 'front-header', 'front-footer', 'manage-cookies', 'footer-controller', 'platform-logo', 'platform-statics', 'explore-links', 'portal-page-links']));
    expect(reading.platformHost).toBe('metropole-demo.opendatasoft.com');
    expect(reading.consentControl).toBe(true);
    expect(reading.languages).toEqual(['fr', 'en-gb']);
  });

  it('recognises a DSFR-themed portal, which has no ods-front-header, and its "Données personnelles" policy link', () => {
    const reading = recognisePortal(fixture('dsfr-portal.html'), 'https://data.education.gouv.fr/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).not.toContain('front-header');
    expect(reading.signals.slice(0, 2)).toEqual(['staticfileset-assets', 'manage-cookies']);
    expect(reading.policyLinks[0]).toEqual({ url: 'https://data.education.gouv.fr/terms/cookies-policy/', text: 'Données personnelles', kind: 'cookie' });
    expect(reading.platformHost).toBe('dataeducation.opendatasoft.com');
  });

  it('recognises a fully custom theme by what the portal itself serves', () => {
    const reading = recognisePortal(fixture('custom-theme-portal.html'), 'https://data.city.example/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).toEqual(expect.arrayContaining(['theme-images', 'platform-statics', 'explore-links']));
    expect(reading.consentControl).toBe(false);
    expect(reading.policyLinks).toEqual([{ url: 'https://www.city.example/privacy', text: 'Privacy', kind: 'legal' }]);
  });

  it('recognises a Huwise-branded footer on a custom header', () => {
    const reading = recognisePortal(fixture('huwise-branded-portal.html'), 'https://hub.region.example/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).toEqual(expect.arrayContaining(['platform-logo', 'manage-cookies']));
    expect(reading.policyLinks[0]?.url).toBe('https://hub.region.example/terms/cookies-information?flg=en-gb');
  });

  it('the older custom-domain markup still counts', () => {
    const reading = recognisePortal(fixture('custom-domain-portal.html'), 'https://data.toulouse-metropole.fr/pages/accueil/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).toEqual(expect.arrayContaining(['front-header', 'front-footer', 'manage-cookies', 'explore-links', 'api-paths']));
    expect(reading.policyLinks[0]).toEqual({ url: 'https://data.toulouse-metropole.fr/terms/cookies-policy/?flg=fr', text: 'Charte cookies', kind: 'cookie' });
  });

  it('does not take a site that only embeds the widgets (and their static.opendatasoft.com files) for a portal, nor asks its API', () => {
    const reading = recognisePortal(fixture('widgets-only-site.html'), 'https://blog.ville.fr/arbres');
    expect(reading.isPortal).toBe(false);
    expect(reading.signals).toEqual(['ods-widgets']);
    expect(worthAskingTheApi(reading)).toBe(false);
  });

  it('asks the API when the page leaves doubt, and takes only an answer shaped like the platform\'s', () => {
    const reading = recognisePortal(fixture('api-only-portal.html'), 'https://observatoire.example.fr/');
    expect([reading.isPortal, reading.signals]).toEqual([false, ['explore-links']]);
    expect(worthAskingTheApi(reading)).toBe(true);
    const confirmed = confirmByApi(reading, API_ANSWER);
    expect([confirmed.isPortal, confirmed.signals]).toEqual([true, ['api-confirmed', 'explore-links']]);
    for (const answer of [undefined, '<html>', '{"results": []}', '{"total_count": "42"}']) expect(confirmByApi(reading, answer).isPortal).toBe(false);
  });

  it('recognises the platform domains, the newer huwise.com included', () => {
    expect(recognisePortal('<html></html>', 'https://demo.opendatasoft.com/').signals).toEqual(['platform-domain']);
    expect(recognisePortal('<html></html>', 'https://acme.huwise.com/explore/').isPortal).toBe(true);
    expect(recognisePortal('<html></html>', 'https://opendatasoft.com.evil.example/').isPortal).toBe(false);
  });

  it('says an ordinary site is not a portal; its legal link stays a legal link', () => {
    const reading = recognisePortal(fixture('plain-site.html'), 'https://www.example.org/');
    expect(reading).toMatchObject({ isPortal: false, confidence: 0, signals: [] });
    expect(reading.policyLinks).toEqual([{ url: 'https://www.example.org/mentions', text: 'Mentions légales', kind: 'legal' }]);
  });

  it('never follows javascript: links and resolves relative ones', () => {
    const reading = recognisePortal('<footer><a href="javascript:alert(1)">Charte cookies</a><a href="../cookies-policy">Cookies policy</a></footer>', 'https://a.opendatasoft.com/terms/x');
    expect(reading.policyLinks.map((l) => l.url)).toEqual(['https://a.opendatasoft.com/cookies-policy']);
  });

  it('knows where portals serve their policy: both paths, with and without a slash, in the portal\'s languages', () => {
    const urls = conventionalPolicyUrls('https://opendata.paris.fr/explore/', 'fr', ['fr', 'nl', 'en-gb']);
    expect(urls.slice(0, 3)).toEqual(['https://opendata.paris.fr/terms/cookies-policy/?flg=fr', 'https://opendata.paris.fr/terms/cookies-policy/?flg=nl', 'https://opendata.paris.fr/terms/cookies-policy/?flg=en-gb']);
    expect(urls).toContain('https://opendata.paris.fr/terms/cookies-information?flg=nl');
    expect(urls).toContain('https://opendata.paris.fr/terms/cookies-information');
    expect(urls).toContain('https://opendata.paris.fr/terms/cookies-policy/');
    expect(urls).toContain('https://opendata.paris.fr/terms/cookies-information/');
    expect(new Set(urls).size).toBe(urls.length);
  });
});
