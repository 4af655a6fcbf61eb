// A local stand-in for an Opendatasoft portal, on 127.0.0.1: a portal page with the platform's
// markup, a cookie policy linked from the footer, and cookies set both by HTTP headers and by page
// scripts, as a real portal with trackers does. Used by the demo (`npm start`) and the browser tests.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ConsentBannerOptions, consentBanner } from './consent-banner.ts';
import { type SiteConsentOptions, siteConsentMarkup, vendorFile } from './site-consent.ts';

export interface DemoCookie {
  name: string;
  value: string;
  /** Set by a Set-Cookie header (HttpOnly possible) or by the page's script, like a tracker. */
  via: 'header' | 'script';
  httpOnly?: boolean;
  maxAgeSeconds?: number;
  sameSite?: 'Lax' | 'Strict' | 'None';
}

export interface DemoPortalOptions {
  /**
   * `table`: the platform's declarations; `statistics`: plus a statistics section declaring `_ga*`;
   * `consent`: plus Matomo, and the map tiles' and video player's cookies; `missing`: the policy link answers 404.
   */
  policy?: 'table' | 'statistics' | 'consent' | 'missing';
  /** false serves an ordinary site without the portal's markup. */
  portal?: boolean;
  cookies?: DemoCookie[];
  lang?: 'fr' | 'en';
  /** The host name in the URLs handed out (the server listens on 127.0.0.1): `localhost` and
   *  `*.localhost` resolve there too, and keep each test's cookies apart from the others'. A
   *  loopback address other than 127.0.0.1 (`127.0.0.2`) is listened on itself: a host the test
   *  builds of the add-on were never granted. */
  host?: string;
  /** A policy served as it was copied from a portal (text/plain) instead of the HTML table. */
  policyText?: string;
  /** The policy's address answers a redirect there (302): a public portal steering the auditor elsewhere. */
  policyRedirect?: string;
  /** A hostile page that writes `document.cookie` this many times once loaded (50 names, over and over; `Infinity`: never stops). */
  cookieFlood?: number;
  /** An address the portal page embeds in a frame (another demo server's /widget, say). */
  embed?: string;
  /**
   * The portal's theme (docs/platform-facts.md §4): `default`, the documented default header and footer;
   * `dsfr`, the French government's design system (no ods-front-header); `bare`, a hand-made page
   * that only its API gives away. Every theme answers the platform's catalogue API.
   */
  theme?: 'default' | 'dsfr' | 'huwise' | 'bare';
  /** The portal's id on the platform, which its logo's address reveals (default: from the host name). */
  platformId?: string;
  /**
   * A portal as heavy and slow as real ones: a single-page application of `appKb` of JavaScript
   * which, once the page has loaded, asks the catalogue API (answering after `apiMs`) and only
   * then loads its analytics (after `trackerMs` more), which set `_ga` and `_pk_id`. `slowMs`
   * delays the page itself; `hang` never answers it.
   */
  realistic?: { appKb?: number; apiMs?: number; trackerMs?: number; slowMs?: number; hang?: boolean };
  /** The platform's consent modal (see consent-banner.ts): analytics wait for the visitor's choice, or not. */
  consent?: ConsentBannerOptions;
  /** A tile image (another demo server's /tile.png) shown by dataset map views, as map widgets do. */
  tiles?: string;
  /** A video player frame (another demo server's /widget) embedded in the custom page /p/videos/. */
  video?: string;
  /**
   * A portal that misbehaves towards its visitors' browser: its page starts a download of a file
   * it names itself (`download`), and opens windows in a loop (`popups`). An auditor must let
   * neither touch the user's files nor cost the other portals of a scan their audit.
   */
  hostile?: { download?: boolean; popups?: boolean };
  /** A consent manager of the site's own (tarteaucitron, Klaro) deciding what its analytics may set. */
  siteConsent?: SiteConsentOptions;
  /**
   * Cookies whose setters an evidence recorder must tell apart: once loaded, the page asks the
   * portal's API (`/api/explore/v2.1/visits`, whose response sets `ods_visit`), and loads `tracker`
   * (another demo server's /evidence-tracker.js), which writes `_evid_trk` with document.cookie a
   * second later. The HTML response itself sets the header cookies (csrftoken and the others).
   * `blankFrame`: the page's own script also makes an about:blank frame and writes `_evid_blank`
   * through it (its document's cookies are the page's), as tag managers' sandboxes do.
   * `transient`: the page's own script writes an identifier to a cookie and to localStorage, sends
   * both in a sync address (`/api/sync?uid=…&ls=…`), and removes them before any audit could read them.
   */
  evidence?: { tracker: string; blankFrame?: boolean; transient?: boolean };
}

