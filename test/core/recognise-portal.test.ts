import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conventionalPolicyUrls, recognisePortal } from '../../src/core/portal/recognise-portal.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/portals/${name}`, import.meta.url), 'utf8');

describe('recognising an Opendatasoft portal from its page', () => {
  it('recognises a portal on a custom domain by its markup and finds the policy in its footer', () => {
    const reading = recognisePortal(fixture('custom-domain-portal.html'), 'https://data.toulouse-metropole.fr/pages/accueil/');
    expect(reading.isPortal).toBe(true);
    expect(reading.signals).toEqual(expect.arrayContaining(['front-header', 'front-footer', 'cookie-preferences-element', 'explore-links', 'api-paths']));
    expect(reading.signals).not.toContain('platform-domain');
    expect(reading.policyLinks[0]).toEqual({ url: 'https://data.toulouse-metropole.fr/terms/cookies-policy/?flg=fr', text: 'Charte cookies' });
    expect(reading.lang).toBe('fr');
  });

  it('does not take a site that only embeds ODS widgets for a portal', () => {
    const reading = recognisePortal(fixture('widgets-only-site.html'), 'https://blog.ville.fr/arbres');
    expect(reading.isPortal).toBe(false);
    expect(reading.signals).toContain('ods-widgets');
    expect(reading.confidence).toBeLessThan(0.5);
  });

  it('recognises the platform domains, the newer huwise.com included', () => {
    expect(recognisePortal('<html></html>', 'https://demo.opendatasoft.com/').signals).toEqual(['platform-domain']);
    expect(recognisePortal('<html></html>', 'https://acme.huwise.com/explore/').isPortal).toBe(true);
    expect(recognisePortal('<html></html>', 'https://opendatasoft.com.evil.example/').isPortal).toBe(false);
  });

  it('says an ordinary site is not a portal and finds no policy link there', () => {
    const reading = recognisePortal(fixture('plain-site.html'), 'https://www.example.org/');
    expect(reading).toMatchObject({ isPortal: false, confidence: 0, signals: [], policyLinks: [] });
  });

  it('never follows javascript: links and resolves relative ones', () => {
    const reading = recognisePortal('<footer><a href="javascript:alert(1)">Charte cookies</a><a href="../cookies-policy">Cookies policy</a></footer>', 'https://a.opendatasoft.com/terms/x');
    expect(reading.policyLinks.map((l) => l.url)).toEqual(['https://a.opendatasoft.com/cookies-policy']);
  });

  it('knows where portals usually serve their policy, in the page language first', () => {
    expect(conventionalPolicyUrls('https://opendata.paris.fr/explore/', 'fr')).toEqual([
      'https://opendata.paris.fr/terms/cookies-policy/?flg=fr',
      'https://opendata.paris.fr/terms/cookies-policy/?flg=en-gb',
      'https://opendata.paris.fr/terms/cookies-information/?flg=fr',
      'https://opendata.paris.fr/terms/cookies-information/?flg=en-gb',
    ]);
  });
});
