import { describe, expect, it } from 'vitest';
import { catalogueToJson, parseCatalogueJson } from '../../src/core/catalogue/catalogue-json.ts';
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
