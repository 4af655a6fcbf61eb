// Reading a portal's policy never reaches inside: a public portal's links and redirects to a
// loopback, private or link-local address are neither fetched nor offered as origins to grant.
import { describe, expect, it } from 'vitest';
import { catalogueForPage } from '../../src/audit/page-catalogue.ts';
import type { PageCatalogue } from '../../src/audit/page-catalogue.ts';
import { type FetchTextResult, fetchText } from '../../src/net/fetch-text.ts';
import { POLICY } from '../fakes/auditor-world.ts';

const PUBLIC = 'https://data.metropole.fr/';
const page = (footerHref: string) => `<html lang="fr"><body><ods-front-header></ods-front-header>
<footer ng-controller="FooterController"><a href="${footerHref}">Charte cookies</a><ods-manage-cookies-preferences></ods-manage-cookies-preferences></footer></body></html>`;

/** catalogueForPage over fetchText itself, with the network replaced by `answer`: every URL asked is kept. */
function reader(answer: (url: string) => Response | undefined) {
  const asked: string[] = [];
  const fetchImpl: typeof fetch = async (input) => {
    asked.push(String(input));
    return answer(String(input)) ?? new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } });
  };
  const cache = new Map<string, PageCatalogue>();
  const read = (url: string) => catalogueForPage(url, {
    fetchText: (u, options): Promise<FetchTextResult> => fetchText(u, { ...options, fetchImpl }),
    cacheGet: async (k) => cache.get(k),
    cacheSet: async (k, v) => void cache.set(k, v),
    language: () => 'fr',
    now: () => 0,
    hasOrigins: async () => true,
  });
  return { asked, read };
}
const htmlResponse = (text: string) => new Response(text, { headers: { 'content-type': 'text/html' } });

describe('the policy of a portal on a public host', () => {
  it.each(['http://127.0.0.2:9100/terms/cookies-policy/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.7/cookies', 'http://intranet.localhost/cookies', 'http://[::1]/cookies'])('never fetches a footer link to %s nor asks to be granted it', async (link) => {
    const { asked, read } = reader((url) => (url === PUBLIC ? htmlResponse(page(link)) : undefined));
    const catalogue = await read(PUBLIC);
    expect(asked.every((url) => new URL(url).hostname === 'data.metropole.fr'), asked.join(' ')).toBe(true);
    expect(catalogue.source.kind).toBe('default');
    expect(JSON.stringify(catalogue.source)).toContain('private address');
    expect(catalogue.source.kind === 'default' && catalogue.source.origins ? catalogue.source.origins : []).not.toContainEqual(expect.stringContaining(new URL(link).hostname.replace(/[[\]]/g, '')));
    expect(catalogue.entries.map((e) => e.pattern)).not.toContain('internal_secret');
  });

  it('refuses a same-origin redirect to a private address before asking it', async () => {
    const { asked, read } = reader((url) => {
      if (url === PUBLIC) return htmlResponse(page('/terms/cookies-policy/'));
      if (url === `${PUBLIC}terms/cookies-policy/`) return new Response(null, { status: 302, headers: { location: 'http://127.0.0.2:9100/internal' } });
      if (url.startsWith('http://127.0.0.2')) return htmlResponse(POLICY.replace('sessionid', 'internal_secret'));
      return undefined;
    });
    const catalogue = await read(PUBLIC);
    expect(asked.filter((url) => url.includes('127.0.0.2'))).toEqual([]);
    expect(catalogue.entries.map((e) => e.pattern)).not.toContain('internal_secret');
  });

  it('still reads the policy of a portal that is itself on a private address (the demo)', async () => {
    const demo = 'http://127.0.0.1:8080/';
    const { read } = reader((url) => (url === demo ? htmlResponse(page('http://127.0.0.2:9100/cookies')) : url === 'http://127.0.0.2:9100/cookies' ? htmlResponse(POLICY) : undefined));
    const catalogue = await read(demo);
    expect(catalogue.source).toMatchObject({ kind: 'portal', url: 'http://127.0.0.2:9100/cookies' });
    expect(catalogue.entries.map((e) => e.pattern)).toContain('sessionid');
  });
});

describe('what the recognition of one page says of its origin', () => {
  it('a page of the origin that is no portal (a 404 first, a page between documents) never hides the portal from its other pages', async () => {
    const pages: Record<string, string> = {
      'https://data.metropole.fr/not-a-page': '<!doctype html><title>Page introuvable</title><h1>404</h1>',
      'https://data.metropole.fr/explore/': page('/terms/cookies-policy/'),
      'https://data.metropole.fr/terms/cookies-policy/': POLICY,
    };
    const { asked, read } = reader((url) => (pages[url] ? new Response(pages[url], { headers: { 'content-type': 'text/html' } }) : undefined));
    expect((await read('https://data.metropole.fr/not-a-page')).portal.isPortal).toBe(false);
    expect((await read('https://data.metropole.fr/explore/')).portal.isPortal).toBe(true);
    // Once recognised, every page of the origin is a portal's, from the cache: not fetched again.
    const before = asked.length;
    expect((await read('https://data.metropole.fr/explore/dataset/x/')).portal.isPortal).toBe(true);
    expect(asked.length).toBe(before);
    // And so is the page that was read first: the origin is a portal's, whatever that page was.
    expect((await read('https://data.metropole.fr/not-a-page')).portal.isPortal).toBe(true);
    expect(asked.length).toBe(before);
  });
});