export interface DemoPortal {
  url: string;
  origin: string;
  /** Portal pages served so far (the home page and /explore/…). */
  readonly pageRequests: number;
  /**
   * Every request so far, as `METHOD /path?query`, with ` [navigate]` for a page load in a tab or
   * frame: what an auditor must never have asked shows here.
   */
  readonly requested: readonly string[];
  /** Holds every portal page this long before answering, like a slow portal (0: at once). */
  setPageDelay(ms: number): void;
  close(): Promise<void>;
}

/** The jar the browser tests expect: four declared cookies, two undeclared (`_ga`, `tracker`). */
export const STANDARD_COOKIES: DemoCookie[] = [
  { name: 'sessionid', value: 'secret-session-7f3a9c', via: 'header', httpOnly: true, maxAgeSeconds: 14 * 86400, sameSite: 'Lax' },
  { name: 'csrftoken', value: 'csrf-token-value-b81e', via: 'header', maxAgeSeconds: 365 * 86400, sameSite: 'Lax' },
  { name: 'django_language', value: 'fr', via: 'header', sameSite: 'Lax' },
  { name: '_BEAMER_USER_ID_x1', value: 'beamer-user-4411', via: 'script', maxAgeSeconds: 300 * 86400 },
  { name: '_ga', value: 'GA1.1.1234567890.1700000000', via: 'script', maxAgeSeconds: 2 * 365 * 86400 },
  { name: 'tracker', value: 'trk-9c1d', via: 'script', maxAgeSeconds: 30 * 86400 },
];

type Settings = Required<Omit<DemoPortalOptions, 'policyText' | 'embed' | 'realistic' | 'consent' | 'tiles' | 'video' | 'hostile' | 'siteConsent' | 'evidence' | 'policyRedirect' | 'cookieFlood'>> & Pick<DemoPortalOptions, 'policyRedirect' | 'cookieFlood'>;

/** The values the evidence portal's API and tracker write: no output may ever hold them. */
export const EVIDENCE_VALUES = { visit: 'api-visit-value-5c2e91', tracker: 'evid-tracker-value-88a1f0', blank: 'evid-blank-value-3d7c11', transient: 'evid-transient-value-7b40d2', stored: 'evid-stored-value-e19a65' };

/** A tracker script served by any demo server: it waits a second, then writes its cookie on the page that loaded it. */
const EVIDENCE_TRACKER = `setTimeout(() => { document.cookie = "_evid_trk=${EVIDENCE_VALUES.tracker}; path=/; max-age=86400"; new Image().src = "/collect?cid=${EVIDENCE_VALUES.tracker}"; }, 1000);`;

/** A 1×1 transparent PNG, what a tile server answers here. */
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The late analytics of a realistic portal: set by a script the app loads after its API call. */
const GA_COOKIE = 'document.cookie = "_ga=GA1.1.77.1700000000; path=/; max-age=63072000";';
const MATOMO_COOKIE = 'document.cookie = "_pk_id.3.a1b2=77.1700000000; path=/; max-age=33696000";';

/**
 * The analytics a realistic portal loads seconds after the page. With the platform's consent modal,
 * each waits for its consent key in cookies_preferences (the faulty portal's Google Analytics does not).
 */
function lateTrackers(consent: ConsentBannerOptions | undefined): string {
  if (!consent) return `${GA_COOKIE}${MATOMO_COOKIE}`;
  return `(() => {
  const m = document.cookie.match(/(?:^|; )cookies_preferences=([^;]*)/);
  let c = {};
  try { c = m ? JSON.parse(decodeURIComponent(m[1])) : {}; } catch {}
  if (c.ga === true || ${consent.behaviour === 'faulty'}) { ${GA_COOKIE} }
  if (c.matomo === true) { ${MATOMO_COOKIE} }
})();`;
}

