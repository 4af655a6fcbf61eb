import { describe, expect, it } from 'vitest';
import { catalogueToJson, checkEntries, checkEntry, checkOverride, parseCatalogueJson } from '../../src/core/catalogue/catalogue-json.ts';
import { defaultCatalogue } from '../../src/core/catalogue/default-catalogue.ts';

describe('catalogue JSON files', () => {
  it('round-trips what it exports, and reads the CLI catalogue --json shape and bare arrays', () => {
    const entries = defaultCatalogue('fr');
    expect(parseCatalogueJson(catalogueToJson(entries, 'https://opendata.paris.fr'))).toEqual({ ok: true, entries });
    expect(parseCatalogueJson('{"language":"fr","entries":[{"pattern":"_ga*","provider":null,"category":"statistics"}],"warnings":[]}')).toEqual({ ok: true, entries: [{ pattern: '_ga*', category: 'statistics' }] });
    expect(parseCatalogueJson('[{"pattern":" sessionid ","purpose":" Session "}]')).toEqual({ ok: true, entries: [{ pattern: 'sessionid', purpose: 'Session' }] });
  });

  it.each([
    ['{', /^not JSON/],
    ['{"entries": 3}', /expected \{"entries": \[\.\.\.\]\}/],
    ['[]', /no entry/],
    ['[{"purpose": "x"}]', /entry 1: no cookie name/],
    ['[{"pattern": "a b"}]', /entry 1: "a b" is not a cookie name/],
    ['[{"pattern": "ok"}, {"pattern": "x", "category": "tracking"}]', /entry 2: category must be one of/],
    ['[{"pattern": "x", "purpose": 42}]', /entry 1: purpose must be text/],
  ])('refuses %s with a reason', (text, reason) => {
    const checked = parseCatalogueJson(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('an override read back from storage', () => {
  const good = { origin: 'https://data.metropole.fr', entries: [{ pattern: 'sessionid', purpose: 'Login' }], via: 'pasted', updatedAt: '2026-11-23T09:00:00.000Z' };

  it('is taken when it has the shape the options page saves', () => {
    expect(checkOverride(good, 'https://data.metropole.fr')).toEqual(good);
  });

  it('is ignored when anything in it is off: another origin, a bad entry, an unknown way, no entries', () => {
    for (const bad of [
      { ...good, origin: 'https://evil.example' },
      { ...good, entries: [{ pattern: '<script>' }] },
      { ...good, entries: [] },
      { ...good, via: 'injected' },
      { ...good, entries: 'sessionid' },
      'sessionid',
      null,
    ]) expect(checkOverride(bad, 'https://data.metropole.fr'), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('each entry, as a user typed it', () => {
  it('says exactly why an entry is refused, where it is', () => {
    expect(checkEntry(null, 'entry 3')).toEqual({ ok: false, reason: 'entry 3: not an object' });
    expect(checkEntry('sessionid', 'entry 3')).toEqual({ ok: false, reason: 'entry 3: not an object' });
    expect(checkEntry({ pattern: 42 }, 'entry 3')).toEqual({ ok: false, reason: 'entry 3: no cookie name or pattern' });
    expect(checkEntry({ pattern: `a b${'c'.repeat(100)}` }, 'entry 3')).toEqual({ ok: false, reason: `entry 3: "a b${'c'.repeat(57)}" is not a cookie name (letters, digits, _ . - and * only)` });
    expect(checkEntry({ pattern: 'x', lifetime: 3 }, 'entry 3')).toEqual({ ok: false, reason: 'entry 3: lifetime must be text' });
    expect(checkEntry({ pattern: 'x', category: 'tracking' }, 'entry 3')).toEqual({ ok: false, reason: 'entry 3: category must be one of necessary, functional, statistics, advertising, third-party' });
  });

  it('takes names of up to 256 characters, and leaves out empty fields and blank text', () => {
    expect(checkEntry({ pattern: 'a'.repeat(256) }, 'e').ok).toBe(true);
    expect(checkEntry({ pattern: 'a'.repeat(257) }, 'e').ok).toBe(false);
    expect(checkEntry({ pattern: 'x', provider: null, service: '', purpose: '   ', lifetime: ' 13 mois ', category: '' }, 'e')).toEqual({ ok: true, entry: { pattern: 'x', lifetime: '13 mois' } });
    expect(checkEntry({ pattern: 'x', category: null }, 'e')).toEqual({ ok: true, entry: { pattern: 'x' } });
  });

  it('cuts a field at 2,000 characters', () => {
    const checked = checkEntry({ pattern: 'x', purpose: ` ${'p'.repeat(3_000)} ` }, 'e');
    expect(checked.ok && checked.entry.purpose).toBe('p'.repeat(2_000));
  });

  it('takes 5,000 entries and no more, and stops at the first bad one', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ pattern: `c${i}` }));
    expect(checkEntries(many(5_000)).ok).toBe(true);
    expect(checkEntries(many(5_001))).toEqual({ ok: false, reason: 'the catalogue has 5001 entries; at most 5000' });
    expect(checkEntries([{ pattern: 'a' }, { pattern: '' }, { pattern: 'b c' }])).toEqual({ ok: false, reason: 'entry 2: no cookie name or pattern' });
  });

  it('refuses JSON that is null or holds no list', () => {
    expect(parseCatalogueJson('null')).toEqual({ ok: false, reason: 'expected {"entries": [...]} or an array of entries' });
    expect(parseCatalogueJson('{}')).toEqual({ ok: false, reason: 'expected {"entries": [...]} or an array of entries' });
  });

  it('writes the format, its version and the origin when there is one', () => {
    expect(JSON.parse(catalogueToJson([{ pattern: 'a' }]))).toEqual({ format: 'ods-cookie-audit/catalogue', version: 1, entries: [{ pattern: 'a' }] });
    expect(catalogueToJson([{ pattern: 'a' }], 'https://x.example')).toBe('{\n  "format": "ods-cookie-audit/catalogue",\n  "version": 1,\n  "origin": "https://x.example",\n  "entries": [\n    {\n      "pattern": "a"\n    }\n  ]\n}\n');
  });

  it('keeps the address an override was read from, and only when it is text', () => {
    const good = { origin: 'https://d.example', entries: [{ pattern: 'a' }], via: 'url', updatedAt: '2026-11-23T09:00:00.000Z' };
    expect(checkOverride({ ...good, url: 'https://d.example/p' }, 'https://d.example')).toEqual({ ...good, url: 'https://d.example/p' });
    expect(checkOverride({ ...good, url: 3 }, 'https://d.example')).toEqual(good);
    expect(checkOverride({ ...good, updatedAt: 5 }, 'https://d.example')).toBeUndefined();
  });
});

