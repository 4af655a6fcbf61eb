// The background's logic with in-memory browser APIs: what the popup and the badge get.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditorDeps } from '../../src/background/tab-auditor.ts';
import { readCookieJar, resetCookieFeatures } from '../../src/jar/cookie-jar.ts';
import { fakeCookies } from '../fakes/fake-cookies.ts';
import { POLICY, PORTAL_PAGE, c, html, world } from '../fakes/auditor-world.ts';

beforeEach(() => resetCookieFeatures());

describe('the tab auditor', () => {
  it("audits a portal against its own policy, found in the footer, and badges the undeclared count", async () => {
    const { auditor, badges, session } = world({
      pages: {
        'https://data.metropole.fr/explore/': html(PORTAL_PAGE, 'https://data.metropole.fr/explore/'),
        'https://data.metropole.fr/terms/cookies-policy/': html(POLICY, 'https://data.metropole.fr/terms/cookies-policy/'),
      },
      cookies: [c('sessionid', 'data.metropole.fr', { httpOnly: true }), c('_ga', '.metropole.fr'), c('tracker', 'data.metropole.fr'), c('other', 'www.metropole.fr')],
    });
    const state = await auditor.audit(1);
    expect(state.kind).toBe('ready');
    if (state.kind !== 'ready') return;
    expect(state.audit.catalogueSource).toMatchObject({ kind: 'portal', url: 'https://data.metropole.fr/terms/cookies-policy/', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(state.audit.cookies.map((x) => [x.name, x.status])).toEqual([['_ga', 'declared'], ['sessionid', 'declared'], ['tracker', 'undeclared']]);
    expect(badges.get(1)).toBe('1');
    expect(session.data.get('tab:1')).toEqual(state);
  });

  it('asks the portal API when the page leaves doubt, then reads the policy at the platform\'s usual path', async () => {
    const page = '<html lang="fr"><body><h1>Observatoire</h1><a href="/explore/">Données</a></body></html>';
    const w = world({
      pages: {
        'https://data.metropole.fr/explore/': html(page, 'https://data.metropole.fr/explore/'),
        'https://data.metropole.fr/api/explore/v2.1/catalog/datasets?limit=0': { ok: true, text: '{"total_count": 12, "results": []}', url: '', contentType: 'application/json' },
        'https://data.metropole.fr/terms/cookies-policy/?flg=fr': html(POLICY, 'https://data.metropole.fr/terms/cookies-policy/?flg=fr'),
      },
      cookies: [c('tracker', 'data.metropole.fr')],
    });
    const state = await w.auditor.audit(1);
    expect(state.kind === 'ready' && state.portal).toMatchObject({ isPortal: true, signals: ['api-confirmed', 'explore-links'] });
    expect(state.kind === 'ready' && state.audit.catalogueSource).toMatchObject({ kind: 'portal', url: 'https://data.metropole.fr/terms/cookies-policy/?flg=fr' });
    expect(w.badges.get(1)).toBe('1');
  });

  it('does not ask the API of a site that only embeds widgets', async () => {
    const w = world({ pages: { 'https://data.metropole.fr/explore/': html('<ods-table context="x"></ods-table>') } });
    const state = await w.auditor.audit(1);
    expect(state.kind === 'ready' && state.portal.isPortal).toBe(false);
    expect(w.fetched).toEqual(['https://data.metropole.fr/explore/']);
  });

  it('falls back to the default catalogue, and says why, when the policy answers 404', async () => {
    const { auditor } = world({ pages: { 'https://data.metropole.fr/explore/': html(PORTAL_PAGE.replace(/<a href="\/terms[^]*?<\/a>/, '')) } });
    const state = await auditor.audit(1);
    expect(state.kind === 'ready' && state.audit.catalogueSource).toMatchObject({ kind: 'default', reason: 'no-policy-link' });
  });

  it('asks for access to a policy that lives on another site instead of failing silently', async () => {
    const page = PORTAL_PAGE.replace('href="/terms/cookies-policy/"', 'href="https://www.metropole.fr/charte-cookies"');
    const w = world({ pages: { 'https://data.metropole.fr/explore/': html(page, 'https://data.metropole.fr/explore/') } });
    w.deps.hasOrigins = async (origins) => !origins.includes('https://www.metropole.fr/*');
    const state = await w.auditor.audit(1);
    expect(state.kind === 'ready' && state.audit.catalogueSource).toMatchObject({ kind: 'default', reason: 'no-permission', origins: ['https://www.metropole.fr/*'] });
    expect(w.fetched).not.toContain('https://www.metropole.fr/charte-cookies');
  });

  it("prefers the catalogue the user set for the origin, and says so", async () => {
    const w = world({ pages: { 'https://data.metropole.fr/explore/': html('<p>x</p>') }, cookies: [c('tracker', 'data.metropole.fr')] });
    w.deps.overrideGet = async (origin) => (origin === 'https://data.metropole.fr' ? { origin, entries: [{ pattern: 'tracker', purpose: 'Declared by me' }], via: 'pasted', updatedAt: '2026-11-23T09:00:00.000Z' } : undefined);
    const state = await w.auditor.audit(1);
    expect(state.kind === 'ready' && state.audit.catalogueSource).toEqual({ kind: 'user', via: 'pasted', updatedAt: '2026-11-23T09:00:00.000Z' });
    expect(state.kind === 'ready' && state.audit.cookies[0]).toMatchObject({ name: 'tracker', status: 'declared' });
  });

  it('says a page is not a portal, audits it against the default, and leaves the badge empty', async () => {
    const { auditor, badges } = world({ pages: { 'https://data.metropole.fr/explore/': html('<html><body>Blog</body></html>') }, cookies: [c('tracker', 'data.metropole.fr')] });
    const state = await auditor.audit(1);
    expect(state.kind === 'ready' && [state.portal.isPortal, state.audit.catalogueSource]).toEqual([false, { kind: 'default', reason: 'not-a-portal' }]);
    expect(badges.get(1)).toBe('');
  });

  it('asks for access instead of auditing when the host permission is missing', async () => {
    const { auditor, fetched } = world({ granted: false, tab: { id: 1, url: 'https://a.b.opendatasoft.com/explore/' } });
    expect(await auditor.audit(1)).toEqual({ kind: 'no-permission', host: 'a.b.opendatasoft.com', origins: ['*://a.b.opendatasoft.com/*', '*://b.opendatasoft.com/*', '*://opendatasoft.com/*'] });
    expect(fetched).toEqual([]);
  });

  it('recognises tabs that are not web pages', async () => {
    for (const url of ['chrome://extensions/', 'about:addons', 'file:///home/me/policy.html']) {
      const { auditor } = world({ tab: { id: 1, url } });
      expect(await auditor.audit(1)).toEqual({ kind: 'unsupported-page', url });
    }
  });

  it('reuses the cached catalogue and the stored audit', async () => {
    const { auditor, fetched } = world({ pages: { 'https://data.metropole.fr/explore/': html('<p>x</p>') } });
    await auditor.audit(1);
    await auditor.audit(1);
    expect(fetched).toEqual(['https://data.metropole.fr/explore/']);
    const again = await auditor.get(1);
    expect(again.kind).toBe('ready');
    expect(fetched).toHaveLength(1);
  });

  it('turns an unexpected failure into an error state, never a blank popup', async () => {
    const { auditor } = world({ tab: { id: 1, url: 'https://data.metropole.fr/' } });
    const broken = world({ tab: { id: 1, url: 'https://data.metropole.fr/' } });
    (broken.auditor as unknown as { deps: AuditorDeps }).deps.cookies = { getAll: async () => { throw new Error('cookie store unavailable'); } };
    expect(await broken.auditor.audit(1)).toEqual({ kind: 'error', message: 'cookie store unavailable' });
    expect((await auditor.audit(99)).kind).toBe('error');
  });
});

describe('third-party sites', () => {
  it('reads the cookies of the sites the page loaded where it may, and says which it may not', async () => {
    const w = world({
      pages: { 'https://data.metropole.fr/explore/': html('<p>x</p>') },
      cookies: [
        c('sessionid', 'data.metropole.fr'),
        c('IDE', '.tracker.net'),
        c('chips', 'cdn.tracker.net', { partitionKey: { topLevelSite: 'https://metropole.fr' } }),
        c('elsewhere', 'cdn.tracker.net', { partitionKey: { topLevelSite: 'https://other.org' } }),
        c('w', 'widgets.example.com'),
      ],
    });
    w.deps.loadedHosts = async () => ['data.metropole.fr', 'cdn.tracker.net', 'static.metropole.fr', 'widgets.example.com'];
    w.deps.hasOrigins = async (origins) => !origins.some((o) => o.includes('example.com'));
    const state = await w.auditor.audit(1);
    if (state.kind !== 'ready') throw new Error(state.kind);
    expect(state.thirdParty).toEqual({
      sites: [{ site: 'example.com', cookies: 0, readable: false }, { site: 'tracker.net', cookies: 2, readable: true }],
      origins: ['*://example.com/*', '*://*.example.com/*'],
    });
    expect(state.audit.cookies.map((x) => [x.name, x.party, x.partition ?? null])).toEqual([
      ['chips', 'third', 'https://metropole.fr'],
      ['IDE', 'third', null],
      ['sessionid', 'first', null],
    ]);
  });
});

describe('history and reports for the popup', () => {
  it('shows what changed since the last audit the user saw, and keeps at most 20 per portal', async () => {
    const cookies = [c('sessionid', 'data.metropole.fr')];
    const w = world({ cookies, pages: { 'https://data.metropole.fr/explore/': html('<p>x</p>') } });
    let now = Date.parse('2026-11-23T10:00:00Z');
    w.deps.now = () => (now += 60_000);
    const first = await w.auditor.forPopup(1, true);
    expect(first.kind === 'ready' && first.diff).toBe(null);
    cookies.push(c('_hjid', 'data.metropole.fr'));
    cookies.shift();
    const second = await w.auditor.forPopup(1, true);
    expect(second.kind === 'ready' && second.diff).toMatchObject({ added: [{ name: '_hjid' }], gone: [{ name: 'sessionid' }] });
    for (let i = 0; i < 25; i++) await w.auditor.forPopup(1, true);
    expect(w.history.get('history:https://data.metropole.fr')).toHaveLength(20);
  });

  it('renders a named report without values, and with value digests only when asked', async () => {
    const secret = 'login-secret-value-123';
    const w = world({ cookies: [c('sessionid', 'data.metropole.fr', { value: secret })], pages: { 'https://data.metropole.fr/explore/': html('<p>x</p>') } });
    const plain = await w.auditor.report(1, 'json', false);
    expect(plain.ok && plain.filename).toMatch(/^cookie-audit_data\.metropole\.fr_\d{8}-\d{4}\.json$/);
    if (!plain.ok) return;
    const report = JSON.parse(plain.text);
    expect(report.browser).toEqual({ name: 'Chromium', version: '156.0' });
    expect(report.cookies[0].valueSha256Prefix).toBeUndefined();
    expect(plain.text).not.toContain(secret);
    const hashed = await w.auditor.report(1, 'csv', true);
    expect(hashed.ok && hashed.text).toMatch(/,[0-9a-f]{12}\r\n/);
    expect(hashed.ok && hashed.text).not.toContain(secret);
  });
});

describe('reading the cookie jar', () => {
  const jar = [
    c('a', 'data.metropole.fr'),
    c('b', '.metropole.fr'),
    c('sibling', 'www.metropole.fr'),
    c('p', 'data.metropole.fr', { partitionKey: { topLevelSite: 'https://metropole.fr' } }),
    c('p-elsewhere', 'data.metropole.fr', { partitionKey: { topLevelSite: 'https://other.fr' } }),
    c('container', 'data.metropole.fr', { storeId: 'firefox-container-2' }),
  ];

  it('includes partitioned cookies where the browser supports partitionKey', async () => {
    const api = fakeCookies(jar);
    expect((await readCookieJar(api, { host: 'data.metropole.fr' })).map((x) => x.name).sort()).toEqual(['a', 'b', 'p']);
  });

  it('detects a Chrome that rejects partitionKey, once, and still reads the jar', async () => {
    const api = fakeCookies(jar, 'chrome-118');
    expect((await readCookieJar(api, { host: 'data.metropole.fr' })).map((x) => x.name).sort()).toEqual(['a', 'b']);
    const probes = api.calls.length;
    await readCookieJar(api, { host: 'data.metropole.fr' });
    expect(api.calls.length - probes).toBe(2); // one getAll per domain, no new probe
  });

  it('passes firstPartyDomain under Firefox first-party isolation', async () => {
    const api = fakeCookies(jar, 'firefox-fpi');
    expect((await readCookieJar(api, { host: 'data.metropole.fr' })).map((x) => x.name).sort()).toEqual(['a', 'b', 'p']);
    expect(api.calls.at(-1)).toMatchObject({ firstPartyDomain: null });
  });

  it("reads the tab's own cookie store (Firefox containers)", async () => {
    const api = fakeCookies(jar);
    expect((await readCookieJar(api, { host: 'data.metropole.fr', storeId: 'firefox-container-2' })).map((x) => x.name)).toEqual(['container']);
  });
});
