import { describe, expect, it } from 'vitest';
import { catalogueToJson, checkOverride, parseCatalogueJson } from '../../src/core/catalogue/catalogue-json.ts';
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
