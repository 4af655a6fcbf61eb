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

describe('lists and registry files in their corner cases', () => {
  it('reads CSV as RFC 4180: CRLF and lone CR line ends, a quote only opening an empty field, a last line without its end', () => {
    expect(parseCsv('a,b\r\nc,d\re,f')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
    expect(parseCsv('a"b,"c"\n')).toEqual([['a"b', 'c']]);
    expect(parseCsv('a,\n,\n ,  \nz')).toEqual([['a', ''], ['z']]);
    expect(parseCsv('x,')).toEqual([['x', '']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('takes a first line as a CSV header only when it names a URL column, a byte order mark aside', () => {
    const csv = readPortalList('\ufeff Link ,Titre,Country\r\nhttps://a.example.fr/, A ,  FR \n,B,\nhttps://c.example.fr/\n');
    expect(csv.portals).toEqual([{ url: 'https://a.example.fr/', name: 'A', country: 'FR' }, { url: 'https://c.example.fr/' }]);
    expect(csv.skipped).toEqual([{ line: 3, reason: 'not a URL: ' }]);
    // A comma in a text list's first line is not a CSV header.
    expect(readPortalList('https://a.example.fr/?a=1,2\nhttps://b.example.fr/').portals.map((p) => p.url)).toEqual(['https://a.example.fr/?a=1,2', 'https://b.example.fr/']);
    expect(readPortalList('url\nhttps://a.example.fr/').skipped).toEqual([{ line: 1, reason: 'not a URL: url' }]);
  });

  it('names a portal by its origin: scheme, host in lower case without the final dot, and port', () => {
    const { portals, skipped } = readPortalList('https://Data.Example.fr./\nhttps://data.example.fr/x\nhttp://data.example.fr/\nhttps://data.example.fr:8443/\n   https://b.example.fr   \n');
    expect(portals.map((p) => p.url)).toEqual(['https://data.example.fr./', 'http://data.example.fr/', 'https://data.example.fr:8443/', 'https://b.example.fr/']);
    expect(skipped).toEqual([{ line: 2, reason: 'listed already: https://data.example.fr' }]);
  });

  it('cuts long refused lines to 80 characters in the reason', () => {
    const long = `ftp://${'x'.repeat(200)}`;
    expect(readPortalList(long).skipped[0]!.reason).toBe(`not http(s): ${long.slice(0, 80)}`);
    expect(readPortalList(`bad ${'y'.repeat(200)}`).skipped[0]!.reason).toHaveLength('not a URL: '.length + 80);
  });

  it('reads quoted registry values, the country of the coverage block only, and refuses a link that is not the web', () => {
    const yaml = (software: string, link: string, more = '') => `coverage:\n- location:\n    country:\n      id: "DE"\nlink: ${link}\nname: "Stadt \\"Beispiel\\""\n${more}software:\n  id: ${software}\n`;
    expect(readRegistryEntry(yaml('OpenDataSoft', 'https://s.example.de'))).toEqual({ url: 'https://s.example.de', name: 'Stadt "Beispiel"', country: 'DE' });
    expect(readRegistryEntry(yaml('opendatasoft', 'ftp://s.example.de'))).toBeUndefined();
    expect(readRegistryEntry(yaml('opendatasoft', "'https://q.example.de'"))).toMatchObject({ url: 'https://q.example.de' });
    expect(readRegistryEntry('link: https://n.example\nsoftware:\n  id: opendatasoft\n')).toEqual({ url: 'https://n.example' });
    // A block ends at the next top-level key: a country under another block is not the coverage's.
    expect(readRegistryEntry('coverage:\n- level: 30\nowner:\n  location:\n    country:\n      id: BE\nlink: https://o.example\nsoftware:\n  id: opendatasoft\n')).toEqual({ url: 'https://o.example' });
    expect(readRegistryEntry("link: https://p.example\nsoftware:\n  id: 'opendatasoft'\n")).toEqual({ url: 'https://p.example' });
    expect(readRegistryEntry("link: https://p.example\nsoftware:\n  name: x\n")).toBeUndefined();
  });

  it('writes the list sorted by URL, quoting only the cells that need it', () => {
    expect(portalsCsv([{ url: 'https://b.example', name: 'B, "the" second', country: 'FR' }, { url: 'https://a.example', name: 'A' }, { url: 'https://c.example', name: 'line\nbreak' }]))
      .toBe('url,name,country\nhttps://a.example,A,\nhttps://b.example,"B, ""the"" second",FR\nhttps://c.example,"line\nbreak",\n');
  });
});

