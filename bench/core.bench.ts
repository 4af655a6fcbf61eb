// Engine benchmarks, each against a baseline measured in the same run:
//  - matcher: 10,000 cookies against 1,000 patterns, vs one RegExp per pattern;
//  - policy reader: a generated 1 MB policy page, vs htmlparser2 tokenising it with no-op handlers;
//  - hostile pages: the worst 5 MB page, and a nesting bomb vs htmlparser2's Parser.
import { Parser } from 'htmlparser2';
import { CatalogueMatcher } from '../src/core/match/matcher.ts';
import { readPolicy } from '../src/core/policy/read-policy.ts';
import type { CatalogueEntry } from '../src/core/types.ts';
import { recognisePortal } from '../src/core/portal/recognise-portal.ts';
import { hostilePages, hostilePolicyTexts } from '../test/fixtures/hostile-pages.ts';
import { classifyHeader, type Field } from '../src/core/policy/columns.ts';

export interface Figure { name: string; ms: number; baselineMs: number; ratio: string; target: string; note?: string }

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One timed run, for a baseline too slow to repeat. */
function once(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function time(runs: number, work: () => void): number {
  work(); // warm-up: JIT and caches, as in a long-lived service worker
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// A deterministic generator, so every run measures the same data.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const word = () => Array.from({ length: 4 + Math.floor(random() * 8) }, () => 'abcdefghijklmnopqrstuvwxyz_'[Math.floor(random() * 27)]).join('');

function catalogue(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (let i = 0; i < 1000; i++) {
    const kind = i % 10;
    const base = `${word()}${i}`;
    if (kind < 6) entries.push({ pattern: base });
    else if (kind < 9) entries.push({ pattern: `_${base}*` });
    else entries.push({ pattern: i % 20 === 9 ? `*_${base}` : `${base.slice(0, 3)}*${base.slice(3)}` });
  }
  return entries;
}

function cookieNames(entries: CatalogueEntry[]): string[] {
  return Array.from({ length: 10_000 }, (_, i) => {
    const entry = entries[Math.floor(random() * entries.length)]!;
    if (i % 3 === 0) return `${word()}_${i}`; // undeclared
    return entry.pattern.replace('*', `${word()}${i}`);
  });
}

export function benchMatcher(): Figure {
  const entries = catalogue();
  const names = cookieNames(entries);
  let sink = 0;
  const ours = time(15, () => {
    const matcher = new CatalogueMatcher(entries); // compiled once per catalogue, counted here
    for (const name of names) sink += matcher.matchIndex(name) ?? 0;
  });
  const regexps = entries.map((e) => ({ re: new RegExp(`^${e.pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`), literal: e.pattern.replace(/\*/g, '').length, exact: !e.pattern.includes('*') }));
  const naive = time(3, () => {
    for (const name of names) {
      let best = -1;
      regexps.forEach((r, i) => {
        if (!r.re.test(name)) return;
        const b = regexps[best];
        if (!b || (r.exact && !b.exact) || (r.exact === b.exact && r.literal > b.literal)) best = i;
      });
      sink += best;
    }
  });
  if (sink === 0.5) console.log(sink);
  return { name: 'match 10,000 cookies against 1,000 patterns', ms: ours, baselineMs: naive, ratio: `${(naive / ours).toFixed(0)}x faster than one RegExp per pattern`, target: '< 5 ms and >= 20x' };
}

function policyPage(bytes: number): string {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = `<tr><td>Prestataire ${i % 50}</td><td>Service ${i % 7} (front et back office)</td><td>${word()}_${i}, _${word()}_${i}</td><td>Finalité : ${'mesurer &eacute;l&eacute;ments '.repeat(3)}</td></tr>\n`;
    rows.push(i % 400 === 0 ? `</tbody></table><h4>Cookies statistiques ${i}</h4><table><thead><tr><th>Nom du prestataire</th><th>Service et emplacement</th><th>Nom du cookies</th><th>Finalités</th></tr></thead><tbody>${row}` : row);
    size += rows.at(-1)!.length;
  }
  return `<!doctype html><html lang="fr"><body><h2>Charte cookies</h2><table><thead><tr><th>Nom du prestataire</th><th>Service et emplacement</th><th>Nom du cookies</th><th>Finalités</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

export function benchPolicy(): Figure {
  const html = policyPage(1_000_000);
  let entries = 0;
  const ours = time(15, () => void (entries = readPolicy(html).entries.length));
  const raw = time(15, () => {
    const parser = new Parser({ onopentag() {}, ontext() {}, onclosetag() {} }, { decodeEntities: true });
    parser.write(html);
    parser.end();
  });
  return { name: `read a ${(html.length / 1e6).toFixed(1)} MB policy page (${entries} entries)`, ms: ours, baselineMs: raw, ratio: `${(ours / raw).toFixed(1)}x the time htmlparser2 takes just to tokenise it`, target: '< 20 ms' };
}

/**
 * The worst case: each hostile 5 MB page (nesting bombs, megabyte attributes, unclosed comments,
 * script floods, span bombs) through recognition and the policy reader; the slowest is reported.
 * Baseline, in the same run: htmlparser2's Parser (what both used before) on a 1 MB nesting bomb,
 * against ours on the same page.
 */
export function benchHostile(): Figure[] {
  const worst = { recognition: { name: '', ms: 0 }, reader: { name: '', ms: 0 } };
  for (const [name, page] of Object.entries(hostilePages(5_000_000))) {
    const recognition = time(3, () => void recognisePortal(page, 'https://www.example.org/'));
    const reader = time(3, () => void readPolicy(page));
    if (recognition > worst.recognition.ms) worst.recognition = { name, ms: recognition };
    if (reader > worst.reader.ms) worst.reader = { name, ms: reader };
  }
  const bomb = '<div>'.repeat(200_000);
  const ours = time(3, () => {
    recognisePortal(bomb, 'https://www.example.org/');
    readPolicy(bomb);
  });
  const before = once(() => {
    for (let i = 0; i < 2; i++) {
      // What recognisePortal and htmlToBlocks each ran before: the Parser with its unshifted stack.
      const parser = new Parser({ onopentag() {}, ontext() {}, onclosetag() {} }, { decodeEntities: true, lowerCaseTags: true });
      parser.write(bomb);
      parser.end();
    }
  });
  return [
    ...(['recognition', 'reader'] as const).map((path) => ({
      name: `worst hostile 5 MB page, ${path === 'recognition' ? 'portal recognition' : 'policy reader'} (${worst[path].name})`,
      ms: worst[path].ms,
      baselineMs: 1000,
      ratio: `${(worst[path].ms / 1000).toFixed(2)}x the 1 s target`,
      target: '< 1 s',
    })),
    { name: 'a 1 MB nesting bomb (200,000 <div>) through recognition and the policy reader', ms: ours, baselineMs: before, ratio: `${(before / ours).toFixed(0)}x faster than htmlparser2's Parser parsing it twice (recognition and reader, before)`, target: '< 1 s' },
  ];
}

