// Splitting a list of portals over N machines with no coordination: each portal goes to the shard
// its normalised origin hashes to, so the split does not depend on the list's order or length.
import { portalKey } from '../portals/portal-list.ts';

/** FNV-1a, 32 bits: small, stable everywhere, spreads host names evenly enough. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The shard (1 to n) a portal belongs to. */
export function shardOf(url: string, n: number): number {
  return (fnv1a(portalKey(url)) % n) + 1;
}

/** `K/N` with 1 ≤ K ≤ N ≤ 1000, or a reason it is not. */
export function parseShard(value: string): { k: number; n: number } | string {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return 'takes K/N, for example 2/8';
  const [k, n] = [Number(match[1]), Number(match[2])];
  if (n < 1 || n > 1000 || k < 1 || k > n) return 'takes K/N with 1 ≤ K ≤ N ≤ 1000';
  return { k, n };
}