/** The single-page application: after load, the API, then the analytics, as portals do. */
function appScript(kb: number): string {
  const padding = `/* ${'x'.repeat(1000)} */\n`.repeat(Math.max(0, kb));
  return `${padding}window.addEventListener('load', () => {
  fetch('/api/explore/v2.1/catalog/datasets?limit=10').then((r) => r.json()).then(() => {
    const s = document.createElement('script');
    s.src = '/late-trackers.js';
    document.head.appendChild(s);
  });
});`;
}

/** The header and footer each theme renders, as the platform's placeholders would. */
function themeChrome(theme: Settings['theme'], platformId: string): { header: string; footer: string } {
  // Real portals load their logo from the platform's S3 file set and the Huwise logo from
  // hub.huwise.com (docs/platform-facts.md §4); the stand-in serves both itself at the same paths (what the
  // recogniser reads), so that nothing the demo or a test loads leaves 127.0.0.0/8.
  const STATICFILESET_LOGO = `/aws-ec2-eu-1-opendatasoft-staticfileset/${platformId}/logo?tstamp=1700000000`;
  const manageCookies = '<ods-manage-cookies-preferences><button class="ods-manage-cookies-preferences__show-button">Gestion des cookies</button></ods-manage-cookies-preferences>';
  switch (theme) {
    case 'dsfr':
      return {
        header: `<header role="banner" class="fr-header"><div class="fr-header__brand"><a href="/"><img class="fr-responsive-img" src="${STATICFILESET_LOGO}" alt="Accueil"></a></div><nav class="fr-nav" aria-label="Menu principal"><a class="fr-nav__link" href="/explore/">Catalogue</a><a class="fr-nav__link" href="/explore/dataset/communes/">Communes</a></nav></header>`,
        footer: `<footer class="ods-footer" ng-controller="FooterController"><footer class="fr-footer" role="contentinfo"><ul class="fr-footer__bottom-list"><li><a class="fr-footer__bottom-link" href="/terms/cookies-policy/">Données personnelles</a></li><li>${manageCookies}</li></ul></footer></footer>`,
      };
    case 'huwise':
      // A custom header; the newer default footer's ##huwise-logo## and ##manage-cookies## kept.
      return {
        header: '<header class="hub-header"><a href="/">Regional Data Hub</a> <a href="/explore/?flg=fr">Catalogue</a></header>',
        footer: `<div class="hub-footer"><a href="https://www.huwise.com"><img src="/static/ods/imgv4/huwise-black.svg" alt="Powered by Huwise"></a><a href="/terms/cookies-policy/">Cookies</a>${manageCookies}</div>`,
      };
    case 'bare':
      return { header: '<p><a href="/explore/">Toutes les données</a></p>', footer: '' };
    default:
      return {
        header: `<nav class="ods-front-header" ods-responsive-menu breakpoint="1000"><a class="ods-front-header__portal-brand" href="/"><img src="${STATICFILESET_LOGO}" alt="Logo"></a><ul class="ods-front-header__menu"><li class="ods-front-header__menu-item"><a class="ods-front-header__menu-item-link" href="/explore/">Données</a></li><li class="ods-front-header__menu-item"><a class="ods-front-header__menu-item-link" href="/explore/dataset/communes/">Communes</a></li></ul></nav>`,
        footer: `<footer class="ods-footer" ng-controller="FooterController"><div class="ods-front-footer"><img src="/static/ods/img/themes/odslogo.svg" alt="Opendatasoft"><a href="/terms/cookies-policy/">Charte cookies</a><a href="/terms/terms-and-conditions/">Conditions d'utilisation</a>${manageCookies}</div></footer>`,
      };
  }
}

/**
 * What a third-party widget sets from its frame: a cookie of its own (SameSite=None) and a
 * partitioned (CHIPS) one. Secure cookies are allowed on localhost, which browsers trust.
 */
const WIDGET_COOKIES = ['widget_uid=w-7731; Path=/; Max-Age=31536000; SameSite=None; Secure', 'widget_chips=c-1902; Path=/; Max-Age=86400; SameSite=None; Secure; Partitioned'];

