// Matches cookie names against a catalogue's patterns, `*` being the only wildcard.
// Compiled once per catalogue: exact names in a Map, wildcard patterns indexed by their literal
// prefix (or suffix) in a trie, so a name is walked once whatever the number of patterns, and only
// the patterns whose prefix it carries are checked, by a greedy scan that never backtracks.
// Names compare case-sensitively (RFC 6265).
import type { CatalogueEntry } from '../types.ts';

interface Compiled {
  index: number;
  prefix: string;
  suffix: string;
  middle: string[];
  /** Literal characters in the pattern: the more, the more specific. */
  literal: number;
}

class TrieNode {
  readonly next = new Map<number, TrieNode>();
  readonly patterns: Compiled[] = [];
}

function insert(root: TrieNode, key: string, pattern: Compiled, reversed: boolean): void {
  let node = root;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(reversed ? key.length - 1 - i : i);
    let child = node.next.get(code);
    if (!child) node.next.set(code, (child = new TrieNode()));
    node = child;
  }
  node.patterns.push(pattern);
}

/** Whether `name`, already known to start with the prefix, has the suffix and the middle parts in order. */
function fits(p: Compiled, name: string): boolean {
  const end = name.length - p.suffix.length;
  if (end < p.prefix.length || !name.endsWith(p.suffix)) return false;
  let at = p.prefix.length;
  for (const part of p.middle) {
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function better(a: Compiled, b: Compiled | undefined): boolean {
  return !b || a.literal > b.literal || (a.literal === b.literal && a.index < b.index);
}

export class CatalogueMatcher<E extends Pick<CatalogueEntry, 'pattern'> = CatalogueEntry> {
  private readonly exact = new Map<string, number>();
  private readonly byPrefix = new TrieNode();
  private readonly bySuffix = new TrieNode();
  private readonly floating: Compiled[] = [];

  constructor(readonly entries: readonly E[]) {
    entries.forEach((entry, index) => {
      const pattern = entry.pattern;
      if (!pattern.includes('*')) {
        if (!this.exact.has(pattern)) this.exact.set(pattern, index);
        return;
      }
      const parts = pattern.split('*');
      const compiled: Compiled = {
        index,
        prefix: parts[0]!,
        suffix: parts.at(-1)!,
        middle: parts.slice(1, -1).filter(Boolean),
        literal: pattern.length - (parts.length - 1),
      };
      if (compiled.prefix) insert(this.byPrefix, compiled.prefix, compiled, false);
      else if (compiled.suffix) insert(this.bySuffix, compiled.suffix, compiled, true);
      else this.floating.push(compiled);
    });
  }

  /** Index of the most specific entry matching `name`: the exact name, else the most literal pattern. */
  matchIndex(name: string): number | undefined {
    const exact = this.exact.get(name);
    if (exact !== undefined) return exact;
    let best: Compiled | undefined;
    best = this.walk(this.byPrefix, name, false, best);
    best = this.walk(this.bySuffix, name, true, best);
    for (const p of this.floating) if (better(p, best) && fits(p, name)) best = p;
    return best?.index;
  }

  match(name: string): E | undefined {
    const index = this.matchIndex(name);
    return index === undefined ? undefined : this.entries[index];
  }

  private walk(root: TrieNode, name: string, reversed: boolean, best: Compiled | undefined): Compiled | undefined {
    let node: TrieNode | undefined = root;
    for (let i = 0; i < name.length; i++) {
      node = node.next.get(name.charCodeAt(reversed ? name.length - 1 - i : i));
      if (!node) break;
      for (const p of node.patterns) {
        if (!better(p, best)) continue;
        if (reversed ? name.startsWith(p.prefix) && fits(p, name) : fits(p, name)) best = p;
      }
    }
    return best;
  }
}

const compiled = new WeakMap<readonly CatalogueEntry[], CatalogueMatcher>();

/** The matcher for a catalogue, compiled on first use and kept while the catalogue lives. */
export function matcherFor(entries: readonly CatalogueEntry[]): CatalogueMatcher {
  let matcher = compiled.get(entries);
  if (!matcher) compiled.set(entries, (matcher = new CatalogueMatcher(entries)));
  return matcher;
}

/** Whether one pattern matches one name; for callers with a single pattern (tests, the options page). */
export function matchesPattern(pattern: string, name: string): boolean {
  return new CatalogueMatcher([{ pattern }]).matchIndex(name) !== undefined;
}
