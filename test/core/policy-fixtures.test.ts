// The five real policy texts must give exactly the catalogue expected.json records.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../src/core/policy/read-policy.ts';

const dir = new URL('../fixtures/policies/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  policies: Record<string, { language: string; declared: { provider?: string; service?: string; name: string; purpose?: string }[] }>;
};

describe('the real policy texts', () => {
  for (const [file, want] of Object.entries(expected.policies)) {
    it(`${file} yields its declared catalogue`, () => {
      const catalogue = readPolicy(readFileSync(new URL(file, dir), 'utf8'));
      expect(catalogue.language).toBe(want.language);
      const got = catalogue.entries.map((e) => ({
        ...(e.provider !== undefined ? { provider: e.provider } : {}),
        ...(e.service !== undefined ? { service: e.service } : {}),
        name: e.pattern,
        ...(e.purpose !== undefined ? { purpose: e.purpose } : {}),
      }));
      expect(got).toEqual(want.declared);
    });
  }

  it('files the platform cookies under the necessary category from the section heading', () => {
    const catalogue = readPolicy(readFileSync(new URL('paris-fr.txt', dir), 'utf8'));
    expect(new Set(catalogue.entries.map((e) => e.category))).toEqual(new Set(['necessary']));
  });

  it('says that it rebuilt the rows of the PDF layout that came out column by column', () => {
    const catalogue = readPolicy(readFileSync(new URL('sqy-en.txt', dir), 'utf8'));
    expect(catalogue.warnings.join('\n')).toMatch(/csrftoken, cookies_preferences.*column by column/);
  });
});