/** The portal's logo and the platform's, the same small picture. */
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32"><rect width="120" height="32" rx="4" fill="#1f5fa8"/><text x="60" y="21" font-family="sans-serif" font-size="14" fill="#fff" text-anchor="middle">Portail</text></svg>';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function portalPage(options: Settings, embed?: string, extra = ''): string {
  const scripted = options.cookies.filter((c) => c.via === 'script');
  const script = scripted
    .map((c) => `document.cookie = ${JSON.stringify(`${c.name}=${c.value}; path=/${c.maxAgeSeconds ? `; max-age=${c.maxAgeSeconds}` : ''}`)};`)
    .join('\n');
  const chrome = options.portal
    ? { ...themeChrome(options.theme, options.platformId), api: options.theme === 'bare' ? '' : '<div data-api="/api/explore/v2.1/catalog/datasets"></div>' }
    : { header: '<header><h1>Un site ordinaire</h1></header>', footer: '<footer><a href="/mentions-legales">Mentions légales</a></footer>', api: '' };
  return `<!doctype html>
<html lang="${options.lang}">
<head><meta charset="utf-8"><title>${options.portal ? 'Portail open data de démonstration' : 'Site ordinaire'}</title></head>
<body>
${chrome.header}
<main><h1>${options.portal ? 'Portail open data' : 'Bienvenue'}</h1><p>Jeux de données publics.</p>${chrome.api}${embed ? `<iframe title="Widget" src="${escapeHtml(embed)}" width="300" height="80"></iframe>` : ''}</main>
${extra}
${chrome.footer}
<script>${script}</script>
</body>
</html>`;
}

