// Is this page an Opendatasoft (Huwise) portal, and where does it link its cookie policy? Read from
// the page's HTML (a streaming tag reader, no DOM, linear in the page), because portals live on
// custom domains as often as on *.opendatasoft.com, and replace the default header and footer as
// they please (DSFR portals carry no ods-front-header at all). The platform's own fingerprints
// (docs/platform-facts.md §4) weigh by how specific they are; when the page alone
// leaves doubt, the portal's API confirms (see confirmByApi).
import { readTags } from '../html/read-tags.ts';
import { fold } from '../policy/blocks.ts';

export type PortalSignal =
  | 'platform-domain'
  | 'staticfileset-assets'
  | 'front-header'
  | 'front-footer'
  | 'manage-cookies'
  | 'footer-controller'
  | 'platform-logo'
  | 'platform-statics'
  | 'theme-images'
  | 'explore-links'
  | 'portal-page-links'
  | 'api-paths'
  | 'ods-widgets'
  | 'api-confirmed';

/**
 * How much each signal says. Only a portal shows the first ones; a site embedding the platform's
 * widgets shows the last ones too, so they stay below the threshold together (0.1 + 0.15 + 0.15).
 */
export const SIGNAL_WEIGHTS: Record<PortalSignal, number> = {
  'platform-domain': 0.6, // <id>.opendatasoft.com, <id>.huwise.com
  'api-confirmed': 0.6, // /api/explore/v2.1/catalog/datasets answered as the platform does
  'staticfileset-assets': 0.6, // logos on the platform's S3 file sets (…-opendatasoft-staticfileset/<domain id>/)
  'front-header': 0.4, // the default theme's ods-front-header
  'manage-cookies': 0.4, // <ods-manage-cookies-preferences>, from the ##manage-cookies## placeholder
  'platform-logo': 0.4, // huwise-black.svg, odslogo.svg: the ##huwise-logo## / ##ods-logo## placeholders
  'front-footer': 0.3, // the default theme's ods-front-footer
  'footer-controller': 0.3, // the platform wraps every footer in ng-controller="FooterController"
  'platform-statics': 0.3, // /static/ods/…, /static/pictos/… served by the portal itself
  'theme-images': 0.3, // /assets/theme_image/… served by the portal itself
  'explore-links': 0.15, // the catalogue, /explore/, on this site
  'api-paths': 0.15, // /api/explore/v2.1/, /api/records/1.0/ in the page
  'portal-page-links': 0.1, // studio and code-editor pages, /p/<slug>/ and /pages/<slug>/, on this site
  'ods-widgets': 0.1, // <ods-table>, <ods-map>…: sites embed these too
};
export const PORTAL_THRESHOLD = 0.5;

/** Pages are read up to this size (the fetch cap); link texts up to this length. */
const MAX_PAGE = 5_000_000;
const MAX_LINK_TEXT = 300;

export interface PolicyLink {
  url: string;
  text: string;
  /** `cookie`: its words or path name the cookie policy; `legal`: a legal page that may hold it. */
  kind: 'cookie' | 'legal';
}

export interface PortalReading {
  isPortal: boolean;
  /** 0 to 1: the weights of the signals seen, capped. */
  confidence: number;
  /** Strongest first: what decided. */
  signals: PortalSignal[];
  /** Links that read as the cookie policy, footer ones first, then legal links whatever their text. */
  policyLinks: PolicyLink[];
  lang?: string;
  /** The languages the portal offers (`?flg=` of its language links), the page's own first. */
  languages: string[];
  /** The platform's name for this portal (`<id>.opendatasoft.com`), when the page reveals it. */
  platformHost?: string;
  /** The page carries the platform's manage-cookies control (the banner can exist). */
  consentControl: boolean;
}

const POLICY_TEXT = /charte (?:des |de |d'utilisation des )?cookies|politique (?:de |des |relative aux |d'utilisation des )?cookies|gestion des cookies|cookies? polic|cookie (?:statement|notice)|utilisation des cookies|informations? (?:sur les|about) cookies|^cookies$/;
const POLICY_PATH = /\/terms\/cookies|cookie[-_]?polic|politique[-_]cookies|charte[-_]cookies|\/cookies\/?$/;
/** Legal links a policy often hides behind ("Données personnelles" on DSFR portals links to /terms/cookies-policy/). */
const LEGAL_TEXT = /donnees personnelles|mentions legales|vie privee|confidentialite|protection des donnees|privacy|legal notice|personal data|datenschutz|privacidad|\blegal\b/;
const LEGAL_PATH = /\/terms\/|privacy|confidentialite|mentions[-_]legales|donnees[-_]personnelles/;

