// Catalogues as JSON files users import and export (options page): validated entry by entry, so
// that bad input is refused with a reason and changes nothing.
import type { CatalogueEntry, CatalogueOverride, Category } from '../types.ts';

export const CATEGORIES: Category[] = ['necessary', 'functional', 'statistics', 'advertising', 'third-party'];
const FIELDS = ['provider', 'service', 'purpose', 'lifetime'] as const;
/** RFC 6265 token characters plus our `*` wildcard. */
const PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export type CatalogueCheck = { ok: true; entries: CatalogueEntry[] } | { ok: false; reason: string };

/** One entry as a user typed it: trimmed, with a reason when it cannot be a declaration. */
export function checkEntry(raw: unknown, where: string): { ok: true; entry: CatalogueEntry } | { ok: false; reason: string } {
  if (!raw || typeof raw !== 'object') return { ok: false, reason: `${where}: not an object` };
  const r = raw as Record<string, unknown>;
  const pattern = typeof r.pattern === 'string' ? r.pattern.trim() : '';
  if (!pattern) return { ok: false, reason: `${where}: no cookie name or pattern` };
  if (!PATTERN.test(pattern) || pattern.length > 256) return { ok: false, reason: `${where}: "${pattern.slice(0, 60)}" is not a cookie name (letters, digits, _ . - and * only)` };
  const entry: CatalogueEntry = { pattern };
  for (const field of FIELDS) {
    const value = r[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') return { ok: false, reason: `${where}: ${field} must be text` };
    if (value.trim()) entry[field] = value.trim().slice(0, 2_000);
  }
  if (r.category !== undefined && r.category !== null && r.category !== '') {
    if (!CATEGORIES.includes(r.category as Category)) return { ok: false, reason: `${where}: category must be one of ${CATEGORIES.join(', ')}` };
    entry.category = r.category as Category;
  }
  return { ok: true, entry };
}

export function checkEntries(list: unknown[]): CatalogueCheck {
  if (list.length === 0) return { ok: false, reason: 'the catalogue has no entry' };
  if (list.length > 5_000) return { ok: false, reason: `the catalogue has ${list.length} entries; at most 5000` };
  const entries: CatalogueEntry[] = [];
  for (const [i, raw] of list.entries()) {
    const checked = checkEntry(raw, `entry ${i + 1}`);
    if (!checked.ok) return checked;
    entries.push(checked.entry);
  }
  return { ok: true, entries };
}

/** Accepts `{entries: [...]}` (what we export, and the CLI's catalogue --json) or a bare array. */
export function parseCatalogueJson(text: string): CatalogueCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : 'parse error'})` };
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return { ok: false, reason: 'expected {"entries": [...]} or an array of entries' };
  return checkEntries(list);
}

export function catalogueToJson(entries: readonly CatalogueEntry[], origin?: string): string {
  return `${JSON.stringify({ format: 'ods-cookie-audit/catalogue', version: 1, ...(origin ? { origin } : {}), entries }, null, 2)}\n`;
}

const VIAS: readonly unknown[] = ['pasted', 'url', 'edited', 'imported'];

/**
 * A stored override read back from storage.local, checked as the options page checked it before
 * saving it: anything else in that key (an older format, a write from elsewhere) is ignored.
 */
export function checkOverride(raw: unknown, origin: string): CatalogueOverride | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (r.origin !== origin || !VIAS.includes(r.via) || typeof r.updatedAt !== 'string' || !Array.isArray(r.entries)) return undefined;
  const checked = checkEntries(r.entries);
  if (!checked.ok) return undefined;
  return { origin, entries: checked.entries, via: r.via as CatalogueOverride['via'], updatedAt: r.updatedAt, ...(typeof r.url === 'string' ? { url: r.url } : {}) };
}