/**
 * The header search as it was before (every split of a line's words, depth first), kept only as
 * the baseline for the worst policy text.
 */
function exhaustiveHeaderSearch(line: string): Field[] | undefined {
  if (line.length > 160 || /[.:;!?]$/.test(line)) return undefined;
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length < 3 || words.length > 16) return undefined;
  const little = new Set(['du', 'de', 'des', "d'", 'et', 'la', 'le', 'les', 'en', 'of', 'the', 'and', 'a', 'an', 'to']);
  const cookieWord = words.some((w) => /cookie|traceur/i.test(w));
  const search = (from: number, used: Field[]): Field[] | undefined => {
    if (from === words.length) return used.length >= 3 && used.includes('name') ? used : undefined;
    for (let size = 1; size <= 5 && from + size <= words.length; size++) {
      const group = words.slice(from, from + size);
      if (little.has(group[0]!.toLowerCase()) || little.has(group.at(-1)!.toLowerCase())) continue;
      const field = classifyHeader(group.join(' '));
      if (!field || used.includes(field)) continue;
      if (field === 'name' && cookieWord && !group.some((w) => /cookie|traceur/i.test(w))) continue;
      const found = search(from + size, [...used, field]);
      if (found) return found;
    }
    return undefined;
  };
  return search(0, []);
}

/**
 * The worst 5 MB policy text (crafted header-like lines, huge tables without separators, wide
 * tab-separated rows, prose full of names) through the policy reader, against the 1 s target; and
 * the crafted header lines through the header search as it was, on 200 kB, scaled to 5 MB.
 */
export function benchHostilePolicies(): Figure[] {
  let worst = { name: '', ms: 0 };
  const texts = hostilePolicyTexts(5_000_000);
  for (const [name, text] of Object.entries(texts)) {
    const ms = time(3, () => void readPolicy(text));
    if (ms > worst.ms) worst = { name, ms };
  }
  const crafted = texts['header-like lines, every split tried (text)']!;
  const sample = crafted.slice(0, 200_000).split('\n');
  const before = once(() => sample.forEach(exhaustiveHeaderSearch)) * (crafted.length / 200_000);
  const after = time(3, () => void readPolicy(crafted));
  return [
    { name: `worst hostile 5 MB policy text, policy reader (${worst.name})`, ms: worst.ms, baselineMs: 1000, ratio: `${(worst.ms / 1000).toFixed(2)}x the 1 s target`, target: '< 1 s' },
    { name: '5 MB of crafted header-like lines through the policy reader', ms: after, baselineMs: before, ratio: `${(before / after).toFixed(0)}x faster than the exhaustive header search before (its header search alone, timed on 200 kB and scaled)`, target: '< 1 s' },
  ];
}

/**
 * The fleet diff of one portal with 100,000 cookie names on each side (half of them changed), vs
 * the floor of any diff: two Sets built from the same names. The test suite checks its answer;
 * its time is measured here only.
 */
export async function benchFleetDiff(): Promise<Figure> {
  const { buildFleet } = await import('../src/core/fleet/fleet-model.ts');
  const { diffFleets } = await import('../src/core/fleet/fleet-diff.ts');
  const fleet = (names: string[], at: string) => {
    const base = buildFleet([], [], [], new Date(at));
    const portal = { host: 'data.example.fr', pageUrl: 'https://data.example.fr/', report: 'r.json', auditedAt: at, cookies: names.length, undeclared: names.length, declared: 0, missing: 0, undeclaredCookies: names, trackersBeforeConsent: [], trackersAfterRefusal: [], cautions: [], policy: { found: false, url: null, sha256: null, reason: null }, cookieNames: names, severity: names.length };
    return { ...base, portals: [portal] } as Parameters<typeof diffFleets>[0];
  };
  const a = Array.from({ length: 100_000 }, (_, i) => `a${i}`);
  const b = Array.from({ length: 100_000 }, (_, i) => `a${i + 50_000}`);
  const before = fleet(a, '2026-11-30T00:00:00Z');
  const after = fleet(b, '2026-12-01T00:00:00Z');
  const ms = time(5, () => void diffFleets(before, after));
  const baselineMs = time(5, () => void [new Set(a), new Set(b)]);
  return { name: 'fleet diff, one portal with 100,000 cookie names a side', ms, baselineMs, ratio: `${(ms / baselineMs).toFixed(1)}x two Sets of the names`, target: 'linear: tens of x the Sets at most, never seconds' };
}