const STATICFILESET = /opendatasoft-staticfileset\/([a-z0-9][a-z0-9-]{0,62})\//i;
const PLATFORM_LOGO = /\/(?:huwise-black|huwise-white|huwise|odslogo|ods-logo)[\w-]*\.svg\b|hub\.huwise\.com\/static\/ods\//i;
const API_TEXT = /\/api\/(?:explore\/v2\.[01]\/|records\/1\.0\/|datasets\/1\.0\/|v2\/catalog\/)/;

export function isPlatformHost(host: string): boolean {
  return /(?:^|\.)(?:opendatasoft|huwise)\.com$/.test(host.toLowerCase());
}

/** The confidence and verdict of a set of signals, strongest first. */
export function weigh(signals: Iterable<PortalSignal>): Pick<PortalReading, 'isPortal' | 'confidence' | 'signals'> {
  const sorted = [...new Set(signals)].sort((a, b) => SIGNAL_WEIGHTS[b] - SIGNAL_WEIGHTS[a] || a.localeCompare(b));
  const confidence = Math.min(1, sorted.reduce((sum, s) => sum + SIGNAL_WEIGHTS[s], 0));
  return { isPortal: confidence >= PORTAL_THRESHOLD, confidence: Math.round(confidence * 100) / 100, signals: sorted };
}

export function recognisePortal(html: string, pageUrl: string): PortalReading {
  const signals = new Set<PortalSignal>();
  const links: (PolicyLink & { rank: number })[] = [];
  const languages = new Set<string>();
  let base: URL | undefined;
  try {
    base = new URL(pageUrl);
    if (isPlatformHost(base.hostname)) signals.add('platform-domain');
  } catch {
    /* not a URL: no host signal, links stay unresolved */
  }
  let lang: string | undefined;
  let platformId: string | undefined;
  let depth = 0;
  /** The depth of the footer element the reader is in, 0 outside any. */
  let footerAt = 0;
  let anchor: { href: string; text: string; inFooter: boolean } | undefined;
  const resolved = new Map<string, URL | undefined>();

  const resolve = (href: string): URL | undefined => {
    if (resolved.has(href)) return resolved.get(href);
    let url: URL | undefined;
    try {
      url = new URL(href, base);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') url = undefined;
    } catch {
      url = undefined;
    }
    if (resolved.size < 2_000) resolved.set(href, url);
    return url;
  };
  /** Same site as the page: a path served by the portal itself, not by a site it links to. */
  const ownPath = (value: string): string | undefined => {
    if (value.startsWith('/') && !value.startsWith('//')) return value;
    const url = /^https?:/i.test(value) ? resolve(value) : undefined;
    return url && base && url.host === base.host ? url.pathname : undefined;
  };
  const readValue = (value: string) => {
    if (API_TEXT.test(value)) signals.add('api-paths');
    if (value.includes('staticfileset')) {
      const id = STATICFILESET.exec(value)?.[1];
      if (id) {
        signals.add('staticfileset-assets');
        platformId ??= id.toLowerCase();
      }
    }
    if (PLATFORM_LOGO.test(value)) signals.add('platform-logo');
    const path = value.length < 2_000 ? ownPath(value) : undefined;
    if (path) {
      if (path.startsWith('/static/ods/') || path.startsWith('/static/pictos/')) signals.add('platform-statics');
      if (path.startsWith('/assets/theme_image/')) signals.add('theme-images');
      if (/^\/explore\/(?:$|dataset\/|\?)/.test(path)) signals.add('explore-links');
      if (/^\/(?:p|pages)\/[\w-]+\/?$/.test(path)) signals.add('portal-page-links');
    }
  };

  const read = (input: string) => readTags(input, {
    onopentag(name, attribs) {
      if (name === 'html' && attribs.lang) lang = attribs.lang;
      const cls = attribs.class ?? '';
      if (name === 'ods-front-header' || /\bods-front-header\b/.test(cls)) signals.add('front-header');
      if (name === 'ods-front-footer' || /\bods-front-footer\b/.test(cls)) signals.add('front-footer');
      if (name === 'ods-manage-cookies-preferences' || cls.includes('ods-manage-cookies-preferences__show-button')) signals.add('manage-cookies');
      if (attribs['ng-controller'] === 'FooterController') signals.add('footer-controller');
      if (/^ods-(?:dataset-context|catalog-context|table|map|chart|result-enumerator)/.test(name)) signals.add('ods-widgets');
      depth++;
      if (!footerAt && (name === 'ods-front-footer' || name === 'footer' || /(?:^|\s)(?:ods-front-footer|fr-footer|footer)(?:\s|$)/.test(cls))) footerAt = depth;
      for (const value of Object.values(attribs)) readValue(value);
      if (name === 'a' && attribs.href) {
        const flg = /[?&]flg=([a-z]{2}(?:-[a-z]{2})?)\b/i.exec(attribs.href)?.[1];
        if (flg) languages.add(flg.toLowerCase());
        anchor = { href: attribs.href, text: '', inFooter: footerAt > 0 };
      }
    },
    ontext(text) {
      // A link's words past a few hundred characters say nothing more about what it links to.
      if (anchor && anchor.text.length < MAX_LINK_TEXT) anchor.text += text;
      if (API_TEXT.test(text)) signals.add('api-paths');
    },
    onclosetag(name) {
      if (name === 'a' && anchor) {
        const text = anchor.text.replace(/\s+/g, ' ').trim();
        const folded = fold(text);
        const url = resolve(anchor.href);
        if (url) {
          const href = url.href.toLowerCase();
          const byText = POLICY_TEXT.test(folded);
          const byPath = POLICY_PATH.test(href);
          const legal = !byText && !byPath && (LEGAL_TEXT.test(folded) || LEGAL_PATH.test(href));
          const footer = anchor.inFooter ? 0 : 1;
          // Cookie wording first, then a cookie path, then legal links (footer before body each time).
          if (byText || byPath) links.push({ url: url.href, text, kind: 'cookie', rank: (byText ? 0 : 2) + footer });
          else if (legal) links.push({ url: url.href, text, kind: 'legal', rank: 4 + footer });
        }
        anchor = undefined;
      }
      if (footerAt === depth) footerAt = 0;
      depth--;
    },
  });
  try {
    read(html.slice(0, MAX_PAGE));
  } catch {
    /* a reader fault leaves the signals read so far */
  }
  const seen = new Set<string>();
  const policyLinks = links
    .sort((a, b) => a.rank - b.rank)
    .filter((l) => !seen.has(l.url) && seen.add(l.url))
    .slice(0, 20)
    .map(({ url, text, kind }) => ({ url, text, kind }));
  const pageLang = lang?.toLowerCase();
  const ordered = [...languages].sort((a, b) => Number(!pageLang?.startsWith(a.slice(0, 2))) - Number(!pageLang?.startsWith(b.slice(0, 2))));
  const platformHost = platformId ? `${platformId}.opendatasoft.com` : base && isPlatformHost(base.hostname) ? base.hostname : undefined;
  return {
    ...weigh(signals),
    policyLinks,
    ...(lang ? { lang } : {}),
    languages: ordered,
    ...(platformHost ? { platformHost } : {}),
    consentControl: signals.has('manage-cookies'),
  };
}