function policyPage(options: Settings): string {
  const row = (provider: string, service: string, name: string, purpose: string) =>
    `<tr><td>${escapeHtml(provider)}</td><td>${escapeHtml(service)}</td><td>${escapeHtml(name)}</td><td>${escapeHtml(purpose)}</td></tr>`;
  const head = '<thead><tr><th>Nom du prestataire</th><th>Service et emplacement</th><th>Nom du cookies</th><th>Finalités</th></tr></thead>';
  const statistics = options.policy === 'statistics' || options.policy === 'consent'
    ? `<h4>Cookies statistiques</h4><table>${head}<tbody>${row('Google', 'Google Analytics', '_ga*, _gid', 'Mesurer la fréquentation du portail')}${
        options.policy === 'consent' ? row('Matomo', "Mesure d'audience", '_pk_id.*, _pk_ses.*', 'Mesurer la fréquentation du portail') : ''
      }</tbody></table>${
        options.policy === 'consent'
          ? `<h4>Cookies tiers</h4><table>${head}<tbody>${row('Fournisseur de tuiles', 'Cartes des jeux de données', 'tile_session', 'Servir les fonds de carte')}${row('Lecteur vidéo', 'Pages éditoriales', 'widget_uid, widget_chips', 'Lire les vidéos intégrées')}</tbody></table>`
          : ''
      }`
    : '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Charte cookies</title></head>
<body><main>
<h2>Charte cookies</h2>
<p>Afin de vous proposer le meilleur service possible nous utilisons des cookies pour assurer son bon fonctionnement.</p>
<h3>A quoi servent les cookies sur la plateforme</h3>
<h4>Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels</h4>
<table>${head}<tbody>
${row('Opendatasoft', 'Authentification (front et back office)', 'sessionid', "Se souvenir de l'utilisateur d'une page à une autre.")}
${row('Opendatasoft', 'Sélection de la langue (front et back office)', 'django_language', 'Se souvenir de la langue du visiteur')}
${row('Opendatasoft', 'API (CSRF) (front et back office)', 'csrftoken', 'Récupérer des données via des appels API')}
${row('Opendatasoft', 'Choix concernant vos préférences sur les cookies', 'cookies_preferences', 'Se souvenir du choix opéré par le visiteur concernant les cookies')}
${row('Beamer', 'Notification', '_BEAMER*', "Recevoir des notifications sur les nouveautés produit dans l'interface")}
</tbody></table>
${statistics}
</main></body></html>`;
}

function setCookieHeader(c: DemoCookie): string {
  return [`${c.name}=${c.value}`, 'Path=/', c.maxAgeSeconds ? `Max-Age=${c.maxAgeSeconds}` : '', c.httpOnly ? 'HttpOnly' : '', c.sameSite ? `SameSite=${c.sameSite}` : '']
    .filter(Boolean)
    .join('; ');
}

/** The portal `npm start` audits: Toulouse Métropole's real policy text, an anonymous visit, and one undeclared cookie. */
export const DEMO_COOKIES: DemoCookie[] = [
  { name: 'csrftoken', value: 'demo-csrf-token', via: 'header', maxAgeSeconds: 365 * 86400, sameSite: 'Lax' },
  { name: 'django_language', value: 'fr', via: 'header', sameSite: 'Lax' },
  { name: 'cookies_preferences', value: '%7B%22functional_cookies%22%3Atrue%7D', via: 'script', maxAgeSeconds: 180 * 86400 },
  { name: '_ga', value: 'GA1.1.42.1700000000', via: 'script', maxAgeSeconds: 2 * 365 * 86400 },
];

export async function startDemoPortal(options: DemoPortalOptions = {}, port = 0): Promise<DemoPortal> {
  const { policyText, embed, realistic, consent, tiles, video, hostile, siteConsent, evidence, ...rest } = options;
  const settings: Settings = { policy: 'table', portal: true, cookies: STANDARD_COOKIES, lang: 'fr', host: '127.0.0.1', theme: 'default', platformId: `demo-${(options.host ?? '127.0.0.1').split('.')[0]!.replace(/[^a-z0-9-]/gi, '')}`, ...rest };
  let pageDelayMs = 0;
  let pageRequests = 0;
  const requested: string[] = [];
  const later = (ms: number | undefined, work: () => void) => (ms ? setTimeout(work, ms) : work());
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requested.push(`${req.method} ${req.url}${req.headers['sec-fetch-mode'] === 'navigate' ? ' [navigate]' : ''}`);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, body: string, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (path === '/' || path.startsWith('/explore')) {
      pageRequests++;
      if (realistic?.hang) return; // never answers: the scan's timeout must end it
      const headerCookies = settings.cookies.filter((c) => c.via === 'header').map(setCookieHeader);
      const app = realistic ? '<script src="/static/app.js"></script>' : '';
      // The pages a visitor goes through: the catalogue, a dataset and its views (the map loads
      // tiles from a tile server), a custom page with a video; the consent modal on every page.
      const links = consent ? '<nav aria-label="Pages"><a href="/explore/dataset/communes/map/">Carte des communes</a> <a href="/explore/dataset/communes/table/">Tableau</a> <a href="/p/videos/">Vidéos</a></nav>' : '';
      const map = tiles && /\/map\/?$/.test(path) ? `<div class="ods-map"><img alt="" src="${escapeHtml(tiles)}"></div>` : '';
      const misbehaviour = hostile ? `<script>${hostile.download ? "const a = document.createElement('a'); a.href = '/download/rapport.pdf'; a.download = 'rapport-portail.pdf'; document.body.append(a); a.click(); location.href = '/download/second.bin';" : ''}${hostile.popups ? "setInterval(() => { for (let i = 0; i < 5; i++) window.open('/p/popup/', '_blank'); }, 20);" : ''}</script>` : '';
      const blank = evidence?.blankFrame ? `<script>const sandbox = document.createElement('iframe'); sandbox.hidden = true; document.body.append(sandbox); sandbox.contentDocument.cookie = '_evid_blank=${EVIDENCE_VALUES.blank}; path=/; max-age=86400';</script>` : '';
      const flood = settings.cookieFlood ? `<script>addEventListener('load', () => { for (let i = 0; i < ${Number(settings.cookieFlood)}; i++) document.cookie = 'flood' + (i % 50) + '=' + i + '; path=/'; });</script>` : '';
      const transient = evidence?.transient ? `<script>document.cookie = '_evid_tmp=${EVIDENCE_VALUES.transient}; path=/'; localStorage.setItem('evid_id', '${EVIDENCE_VALUES.stored}'); fetch('/api/sync?uid=${EVIDENCE_VALUES.transient}&ls=${EVIDENCE_VALUES.stored}').finally(() => { document.cookie = '_evid_tmp=; path=/; max-age=0'; localStorage.removeItem('evid_id'); });</script>` : '';
      const recorded = evidence ? `<script>fetch('/api/explore/v2.1/visits', { credentials: 'same-origin' });</script><script src="${escapeHtml(evidence.tracker)}"></script>${blank}${transient}` : '';
      const extra = `${links}${map}${consent ? consentBanner(consent) : ''}${siteConsent ? siteConsentMarkup(siteConsent) : ''}${misbehaviour}${recorded}${flood}`;
      const answer = () => send(200, portalPage(settings, embed, extra).replace('</body>', `${app}</body>`), headerCookies.length ? { 'set-cookie': headerCookies } : {});
      const delay = pageDelayMs + (realistic?.slowMs ?? 0);
      if (delay > 0) setTimeout(() => !res.destroyed && answer(), delay);
      else answer();
    } else if (realistic && path === '/static/app.js') {
      send(200, appScript(realistic.appKb ?? 2000), { 'content-type': 'text/javascript' });
    } else if (realistic && path === '/late-trackers.js') {
      later(realistic.trackerMs, () => send(200, lateTrackers(consent), { 'content-type': 'text/javascript' }));
    } else if (path === '/api/explore/v2.1/catalog/datasets' && settings.portal) {
      // The platform's catalogue API, as the recogniser (and a realistic app) asks it.
      later(realistic?.apiMs, () => send(200, JSON.stringify({ total_count: 3, results: [] }), { 'content-type': 'application/json; charset=utf-8' }));
    } else if (path === '/api/explore/v2.1/visits' && evidence) {
      send(200, '{"ok":true}', { 'content-type': 'application/json', 'set-cookie': `ods_visit=${EVIDENCE_VALUES.visit}; Path=/; Max-Age=3600; SameSite=Lax` });
    } else if (path === '/evidence-tracker.js') {
      send(200, EVIDENCE_TRACKER, { 'content-type': 'text/javascript' });
    } else if (/^\/(?:p|pages)\/[\w-]+\/?$/.test(path) && settings.portal) {
      const player = video && path.startsWith('/p/videos') ? `<iframe title="Lecteur vidéo" src="${escapeHtml(video)}" width="320" height="180"></iframe>` : '';
      send(200, portalPage(settings, undefined, `${player}${consent ? consentBanner(consent) : ''}${siteConsent ? siteConsentMarkup(siteConsent) : ''}`));
    } else if (path === '/tile.png') {
      // A tile server that sets a cookie of its own, partitioned, as some CDNs do.
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store', 'set-cookie': 'tile_session=t-5521; Path=/; Max-Age=86400; SameSite=None; Secure; Partitioned' });
      res.end(TILE);
    } else if (path.startsWith('/vendor/')) {
      void vendorFile(path).then((file) => (file ? send(200, file.body as unknown as string, { 'content-type': file.type, 'cache-control': 'max-age=3600' }) : send(404, 'not found')));
    } else if (path.startsWith('/account/')) {
      // What an auditor must never reach: an endpoint that changes the visitor's account.
      send(200, '<!doctype html><title>Compte</title><p>Compte supprimé.</p>');
    } else if (path.startsWith('/download/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${path.slice('/download/'.length)}"` });
      res.end('%PDF-1.4 not really');
    } else if (path === '/widget') {
      send(200, '<!doctype html><title>Widget</title><p>Widget</p>', { 'set-cookie': WIDGET_COOKIES });
    } else if (path.startsWith('/terms/cookies-policy') && settings.policyRedirect) {
      res.writeHead(302, { location: settings.policyRedirect }).end();
    } else if (path.startsWith('/terms/cookies-policy') && policyText !== undefined) {
      send(200, policyText, { 'content-type': 'text/plain; charset=utf-8' });
    } else if (path.startsWith('/terms/cookies-policy') && settings.policy !== 'missing' && settings.portal) {
      send(200, policyPage(settings));
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (path.startsWith('/aws-ec2-eu-1-opendatasoft-staticfileset/') || /^\/static\/ods\/[\w/-]+\.svg$/.test(path)) {
      send(200, LOGO, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
    } else send(404, '<!doctype html><title>Page introuvable</title><h1>404</h1>');
  });
  await new Promise<void>((resolve) => server.listen(port, /^127\.\d+\.\d+\.\d+$/.test(settings.host) ? settings.host : '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  const origin = `http://${settings.host}:${bound}`;
  return {
    url: `${origin}/explore/`,
    origin,
    get pageRequests() {
      return pageRequests;
    },
    requested,
    setPageDelay: (ms) => void (pageDelayMs = ms),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
