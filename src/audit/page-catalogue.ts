// The catalogue to audit a page against: the portal's own policy when the page is an Opendatasoft
// portal whose policy can be found and read, else the embedded default, with the reason why.
// Cached per origin with the time fetched and a hash of the policy's content.
import { MANAGERS } from '../core/consent/managers/index.ts';
import { managersInMarkup } from '../core/consent/managers/in-markup.ts';
import { localKeys } from '../storage-keys.ts';
import { defaultCatalogue } from '../core/catalogue/default-catalogue.ts';
import { readPolicy } from '../core/policy/read-policy.ts';
import { confirmByApi, conventionalPolicyUrls, portalApiUrl, recognisePortal, worthAskingTheApi } from '../core/portal/recognise-portal.ts';
import type { CatalogueEntry, CatalogueField, CatalogueOverride, CatalogueSource, Language } from '../core/types.ts';
import type { PortalView } from '../messages.ts';
import { isPrivateHost } from '../net/address-kind.ts';
import type { FetchTextOptions, FetchTextResult } from '../net/fetch-text.ts';

export interface PageCatalogue {
  portal: PortalView;
  source: CatalogueSource;
  entries: CatalogueEntry[];
  warnings: string[];
  /** The columns of the policy's table, for suggested rows. */
  layout?: CatalogueField[];
  /** The policy's sentence claiming its audience measurement is exempt from consent. */
  consentExemption?: string;
  /** When it was worked out, in ms since the epoch, for the cache's freshness. */
  at: number;
}

export interface CatalogueDeps {
  fetchText(url: string, options?: Pick<FetchTextOptions, 'expect' | 'maxBytes' | 'allowPrivate'>): Promise<FetchTextResult>;
  cacheGet(key: string): Promise<PageCatalogue | undefined>;
  cacheSet(key: string, value: PageCatalogue): Promise<void>;
  language(): Language;
  now(): number;
  /** Whether the extension may read these origins (a policy on another site needs its own access). */
  hasOrigins?(origins: string[]): Promise<boolean>;
  /** The user's replacement catalogue for an origin (options page), if any. */
  overrideGet?(origin: string): Promise<CatalogueOverride | undefined>;
}

