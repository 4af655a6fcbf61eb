// Whatever comes in, the reader returns a catalogue: no exception, bounded work, a warning for a cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_POLICY_CHARS, readPolicy } from '../../src/core/policy/read-policy.ts';

const fragment = fc.constantFrom(
  '<table>', '</table>', '<tr>', '<td>', '</td>', '<th>', '<thead>', '<td rowspan="999999">', '<td colspan="-3">', '<br>',
  '<h4>Cookies statistiques</h4>', 'Nom du cookie', 'Finalité', '\t', '\n', '_ga, _gid', '<script>', '&eacute;', '&#xZZ;', '<!--',
  '_pk_id.*', '<<>>', 'sessionid', '| a | b |', '|---|---|', '# Titre', '<ID>', 'XXXXXX', '*', '\u0000', '\ud800',
);

describe('reading hostile or broken policies', () => {
  it('never throws and always returns the catalogue shape', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.array(fragment, { maxLength: 80 }).map((parts) => parts.join(''))), (input) => {
        const catalogue = readPolicy(input);
        expect(['fr', 'en']).toContain(catalogue.language);
        expect(Array.isArray(catalogue.entries)).toBe(true);
        expect(Array.isArray(catalogue.warnings)).toBe(true);
        for (const entry of catalogue.entries) expect(entry.pattern).toMatch(/^\S+$/);
      }),
      { numRuns: 400 },
    );
  });

  it('returns an empty catalogue for input that is not text', () => {
    expect(readPolicy(undefined as unknown as string)).toEqual({ language: 'en', entries: [], warnings: ['No cookie declared: it never mentions cookies.'] });
    expect(readPolicy('').entries).toEqual([]);
  });

  it('reads a 10 MB policy page, keeping every declared row of its table', () => {
    const row = (i: number) => `<tr><td>Vendor ${i}</td><td>cookie_${i}</td><td>${'Purpose text '.repeat(8)}</td></tr>`;
    const rows: string[] = [];
    let size = 0;
    for (let i = 0; size < 10_000_000; i++) {
      rows.push(row(i % 3000));
      size += rows.at(-1)!.length;
    }
    const html = `<html><body><h2>Cookies</h2><table><tr><th>Provider</th><th>Cookie name</th><th>Purpose</th></tr>${rows.join('')}</table></body></html>`;
    const catalogue = readPolicy(html);
    expect(catalogue.entries.length).toBe(3000);
    expect(catalogue.entries[0]).toMatchObject({ pattern: 'cookie_0', provider: 'Vendor 0' });
  });

  it('cuts an input over the size cap, and says so', () => {
    const huge = 'sessionid\t'.padEnd(MAX_POLICY_CHARS + 10, 'x');
    const catalogue = readPolicy(huge);
    expect(catalogue.warnings[0]).toMatch(/only the first/);
  });
});
