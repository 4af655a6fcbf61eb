// Each of the platform's fingerprints on its own, as a portal's page shows it (docs/platform-facts.md
// §4), with how much it weighs; then how the reader ranks the links that may hold the policy.
import { describe, expect, it } from 'vitest';
import { confirmByApi, conventionalPolicyUrls, isPlatformHost, recognisePortal, weigh } from '../../src/core/portal/recognise-portal.ts';

const PAGE = 'https://data.example.fr/explore/';
const signals = (html: string, url = PAGE) => recognisePortal(html, url).signals;

describe('the fingerprints of the platform, one at a time', () => {
  it.each([
    ['<ods-front-header></ods-front-header>', 'front-header'],
    ['<div class="x ods-front-header y"></div>', 'front-header'],
    ['<ods-front-footer></ods-front-footer>', 'front-footer'],
    ['<div class="ods-front-footer"></div>', 'front-footer'],
    ['<ods-manage-cookies-preferences></ods-manage-cookies-preferences>', 'manage-cookies'],
    ['<button class="ods-manage-cookies-preferences__show-button">Cookies</button>', 'manage-cookies'],
    ['<div ng-controller="FooterController"></div>', 'footer-controller'],
    ['<ods-dataset-context></ods-dataset-context>', 'ods-widgets'],
    ['<ods-map></ods-map>', 'ods-widgets'],
    ['<img src="https://s3.eu-west-1.amazonaws.com/x-opendatasoft-staticfileset/my-portal/logo.png">', 'staticfileset-assets'],
    ['<img src="/static/img/huwise-black.svg">', 'platform-logo'],
    ['<img src="https://hub.huwise.com/static/ods/logo.png">', 'platform-logo'],
    ['<link href="/static/ods/css/app.css">', 'platform-statics'],
    ['<img src="/static/pictos/a.svg">', 'platform-statics'],
    ['<img src="https://data.example.fr/static/pictos/a.svg">', 'platform-statics'],
    ['<img src="/assets/theme_image/banner.jpg">', 'theme-images'],
    ['<a href="/explore/">Catalogue</a>', 'explore-links'],
    ['<a href="/explore/dataset/velos/">Vélos</a>', 'explore-links'],
    ['<a href="/explore/?q=x">Recherche</a>', 'explore-links'],
    ['<a href="/p/accueil/">Accueil</a>', 'portal-page-links'],
    ['<a href="/pages/home">Accueil</a>', 'portal-page-links'],
    ['<a href="/api/explore/v2.1/catalog/datasets">API</a>', 'api-paths'],
    ['<script>fetch("/api/records/1.0/search")</script>', 'api-paths'],
  ])('%s shows %s', (html, signal) => {
    expect(signals(html)).toEqual([signal]);
  });

  it.each([
    ['<a href="/explore/datasets">x</a>'],
    ['<a href="/p/a/b">x</a>'],
    ['<a href="https://other.example/explore/">x</a>'],
    ['<a href="//other.example/static/ods/x.css">x</a>'],
    ['<img src="https://other.example/assets/theme_image/x.jpg">'],
    ['<div class="my-ods-front-headers"></div>'],
    ['<widget-ods-map></widget-ods-map>'],
    ['<img src="/static/img/logo.svg">'],
    ['<img src="https://s3.amazonaws.com/opendatasoft-staticfileset//x">'],
    [`<a href="/explore/${'x'.repeat(2_000)}">x</a>`],
  ])('%s shows nothing', (html) => {
    expect(signals(html)).toEqual([]);
  });

  it('names the portal on the platform from its file set, else from a platform host', () => {
    const fileset = recognisePortal('<img src="https://s3.amazonaws.com/x-opendatasoft-staticfileset/My-Portal/a.png"><img src="https://s3.amazonaws.com/x-opendatasoft-staticfileset/other/a.png">', PAGE);
    expect(fileset.platformHost).toBe('my-portal.opendatasoft.com');
    expect(recognisePortal('<p>x</p>', 'https://city.huwise.com/').platformHost).toBe('city.huwise.com');
    expect(recognisePortal('<p>x</p>', PAGE).platformHost).toBeUndefined();
  });

  it('knows the platform’s hosts and no look-alike', () => {
    for (const host of ['opendatasoft.com', 'city.opendatasoft.com', 'CITY.HUWISE.COM']) expect(isPlatformHost(host), host).toBe(true);
    for (const host of ['myopendatasoft.com', 'opendatasoft.com.evil.fr', 'huwise.co']) expect(isPlatformHost(host), host).toBe(false);
  });

  it('weighs the signals, strongest first and by name when equal, capped at 1 and rounded to the hundredth', () => {
    // What a site embedding the widgets shows stays below the threshold.
    expect(weigh(['ods-widgets', 'explore-links', 'api-paths'])).toEqual({ isPortal: false, confidence: 0.4, signals: ['api-paths', 'explore-links', 'ods-widgets'] });
    expect(weigh(['front-footer', 'platform-statics'])).toEqual({ isPortal: true, confidence: 0.6, signals: ['front-footer', 'platform-statics'] });
    expect(weigh(['platform-domain', 'staticfileset-assets'])).toMatchObject({ isPortal: true, confidence: 1 });
    expect(weigh(['front-header', 'explore-links', 'explore-links'])).toEqual({ isPortal: true, confidence: 0.55, signals: ['front-header', 'explore-links'] });
    expect(weigh(['front-header']).isPortal).toBe(false);
    expect(weigh(['front-header', 'portal-page-links'])).toMatchObject({ isPortal: true, confidence: 0.5 });
  });

  it('takes only a platform-shaped API answer as confirmation', () => {
    const reading = recognisePortal('<ods-front-footer></ods-front-footer>', PAGE);
    expect(confirmByApi(reading, undefined)).toBe(reading);
    expect(confirmByApi(reading, '{"total_count": "3"}')).toBe(reading);
    expect(confirmByApi(reading, 'null')).toBe(reading);
    expect(confirmByApi(reading, '<html>')).toBe(reading);
    expect(confirmByApi(reading, '{"total_count": 0}')).toMatchObject({ isPortal: true, signals: ['api-confirmed', 'front-footer'], confidence: 0.9 });
  });
});

