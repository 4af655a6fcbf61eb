// Is this page an Opendatasoft portal, and where does it link its cookie policy? Read from the
// page's HTML (a streaming tag reader, no DOM, linear in the page), because portals live on custom domains as often as on
// *.opendatasoft.com: the markup they share says more than the host name.
import { readTags } from '../html/read-tags.ts';
import { fold } from '../policy/blocks.ts';

export type PortalSignal =
  | 'platform-domain'
  | 'front-header'
  | 'front-footer'
  | 'cookie-preferences-element'
  | 'explore-links'
  | 'api-paths'
  | 'ods-widgets';

// Weights: a signal only a portal shows counts most; widgets alone (sites embedding ODS) stay below 0.5.
const WEIGHTS: Record<PortalSignal, number> = {
  'platform-domain': 0.6,
  'front-header': 0.4,
  'front-footer': 0.3,
  'cookie-preferences-element': 0.4,
  'explore-links': 0.15,
  'api-paths': 0.15,
  'ods-widgets': 0.1,
};
export const PORTAL_THRESHOLD = 0.5;

/** Pages are read up to this size (the fetch cap); link texts up to this length. */
const MAX_PAGE = 5_000_000;
const MAX_LINK_TEXT = 300;

export interface PolicyLink { url: string; text: string }

export interface PortalReading {
  isPortal: boolean;
  /** 0 to 1: the weights of the signals seen, capped. */
  confidence: number;
  signals: PortalSignal[];
  /** Links that read as the cookie policy, footer and banner ones first. */
  policyLinks: PolicyLink[];
  lang?: string;
}

const POLICY_TEXT = /charte (?:des |de |d'utilisation des )?cookies|politique (?:de |des |relative aux |d'utilisation des )?cookies|gestion des cookies|cookies? polic|cookie (?:statement|notice)|utilisation des cookies|informations? (?:sur les|about) cookies|^cookies$/;
const POLICY_PATH = /\/terms\/cookies|cookie[-_]?polic|politique[-_]cookies|charte[-_]cookies|\/cookies\/?$/;

export function isPlatformHost(host: string): boolean {
  return /(?:^|\.)(?:opendatasoft|huwise)\.com$/.test(host.toLowerCase());
}

export function recognisePortal(html: string, pageUrl: string): PortalReading {
  const signals = new Set<PortalSignal>();
  const links: (PolicyLink & { rank: number })[] = [];
  let base: URL | undefined;
  try {
    base = new URL(pageUrl);
    if (isPlatformHost(base.hostname)) signals.add('platform-domain');
  } catch {
    /* not a URL: no host signal, links stay unresolved */
  }
  let lang: string | undefined;
  let footerDepth = 0;
  let anchor: { href: string; text: string; inFooter: boolean } | undefined;

  const resolve = (href: string) => {
    try {
      const url = new URL(href, base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  };
  const scanForApi = (text: string) => {
    if (text.includes('/api/explore/v2.1/') || text.includes('/api/records/1.0/') || text.includes('/api/explore/v2.0/')) signals.add('api-paths');
  };

  const read = (input: string) => readTags(
    input,
    {
      onopentag(name, attribs) {
        if (name === 'html' && attribs.lang) lang = attribs.lang;
        const cls = attribs.class ?? '';
        if (name === 'ods-front-header' || /\bods-front-header\b/.test(cls)) signals.add('front-header');
        if (name === 'ods-front-footer' || /\bods-front-footer\b/.test(cls)) signals.add('front-footer');
        if (name === 'ods-manage-cookies-preferences') signals.add('cookie-preferences-element');
        if (/^ods-(?:dataset-context|catalog-context|table|map|chart|result-enumerator)/.test(name)) signals.add('ods-widgets');
        if (name === 'ods-front-footer' || name === 'footer' || /\bods-front-footer\b|\bfooter\b/.test(cls)) footerDepth++;
        for (const value of Object.values(attribs)) scanForApi(value);
        if (name === 'a' && attribs.href) {
          if (/^\/explore\/|\/explore\/dataset\//.test(attribs.href) || (base && attribs.href.startsWith(`${base.origin}/explore/`))) signals.add('explore-links');
          anchor = { href: attribs.href, text: '', inFooter: footerDepth > 0 };
        }
      },
      ontext(text) {
        // A link's words past a few hundred characters say nothing more about what it links to.
        if (anchor && anchor.text.length < MAX_LINK_TEXT) anchor.text += text;
        scanForApi(text);
      },
      onclosetag(name) {
        if (name === 'a' && anchor) {
          const text = anchor.text.replace(/\s+/g, ' ').trim();
          const byText = POLICY_TEXT.test(fold(text));
          const url = resolve(anchor.href);
          if (url && (byText || POLICY_PATH.test(url.toLowerCase()))) {
            links.push({ url, text, rank: (byText ? 0 : 2) + (anchor.inFooter ? 0 : 1) });
          }
          anchor = undefined;
        }
        if ((name === 'ods-front-footer' || name === 'footer') && footerDepth > 0) footerDepth--;
      },
    },
  );
  try {
    read(html.slice(0, MAX_PAGE));
  } catch {
    /* a reader fault leaves the signals read so far */
  }
  const confidence = Math.min(1, [...signals].reduce((sum, s) => sum + WEIGHTS[s], 0));
  const seen = new Set<string>();
  const policyLinks = links
    .sort((a, b) => a.rank - b.rank)
    .filter((l) => !seen.has(l.url) && seen.add(l.url))
    .map(({ url, text }) => ({ url, text }));
  return { isPortal: confidence >= PORTAL_THRESHOLD, confidence: Math.round(confidence * 100) / 100, signals: [...signals], policyLinks, ...(lang ? { lang } : {}) };
}

/** The paths Opendatasoft portals serve their policy at, in the page's language first. */
export function conventionalPolicyUrls(pageUrl: string, lang?: string): string[] {
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return [];
  }
  const flags = lang?.toLowerCase().startsWith('fr') ? ['fr', 'en-gb'] : ['en-gb', 'fr'];
  return ['/terms/cookies-policy/', '/terms/cookies-information/'].flatMap((path) => flags.map((flag) => `${origin}${path}?flg=${flag}`));
}
