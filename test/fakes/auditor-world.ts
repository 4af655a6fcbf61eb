// The TabAuditor on in-memory browser APIs: one portal tab (id 1) on data.metropole.fr, its pages,
// cookies, storage.session and badge, all inspectable by the tests.
import { type PageCatalogue } from '../../src/audit/page-catalogue.ts';
import { type AuditorDeps, TabAuditor, type TabInfo } from '../../src/background/tab-auditor.ts';
import type { Cookie } from '../../src/core/types.ts';
import type { AuditDigest } from '../../src/core/report/history.ts';
import type { FetchTextResult } from '../../src/net/fetch-text.ts';
import { type BrowserFlavour, fakeCookies } from './fake-cookies.ts';
import { fakeSession } from './fake-session.ts';

export const PORTAL_PAGE = `<html lang="fr"><body><ods-front-header></ods-front-header><a href="/explore/">x</a>
<ods-front-footer><footer><a href="/terms/cookies-policy/">Charte cookies</a><ods-manage-cookies-preferences></ods-manage-cookies-preferences></footer></ods-front-footer></body></html>`;
export const POLICY = `<table><tr><th>Nom du cookie</th><th>Finalité</th></tr><tr><td>sessionid</td><td>Session</td></tr><tr><td>_ga*</td><td>Audience</td></tr></table>`;

export const c = (name: string, domain: string, more: Partial<Cookie> = {}): Cookie => ({ name, value: 'v', domain, path: '/', hostOnly: !domain.startsWith('.'), ...more });

export function world(options: { tab?: TabInfo; granted?: boolean; pages?: Record<string, FetchTextResult>; cookies?: Cookie[]; flavour?: BrowserFlavour; session?: ReturnType<typeof fakeSession> } = {}) {
  const session = options.session ?? fakeSession();
  const cache = new Map<string, PageCatalogue>();
  const badges = new Map<number, string>();
  const history = new Map<string, AuditDigest[]>();
  const fetched: string[] = [];
  const deps: AuditorDeps = {
    getTab: async (id) => (id === 1 ? (options.tab ?? { id: 1, url: 'https://data.metropole.fr/explore/' }) : undefined),
    hasOrigins: async () => options.granted ?? true,
    cookies: fakeCookies(options.cookies ?? [], options.flavour),
    fetchText: async (url) => {
      fetched.push(url);
      return options.pages?.[url] ?? { ok: false, reason: 'HTTP 404', status: 404 };
    },
    cacheGet: async (k) => cache.get(k),
    cacheSet: async (k, v) => void cache.set(k, v),
    session,
    setBadge: async (id, text) => void badges.set(id, text),
    historyGet: async (k) => history.get(k),
    historySet: async (k, v) => void history.set(k, v),
    browserInfo: async () => ({ name: 'Chromium', version: '156.0' }),
    extensionVersion: () => '0.1.0',
    timeZone: () => 'Europe/Paris',
    language: () => 'en',
    now: () => Date.parse('2026-11-23T10:00:00Z'),
  };
  return { auditor: new TabAuditor(deps), session, badges, fetched, cache, history, deps };
}
export const html = (text: string, url = ''): FetchTextResult => ({ ok: true, text, url, contentType: 'text/html' });

