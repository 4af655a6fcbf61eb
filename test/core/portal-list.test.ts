// Portal lists: the shipped registry of Opendatasoft portals, text and CSV lists, and the registry
// files the shipped list is refreshed from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, readPortalList } from '../../src/core/portals/portal-list.ts';
import { portalsCsv, readRegistryEntry } from '../../src/core/portals/registry-entry.ts';

const shipped = readFileSync(new URL('../../data/ods-portals/portals.csv', import.meta.url), 'utf8');

describe('the shipped list of Opendatasoft portals', () => {
  it('holds the 441 catalogues of the registry: 439 portals, two catalogues sharing a portal with another', () => {
    const { portals, skipped } = readPortalList(shipped);
    expect(shipped.trimEnd().split('\n')).toHaveLength(442);
    // The registry lists /explore of two portals as catalogues of their own: one portal, scanned once.
    expect(skipped).toEqual([
      { line: 223, reason: 'listed already: https://datosabiertos.dipcas.es' },
      { line: 413, reason: 'listed already: https://valencia.opendatasoft.com' },
    ]);
    expect(portals).toHaveLength(439);
    expect(portals.every((p) => p.url.startsWith('https://') && p.name)).toBe(true);
    expect(portals.filter((p) => p.url.includes('.opendatasoft.com')).length).toBeGreaterThan(150);
  });

  it('keeps its format through the refresh script: what it writes reads back the same', () => {
    const { portals } = readPortalList(shipped);
    const rewritten = portalsCsv(portals.map((p) => ({ ...p, url: p.url.replace(/\/$/, '') })));
    expect(rewritten.startsWith('url,name,country\n')).toBe(true);
    const byUrl = (list: typeof portals) => [...list].sort((a, b) => a.url.localeCompare(b.url));
    expect(byUrl(readPortalList(rewritten).portals)).toEqual(byUrl(portals));
  });

  it('ships with its licence and source', () => {
    expect(readFileSync(new URL('../../data/ods-portals/LICENSE', import.meta.url), 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync(new URL('../../data/ods-portals/SOURCE.md', import.meta.url), 'utf8')).toMatch(/dataportals-registry/);
  });
});

describe('lists of portals', () => {
  it('reads a text list: comments and blank lines ignored, duplicates and non-http(s) lines named', () => {
    const { portals, skipped } = readPortalList('# portals\nhttps://a.example.fr/explore/\n\nftp://b.example.fr/\nhttps://A.example.fr/p/x/\nnot a url\nhttp://c.example.fr\n');
    expect(portals.map((p) => p.url)).toEqual(['https://a.example.fr/explore/', 'http://c.example.fr/']);
    expect(skipped).toEqual([
      { line: 4, reason: 'not http(s): ftp://b.example.fr/' },
      { line: 5, reason: 'listed already: https://a.example.fr' },
      { line: 6, reason: 'not a URL: not a url' },
    ]);
  });

  it('reads a CSV with a URL column, quoted commas and line breaks included', () => {
    const { portals } = readPortalList('Name,URL,Pays\n"Ville, données","https://d.example.fr","FR"\n"Deux\nlignes",https://e.example.fr,BE\n');
    expect(portals).toEqual([{ url: 'https://d.example.fr/', name: 'Ville, données', country: 'FR' }, { url: 'https://e.example.fr/', name: 'Deux\nlignes', country: 'BE' }]);
    expect(parseCsv('a,"b ""c""",d\r\n1,2,3')).toEqual([['a', 'b "c"', 'd'], ['1', '2', '3']]);
  });
});

describe('registry files', () => {
  const entry = readFileSync(new URL('../fixtures/registry/ods-entry.yaml', import.meta.url), 'utf8');

  it("reads an Opendatasoft catalogue's link, name and coverage country (not its owner's)", () => {
    expect(readRegistryEntry(entry)).toEqual({ url: 'https://data.example-ville.fr', name: "Ville d'exemple, données ouvertes", country: 'FR' });
  });

  it('leaves out catalogues of other software', () => {
    expect(readRegistryEntry(entry.replace('id: opendatasoft', 'id: ckan'))).toBeUndefined();
    expect(readRegistryEntry('link: https://x.example\nname: x\n')).toBeUndefined();
  });
});
