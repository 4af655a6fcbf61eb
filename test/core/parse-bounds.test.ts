// Any page is read in time linear in its size, whatever its nesting: portal recognition runs on
// every page load of a granted host, so a crafted page must not stall the background. Each hostile
// page is 5 MB (the fetch cap). The target, measured by `npm run bench`, is under 1 s on the
// project's 2-core machine; the budget here is looser so that a loaded CI machine does not fail it,
// and still an order of magnitude under what a quadratic reader takes (htmlparser2's Parser: 8 s
// for 160,000 nested <div>, minutes for the 1,000,000 here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTags } from '../../src/core/html/read-tags.ts';
import { htmlToBlocks } from '../../src/core/policy/html-blocks.ts';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import { recognisePortal } from '../../src/core/portal/recognise-portal.ts';
import { hostilePages, hostilePolicyTexts } from '../fixtures/hostile-pages.ts';

const BUDGET_MS = 3_000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe('reading hostile pages within a time budget', { timeout: 120_000 }, () => {
  for (const [name, page] of Object.entries(hostilePages(5_000_000))) {
    it(`recognition and the policy reader: ${name}`, () => {
      const recognised = timed(() => recognisePortal(page, 'https://www.example.org/'));
      expect(recognised.ms, 'recognisePortal ms').toBeLessThan(BUDGET_MS);
      expect(recognised.value.isPortal).toBe(false);
      const read = timed(() => readPolicy(page));
      expect(read.ms, 'readPolicy ms').toBeLessThan(BUDGET_MS);
      expect(read.value.entries.length).toBeLessThanOrEqual(5_000);
    });
  }

  it('random mixes of hostile fragments, each within the budget', () => {
    const fragment = fc.constantFrom('<div>', '<span>', '</span>', '<table><tr><td>', '<td rowspan="500" colspan="50">', '<!--', '<script>', '</script>', '<style>', '<a href="/terms/cookies-policy/">', '&amp;', '<li>', '<p>', '</b>', '<x y="', '"', 'sessionid', '\u0000');
    fc.assert(
      fc.property(fc.array(fc.tuple(fragment, fc.integer({ min: 1, max: 20_000 })), { minLength: 1, maxLength: 6 }), (parts) => {
        const page = parts.map(([unit, times]) => unit.repeat(times)).join('');
        expect(timed(() => recognisePortal(page, 'https://www.example.org/')).ms).toBeLessThan(BUDGET_MS);
        expect(timed(() => readPolicy(page)).ms).toBeLessThan(BUDGET_MS);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the bounded tag reader', () => {
  it('reports what htmlparser2 reports on ordinary markup: implied closes, void elements, entities', () => {
    const events: string[] = [];
    readTags('<ul><li>a<li>b &amp; c</ul><p>x<div>y</div><br/><img src="i"><table><tr><td>1<td>2<tr><td>3</table></p>', {
      onopentag: (name) => events.push(`<${name}>`),
      ontext: (text) => events.push(text),
      onclosetag: (name) => events.push(`</${name}>`),
    });
    expect(events.join('')).toBe('<ul><li>a</li><li>b & c</li></ul><p>x</p><div>y</div><br></br><img></img><table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table><p></p>');
  });

  it('keeps every element balanced past the depth cap, and lets their text through', () => {
    let depth = 0;
    let deepest = 0;
    let text = '';
    readTags(`${'<div>'.repeat(2000)}deep${'</div>'.repeat(2000)}after`, {
      onopentag: () => void (deepest = Math.max(deepest, ++depth)),
      onclosetag: () => void depth--,
      ontext: (t) => void (text += t),
    }, { maxDepth: 100 });
    expect([deepest, depth, text]).toEqual([100, 0, 'deepafter']);
  });

  it('keeps attributes as attributes, __proto__ included, and bounds a huge one', () => {
    const seen: Record<string, string>[] = [];
    readTags(`<a __proto__="x" HREF="/p?a=1&amp;b=2" class="${'c'.repeat(100_000)}">`, { onopentag: (_, attribs) => void seen.push(attribs) });
    expect(seen[0]!.__proto__).toBe('x');
    expect(seen[0]!.href).toBe('/p?a=1&b=2');
    expect(seen[0]!.class!.length).toBeLessThan(20_000);
  });

  it('reads the same tables as before from a policy whose table is nested in layout tables', () => {
    const inner = '<table><tr><th>Nom du cookie</th><th>Finalité</th></tr><tr><td>sessionid</td><td>Session</td></tr></table>';
    const nested = `${'<table><tr><td>'.repeat(3)}${inner}${'</td></tr></table>'.repeat(3)}`;
    expect(readPolicy(nested).entries.map((e) => e.pattern)).toEqual(['sessionid']);
    const tooDeep = `${'<table><tr><td>'.repeat(12)}${inner}${'</td></tr></table>'.repeat(12)}`;
    const reading = htmlToBlocks(tooDeep);
    expect(reading.limits).toEqual(['Tables nested more than 8 deep were read as text.']);
  });
});

describe('reading hostile policy texts within a time budget', { timeout: 120_000 }, () => {
  for (const [name, text] of Object.entries(hostilePolicyTexts(5_000_000))) {
    it(`the policy reader: ${name}`, () => {
      const read = timed(() => readPolicy(text));
      expect(read.ms, 'readPolicy ms').toBeLessThan(BUDGET_MS);
      expect(read.value.entries.length).toBeLessThanOrEqual(5_000);
    });
  }
});

describe('the fleet diff within a time budget', () => {
  it('compares two fleets of a portal with 100,000 cookie names each in linear time', async () => {
    const { buildFleet } = await import('../../src/core/fleet/fleet-model.ts');
    const { diffFleets } = await import('../../src/core/fleet/fleet-diff.ts');
    const fleet = (names: string[], at: string) => {
      const base = buildFleet([], [], [], new Date(at));
      const portal = { host: 'data.example.fr', pageUrl: 'https://data.example.fr/', report: 'r.json', auditedAt: at, cookies: names.length, undeclared: names.length, declared: 0, missing: 0, undeclaredCookies: names, trackersBeforeConsent: [], trackersAfterRefusal: [], cautions: [], policy: { found: false, url: null, sha256: null, reason: null }, cookieNames: names, severity: names.length };
      return { ...base, portals: [portal] };
    };
    const before = fleet(Array.from({ length: 100_000 }, (_, i) => `a${i}`), '2026-11-30T00:00:00Z');
    const after = fleet(Array.from({ length: 100_000 }, (_, i) => `a${i + 50_000}`), '2026-12-01T00:00:00Z');
    const diff = timed(() => diffFleets(before, after));
    expect(diff.ms).toBeLessThan(BUDGET_MS);
    expect(diff.value.newUndeclared[0]!.cookies).toHaveLength(50_000);
    expect(diff.value.cookiesGone[0]!.cookies).toHaveLength(50_000);
  });
});