/** The page leaves doubt: some sign of the platform, not enough. Widgets alone are no doubt. */
export function worthAskingTheApi(reading: PortalReading): boolean {
  return !reading.isPortal && reading.signals.some((s) => s !== 'ods-widgets');
}

/** The platform's catalogue API of a portal's origin: a small answer with a total count. */
export function portalApiUrl(pageUrl: string): string {
  return `${new URL(pageUrl).origin}/api/explore/v2.1/catalog/datasets?limit=0`;
}

/** Adds `api-confirmed` when the API answered as the platform does: JSON with a numeric total_count. */
export function confirmByApi(reading: PortalReading, answer: string | undefined): PortalReading {
  if (answer === undefined) return reading;
  try {
    const data = JSON.parse(answer.slice(0, 100_000)) as { total_count?: unknown };
    if (typeof data?.total_count !== 'number') return reading;
  } catch {
    return reading;
  }
  return { ...reading, ...weigh([...reading.signals, 'api-confirmed']) };
}

/** The paths Opendatasoft portals serve their policy at, in the portal's languages, the page's first. */
export function conventionalPolicyUrls(pageUrl: string, lang?: string, languages: readonly string[] = []): string[] {
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return [];
  }
  const page = lang?.toLowerCase().startsWith('fr') ? ['fr', 'en-gb'] : ['en-gb', 'fr'];
  const flags = [...new Set([...(lang ? [lang.toLowerCase()] : []).filter((l) => languages.includes(l)), ...languages, ...page])];
  const paths = ['/terms/cookies-policy/', '/terms/cookies-information'];
  return [
    ...paths.flatMap((path) => flags.map((flag) => `${origin}${path}?flg=${flag}`)),
    // Without the language, and the other trailing-slash spelling: both are seen on real portals.
    ...paths.map((path) => `${origin}${path}`),
    `${origin}/terms/cookies-policy`,
    `${origin}/terms/cookies-information/`,
  ];
}
