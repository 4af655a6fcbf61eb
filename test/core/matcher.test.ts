import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogueMatcher, matchesPattern } from '../../src/core/match/matcher.ts';

/** The obvious reference: one anchored RegExp per pattern. Slow, but plainly right. */
function referenceMatches(pattern: string, name: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(name);
}

function referenceBest(patterns: string[], name: string): number | undefined {
  let best: number | undefined;
  const literal = (p: string) => p.replace(/\*/g, '').length;
  patterns.forEach((p, i) => {
    if (!referenceMatches(p, name)) return;
    const exact = !p.includes('*');
    if (best === undefined) return void (best = i);
    const b = patterns[best]!;
    const bExact = !b.includes('*');
    if ((exact && !bExact) || (exact === bExact && literal(p) > literal(b))) best = i;
  });
  return best;
}

// Small alphabets make overlaps, and so matches, likely.
const name = fc.string({ unit: fc.constantFrom('a', 'b', '_', '.', 'A'), maxLength: 12 });
const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '_', '.', 'A', '*'), maxLength: 8 });

describe('the catalogue matcher', () => {
  it('matches exact names case-sensitively', () => {
    const m = new CatalogueMatcher([{ pattern: 'sessionid' }]);
    expect(m.match('sessionid')?.pattern).toBe('sessionid');
    expect(m.match('SessionId')).toBeUndefined();
    expect(m.match('sessionid2')).toBeUndefined();
  });

  it('treats * as any run of characters, anywhere in the pattern', () => {
    expect(matchesPattern('_BEAMER*', '_BEAMER_USER_ID_abc')).toBe(true);
    expect(matchesPattern('_BEAMER*', '_BEAMER')).toBe(true);
    expect(matchesPattern('_pk_id.*', '_pk_id.1.a2b3')).toBe(true);
    expect(matchesPattern('_pk_id.*', '_pk_idx')).toBe(false);
    expect(matchesPattern('*_session', 'ai_session')).toBe(true);
    expect(matchesPattern('_hj*_*', '_hjSession_123')).toBe(true);
    expect(matchesPattern('a*a', 'a')).toBe(false);
    expect(matchesPattern('*', 'anything')).toBe(true);
  });

  it('prefers the exact name, then the pattern with the longest literal part, then the first declared', () => {
    const entries = [{ pattern: '_ga*' }, { pattern: '_ga_*' }, { pattern: '_ga' }, { pattern: '*' }, { pattern: '_g*' }];
    const m = new CatalogueMatcher(entries);
    expect(m.match('_ga')?.pattern).toBe('_ga');
    expect(m.match('_ga_XYZ')?.pattern).toBe('_ga_*');
    expect(m.match('_gat')?.pattern).toBe('_ga*');
    expect(m.match('_gid')?.pattern).toBe('_g*');
    expect(m.match('other')?.pattern).toBe('*');
    expect(new CatalogueMatcher([{ pattern: 'a*', provider: 'first' }, { pattern: 'a*', provider: 'second' }]).match('ab')?.provider).toBe('first');
  });

  it('agrees with a RegExp per pattern on whether a name matches', () => {
    fc.assert(fc.property(pattern, name, (p, n) => matchesPattern(p, n) === referenceMatches(p, n)), { numRuns: 3000 });
  });

  it('picks the same entry as the reference for whole catalogues', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 12 }), fc.array(name, { maxLength: 10 }), (patterns, names) => {
        const m = new CatalogueMatcher(patterns.map((p) => ({ pattern: p })));
        for (const n of names) {
          const got = m.matchIndex(n);
          const want = referenceBest(patterns, n);
          if (want === undefined ? got !== undefined : got === undefined || patterns[got] !== patterns[want]) return false;
        }
        return true;
      }),
      { numRuns: 1500 },
    );
  });
});