export const CATALOGUE_TTL_MS = 12 * 3600 * 1000;
/** Links found on the page, then the platform's usual paths: enough to find a policy, few enough to stay polite. */
const MAX_POLICY_TRIES = 10;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `livePage`: the page as the tab rendered it (the extension's injected script reads it); the page
 * is fetched a second time only when that cannot be read, and the catalogue says so.
 */
export async function catalogueForPage(pageUrl: string, deps: CatalogueDeps, fresh = false, livePage?: () => Promise<string | undefined>): Promise<PageCatalogue> {
  const origin = new URL(pageUrl).origin;
  // A portal is a portal on every page of its origin; a page that is none (a 404, an API answer, a
  // page caught between two documents) says so of itself only, never of the origin's other pages.
  const portalKey = localKeys.catalogue(origin);
  const pageKey = localKeys.catalogue(pageUrl.replace(/#.*$/, ''));
  let found: PageCatalogue | undefined;
  if (!fresh) {
    for (const key of [portalKey, pageKey]) {
      const cached = await deps.cacheGet(key);
      if (cached && deps.now() - cached.at < CATALOGUE_TTL_MS && (key === pageKey || cached.portal.isPortal)) {
        found = cached;
        break;
      }
    }
  }
  if (!found) {
    found = await workOut(pageUrl, deps, livePage);
    await deps.cacheSet(found.portal.isPortal ? portalKey : pageKey, found);
  }
  // A catalogue the user set on the options page wins over the portal's; the portal reading stays.
  const override = await deps.overrideGet?.(origin);
  if (!override) return found;
  return {
    ...found,
    source: { kind: 'user', via: override.via, updatedAt: override.updatedAt, ...(override.url ? { url: override.url } : {}) },
    entries: override.entries,
    warnings: [],
  };
}

async function workOut(pageUrl: string, deps: CatalogueDeps, livePage?: () => Promise<string | undefined>): Promise<PageCatalogue> {
  const notes: string[] = [];
  const fallback = (portal: PortalView, source: CatalogueSource, warnings: string[] = []): PageCatalogue => ({
    portal, source, entries: defaultCatalogue(deps.language()), warnings: [...notes, ...warnings], at: deps.now(),
  });
  // Nothing a public portal's page links to may send us to a loopback, private or link-local
  // address (the user's machine or network); a portal that is itself on one (the demo) may.
  const allowPrivate = isPrivateHost(new URL(pageUrl).hostname);
  const live = await livePage?.().catch(() => undefined);
  if (livePage && live === undefined) notes.push('The page was read from a second fetch: the tab\'s content could not be read (recognition may differ from what the tab shows).');
  const page: FetchTextResult = live !== undefined ? { ok: true, text: live, url: pageUrl, contentType: 'text/html' } : await deps.fetchText(pageUrl, { allowPrivate });
  if (!page.ok) {
    return fallback({ isPortal: false, confidence: 0, signals: [] }, { kind: 'default', reason: 'policy-unreachable', detail: `${pageUrl}: ${page.reason}` });
  }
  let reading = recognisePortal(page.text, page.url);
  if (worthAskingTheApi(reading)) {
    // The page leaves doubt (a custom theme): the platform's API settles it, under the policy's rules.
    const answer = await deps.fetchText(portalApiUrl(page.url || pageUrl), { expect: 'json', maxBytes: 100_000, allowPrivate });
    reading = confirmByApi(reading, answer.ok ? answer.text : undefined);
  }
  // The site's own consent managers count as a consent control as much as the platform's does.
  const siteManagers = managersInMarkup(page.text, MANAGERS).filter((id) => id !== 'opendatasoft');
  const portal: PortalView = {
    isPortal: reading.isPortal,
    confidence: reading.confidence,
    signals: reading.signals,
    consentControl: reading.consentControl || siteManagers.length > 0,
    ...(siteManagers.length ? { siteManagers } : {}),
    ...(reading.platformHost && reading.platformHost !== new URL(page.url || pageUrl).hostname ? { platformHost: reading.platformHost } : {}),
  };
  if (!reading.isPortal) return fallback(portal, { kind: 'default', reason: 'not-a-portal' });

  // The page's cookie links, then the platform's paths in the page's language, then its legal
  // links whatever their words, then the other paths.
  const conventional = conventionalPolicyUrls(page.url, reading.lang, reading.languages);
  const linked = (kind: 'cookie' | 'legal') => reading.policyLinks.filter((l) => l.kind === kind).map((l) => l.url);
  const candidates = [...new Set([...linked('cookie'), ...conventional.slice(0, 2), ...linked('legal').slice(0, 3), ...conventional.slice(2)])];
  const failures: string[] = [];
  const needed: string[] = [];
  let emptyPolicy: { url: string; warnings: string[] } | undefined;
  for (const url of candidates.slice(0, MAX_POLICY_TRIES)) {
    if (!allowPrivate && isPrivateHost(new URL(url).hostname)) {
      failures.push(`${url}: a private address, never fetched for a portal on a public host`);
      continue;
    }
    // A policy on another site (the footer may link to the city's main site) needs access there too.
    const policyOrigin = new URL(url).origin;
    if (policyOrigin !== new URL(page.url || pageUrl).origin && deps.hasOrigins && !(await deps.hasOrigins([`${policyOrigin}/*`]))) {
      needed.push(`${policyOrigin}/*`);
      failures.push(`${url}: no access to ${new URL(url).host}`);
      continue;
    }
    const policy = await deps.fetchText(url, { allowPrivate });
    if (!policy.ok) {
      failures.push(`${url}: ${policy.reason}`);
      continue;
    }
    const catalogue = readPolicy(policy.text);
    if (catalogue.entries.length === 0) {
      emptyPolicy ??= { url, warnings: catalogue.warnings };
      continue;
    }
    return {
      portal,
      source: { kind: 'portal', url: policy.url, fetchedAt: new Date(deps.now()).toISOString(), contentHash: await sha256(policy.text) },
      entries: catalogue.entries,
      warnings: [...notes, ...catalogue.warnings],
      ...(catalogue.layout ? { layout: catalogue.layout } : {}),
      ...(catalogue.consentExemption ? { consentExemption: catalogue.consentExemption } : {}),
      at: deps.now(),
    };
  }
  if (emptyPolicy) return fallback(portal, { kind: 'default', reason: 'policy-empty', detail: emptyPolicy.url }, emptyPolicy.warnings);
  if (needed.length > 0) return fallback(portal, { kind: 'default', reason: 'no-permission', detail: failures.join('; '), origins: needed });
  if (reading.policyLinks.length === 0 && failures.every((f) => / 404$/.test(f))) {
    return fallback(portal, { kind: 'default', reason: 'no-policy-link', detail: failures.join('; ') });
  }
  return fallback(portal, { kind: 'default', reason: 'policy-unreachable', detail: failures.join('; ') });
}