describe('links to the policy', () => {
  const links = (html: string) => recognisePortal(html, PAGE).policyLinks;

  it('ranks cookie wording before a cookie path before a legal link, the footer’s first each time', () => {
    const html = [
      '<a href="/legal-body">Mentions légales</a>',
      '<a href="/terms/cookies-body/">Informations</a>',
      '<a href="/body-cookies">Charte cookies</a>',
      '<footer class="page"><div><a href="/legal-foot">Mentions légales</a><a href="/terms/cookies-foot/">Infos</a><a href="/foot-cookies">Politique de cookies</a></div></footer>',
    ].join('');
    expect(links(html).map((l) => [l.url.replace('https://data.example.fr', ''), l.kind])).toEqual([
      ['/foot-cookies', 'cookie'],
      ['/body-cookies', 'cookie'],
      ['/terms/cookies-foot/', 'cookie'],
      ['/terms/cookies-body/', 'cookie'],
      ['/legal-foot', 'legal'],
      ['/legal-body', 'legal'],
    ]);
  });

  it('counts as footer the footer element, the platform’s and the DSFR’s, and only inside them', () => {
    for (const footer of ['<ods-front-footer>', '<div class="fr-footer">', '<div class="x footer">']) {
      const close = footer.startsWith('<ods') ? '</ods-front-footer>' : '</div>';
      const html = `<a href="/body">Mentions légales</a>${footer}<span><a href="/foot">Mentions légales</a></span>${close}<a href="/after">Mentions légales</a>`;
      expect(links(html).map((l) => new URL(l.url).pathname), footer).toEqual(['/foot', '/body', '/after']);
    }
    expect(links('<div class="footer-links"><a href="/a">Mentions légales</a></div><a href="/b">Mentions légales</a>').map((l) => new URL(l.url).pathname)).toEqual(['/a', '/b']);
  });

  it('keeps one link per address, the best ranked, with its words on one line', () => {
    expect(links('<a href="/c">Politique\n  de   cookies</a><footer><a href="/c">Cookies</a></footer>')).toEqual([{ url: 'https://data.example.fr/c', text: 'Cookies', kind: 'cookie' }]);
  });

  it('reads no link without an address, nor one that is not the web', () => {
    expect(links('<a>Charte cookies</a><a href="mailto:dpo@example.fr">Politique de cookies</a><a href="http://[x">Charte cookies</a>')).toEqual([]);
  });

  it('orders the portal’s languages with the page’s own first, and takes the language of the html element only', () => {
    const reading = recognisePortal('<html lang="fr-FR"><a href="?flg=en-GB">EN</a><a href="?flg=fr">FR</a><a href="?flg=de">DE</a><div lang="de"></div>', PAGE);
    expect(reading.lang).toBe('fr-FR');
    expect(reading.languages).toEqual(['fr', 'en-gb', 'de']);
    expect(recognisePortal('<div lang="fr"></div>', PAGE).lang).toBeUndefined();
  });

  it('reads a page that is no URL without host signals or resolved links', () => {
    expect(recognisePortal('<a href="/explore/">x</a><a href="/cookies">Cookies</a>', 'not a url')).toMatchObject({ signals: ['explore-links'], policyLinks: [] });
  });
});

describe('where portals serve their policy', () => {
  it('tries the page’s language first, English first otherwise, then the portal’s others, each once', () => {
    const en = conventionalPolicyUrls('https://data.example.fr/explore/', undefined, []);
    expect(en).toEqual([
      'https://data.example.fr/terms/cookies-policy/?flg=en-gb',
      'https://data.example.fr/terms/cookies-policy/?flg=fr',
      'https://data.example.fr/terms/cookies-information?flg=en-gb',
      'https://data.example.fr/terms/cookies-information?flg=fr',
      'https://data.example.fr/terms/cookies-policy/',
      'https://data.example.fr/terms/cookies-information',
      'https://data.example.fr/terms/cookies-policy',
      'https://data.example.fr/terms/cookies-information/',
    ]);
    expect(conventionalPolicyUrls(PAGE, 'FR-fr', []).slice(0, 2)).toEqual(['https://data.example.fr/terms/cookies-policy/?flg=fr', 'https://data.example.fr/terms/cookies-policy/?flg=en-gb']);
    expect(conventionalPolicyUrls(PAGE, 'NL', ['de', 'nl']).slice(0, 4).map((u) => u.split('=')[1])).toEqual(['nl', 'de', 'en-gb', 'fr']);
    expect(conventionalPolicyUrls('nope')).toEqual([]);
  });
});
