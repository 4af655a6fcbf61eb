// The Public Suffix List as the extension ships it (dist/data/public-suffix.json, read out of
// tldts' trie by the build) must give every host the registrable domain tldts gives in Node: the
// popup and the CLI then draw the same line between a portal's cookies and other sites'.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cookieDomainsFor, siteOf, useSiteLookup } from '../../src/core/audit/party.ts';
import { tldtsSite, useTldts } from '../../src/core/audit/tldts-site.ts';
import { type SuffixData, readSuffixData, registrableDomain, suffixList } from '../../src/core/audit/public-suffix.ts';

const data = readSuffixData(JSON.parse(readFileSync('dist/data/public-suffix.json', 'utf8'))) as SuffixData;
const list = suffixList(data);

describe('the shipped public suffix list', () => {
  it('holds the whole list, private section included', () => {
    expect(data.rules.length).toBeGreaterThan(9_000);
    for (const rule of ['fr', 'gouv.fr', 'co.uk', 'github.io']) expect(data.rules).toContain(rule);
    expect(data.rules.some((r) => r.startsWith('*.'))).toBe(true);
    expect(data.exceptions).toContain('www.ck');
  });

  it('gives every listed portal, and a host under every rule and exception, the registrable domain tldts gives', () => {
    const portals = readFileSync('data/ods-portals/portals.csv', 'utf8').split('\n').slice(1).flatMap((l) => (l ? [new URL(l.split(',')[0]!).hostname] : []));
    const hosts = [
      ...portals, ...portals.map((h) => `www.${h}`),
      ...data.rules.flatMap((r) => [r.replace(/^\*\./, 'w.'), `a.${r.replace(/^\*\./, 'w.')}`, `b.a.${r.replace(/^\*\./, 'w.')}`]),
      ...data.exceptions.flatMap((e) => [e, `a.${e}`]),
      'localhost', 'consent.localhost', '127.0.0.1', 'data.example.unknowntld', 'a.b.c.d.e.example.fr',
    ];
    const differ = hosts.filter((h) => registrableDomain(h, list) !== tldtsSite(h)).map((h) => `${h}: ${registrableDomain(h, list)} vs ${tldtsSite(h)}`);
    expect(differ.slice(0, 10)).toEqual([]);
    expect(hosts.length).toBeGreaterThan(30_000);
  });

  it('names the site of the hosts auditors meet', () => {
    const site = (h: string) => registrableDomain(h, list);
    expect(site('data.toulouse-metropole.fr')).toBe('toulouse-metropole.fr');
    expect(site('opendata.paris.fr')).toBe('paris.fr');
    expect(site('data.economie.gouv.fr')).toBe('economie.gouv.fr');
    expect(site('ods.github.io')).toBe('ods.github.io');
    expect(site('www.ck')).toBe('www.ck');
    expect(site('a.b.ck')).toBe('a.b.ck');
    for (const h of ['gouv.fr', 'fr', '127.0.0.1', '::1', 'localhost', '.fr', 'a..fr', 'example.fr.', '.example.fr']) expect(site(h)).toBeNull();
  });

  it('reads the build\'s file, and nothing else as a list', () => {
    for (const bad of [undefined, null, {}, { rules: [] , exceptions: [] }, { rules: 'fr', exceptions: [] }, { rules: ['fr'] }]) expect(readSuffixData(bad)).toBeUndefined();
    expect(readSuffixData({ rules: ['fr', 3], exceptions: [null, 'www.ck'] })).toEqual({ rules: ['fr'], exceptions: ['www.ck'] });
  });
});

describe('registrable domains, through whichever list the entry point set', () => {
  it('asks the lookup set for the bare, lower-case host, and falls back to the host itself', () => {
    const asked: string[] = [];
    try {
      useSiteLookup((host) => (asked.push(host), host.endsWith('.fr') ? registrableDomain(host, list) : null));
      expect(siteOf('.Data.Toulouse-Metropole.FR.')).toBe('toulouse-metropole.fr');
      expect(siteOf('printer.local')).toBe('printer.local');
      expect(cookieDomainsFor('data.toulouse-metropole.fr')).toEqual(['data.toulouse-metropole.fr', 'toulouse-metropole.fr']);
      expect(asked.slice(0, 2)).toEqual(['data.toulouse-metropole.fr', 'printer.local']);
      useSiteLookup(() => {
        throw new Error('unreadable list');
      });
      expect(() => siteOf('opendata.paris.fr')).toThrow('unreadable list');
    } finally {
      useTldts();
    }
  });
});

