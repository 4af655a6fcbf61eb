// Policy tables copied as plain text without their column separators: rows come out as words
// joined by single spaces ("Huwise sessionid 2 weeks by default Authentication: …"). The header
// line says how many columns there are and in which order; a cookie name has a recognisable
// shape (identifier characters, underscores, dots, wildcards) or is a known one (the platform's,
// the trackers the platform can load); the words before it are the provider (and service), the
// words after it the lifetime and purpose. Only lines under such a header are read this way:
// a name is never made up from prose.
import { trackersOf } from '../consent/trackers.ts';
import { PLATFORM_COOKIES } from '../explain/known-cookies.ts';
import { DURATION_UNITS, type Field, HEADER_FIELDS, headerWordBits } from './columns.ts';
import { looksLikeCookieName } from './cookie-names.ts';

const MAX_HEADER_WORDS = 16;
const MAX_GROUP_WORDS = 5;
/** Words of one provider or service cell in a row ("Google Ireland Limited", "AT Internet SmartTag"). */
const MAX_LEAD_WORDS = 4;
const LITTLE_WORDS = new Set(['du', 'de', 'des', "d'", 'et', 'la', 'le', 'les', 'en', 'of', 'the', 'and', 'a', 'an', 'to']);
const COOKIE_WORD = /cookie|traceur/i;

/**
 * The columns a header line names, in order, when every group of its words names a column and
 * one of them is the cookie name ("Supplier name Cookie name Duration Function").
 *
 * Linear in the text it is called over: each word is classified once (bits per column, see
 * headerWordBits), and the splits are searched as (position, columns used) states, at most
 * 16 × 64, each reached once, instead of every split of the words.
 */
export function readSpacedHeader(line: string): Field[] | undefined {
  if (line.length > 160 || /[.:;!?]$/.test(line)) return undefined;
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length < 3 || words.length > MAX_HEADER_WORDS) return undefined;
  const bits = words.map(headerWordBits);
  const NAME = 1 << HEADER_FIELDS.indexOf('name');
  if (!bits.some((b) => (b.start | b.within) & NAME)) return undefined;
  const little = words.map((w) => LITTLE_WORDS.has(w.toLowerCase()));
  // "Nom du fournisseur Nom du cookie": a label neither starts nor ends with a little word, and
  // where the header says "cookie", the name column is the label that says it.
  const cookieWord = words.map((w) => COOKIE_WORD.test(w));
  const saysCookie = cookieWord.some(Boolean);
  // from[pos * 64 + mask]: how that state was first reached (-1: not reached), as prevPos * 64 + prevMask.
  const from = new Int16Array((words.length + 1) * 64).fill(-1);
  from[0] = 0;
  for (let pos = 0; pos < words.length; pos++) {
    if (little[pos]) continue;
    for (let mask = 0; mask < 64; mask++) {
      if (from[pos * 64 + mask] === -1) continue;
      let within = 0;
      let hasCookie = false;
      for (let size = 1; size <= MAX_GROUP_WORDS && pos + size <= words.length; size++) {
        const last = pos + size - 1;
        within |= bits[last]!.within;
        hasCookie ||= cookieWord[last]!;
        if (little[last]) continue;
        const named = bits[pos]!.start | within;
        if (!named) continue;
        const field = named & -named; // the first column in HEADER_FIELDS' order
        if (mask & field) continue;
        if (field === NAME && saysCookie && !hasCookie) continue;
        const next = (pos + size) * 64 + (mask | field);
        if (from[next] === -1) from[next] = pos * 64 + mask;
      }
    }
  }
  // The split that names the most columns ("Duration Function" is two, not one lifetime).
  const last = words.length * 64;
  let mask = -1;
  for (let m = 0; m < 64; m++) if (from[last + m] !== -1 && m & NAME && popcount(m) >= 3 && (mask === -1 || popcount(m) > popcount(mask))) mask = m;
  if (mask === -1) return undefined;
  // Back from the end: each step added one column.
  const fields: Field[] = [];
  for (let pos = words.length, m = mask; pos > 0;) {
    const via = from[pos * 64 + m]!;
    fields.unshift(HEADER_FIELDS[31 - Math.clz32(m ^ (via & 63))]!);
    [pos, m] = [via >> 6, via & 63];
  }
  return fields;
}

function popcount(n: number): number {
  let count = 0;
  for (let x = n; x; x &= x - 1) count++;
  return count;
}

const KNOWN = new Set(PLATFORM_COOKIES.map((c) => c.name.toLowerCase()));
const SEPARATOR_WORDS = new Set([',', 'et', 'and', 'ou', 'or', '/', '&']);

const DURATION_UNIT = new RegExp(`^(?:${DURATION_UNITS})[,.;]?$`, 'i');

/** A word that stands for a cookie name in a row: a known one, or one no sentence would contain. */
function isNameWord(raw: string): boolean {
  const word = raw.replace(/[,;]+$/, '');
  // Numbers ("2023", "1.5") and units ("MONTHS") are a lifetime's words, never names.
  if (!word || /^\d+(?:[.,]\d+)?$/.test(word) || DURATION_UNIT.test(word)) return false;
  if (KNOWN.has(word.toLowerCase()) || trackersOf(word).length > 0) return true;
  // Acronyms of prose (API, CSRF, URL) are not names; long all-capital ones (JSESSIONID) are.
  if (/^[A-Z]{1,5}$/.test(word)) return false;
  return looksLikeCookieName(word) && (/[_*]/.test(word) || /\.[\w*]/.test(word) || /^[A-Za-z][a-z]*[A-Z]/.test(word) || /[a-z]\d|\d[a-z]/i.test(word));
}

const AFTER_DURATION = /^(?:by default|par d[ée]faut|maximum|max|au plus|at most)\b/i;

/** How many of the leading words make a lifetime ("2 weeks by default", "Token … Up to 12 months"). */
function durationLength(words: string[]): number {
  for (let i = 0; i < Math.min(words.length - 1, 10); i++) {
    if (!/^\d+(?:[.,]\d+)?$/.test(words[i]!) || !DURATION_UNIT.test(words[i + 1]!)) continue;
    let end = i + 2;
    const tail = words.slice(end, end + 3).join(' ');
    const extra = AFTER_DURATION.exec(tail);
    if (extra) end += extra[0].split(' ').length;
    return end;
  }
  return /^session$/i.test(words[0] ?? '') ? 1 : 0;
}

/** Where a lifetime that ends the row starts ("… 13 mois"), or -1. */
function lastDurationStart(words: string[]): number {
  for (let i = words.length - 2; i >= 0; i--) if (/^\d+(?:[.,]\d+)?$/.test(words[i]!) && DURATION_UNIT.test(words[i + 1]!)) return i;
  return -1;
}

export interface SpacedRow {
  /** The cookie-name part of the row, one or more names ("_pk_id.*, _pk_ses.*"). */
  names: string;
  fields: Partial<Record<Exclude<Field, 'name'>, string>>;
}

/**
 * Splits a row by the header's columns, or undefined when no word can be its cookie name.
 * `providers`: the provider names of the rows read so far, which repeat row after row.
 */
export function readSpacedRow(line: string, columns: readonly Field[], providers: ReadonlySet<string>): SpacedRow | undefined {
  const words = line.split(/\s+/).filter(Boolean);
  const nameColumn = columns.indexOf('name');
  const before = columns.slice(0, nameColumn) as Exclude<Field, 'name'>[];
  const after = columns.slice(nameColumn + 1) as Exclude<Field, 'name'>[];
  // At least one word for each column before the names, and no more than such a column holds
  // ("Google Ireland Limited Google Analytics"): a sentence that happens to name a cookie ("We
  // removed Google Analytics in 2023: the _ga and _gid cookies …", « Nous n'utilisons pas _ga ni
  // sessionid… ») is not a row. None of those words ends a clause either.
  // Little words and what stands in brackets ("Sélection de la langue (front et back office)") do
  // not count.
  let start = -1;
  let counted = 0;
  let depth = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (i >= before.length && depth === 0 && isNameWord(word)) {
      start = i;
      break;
    }
    // "(front: back)": a colon inside brackets ends no clause.
    if (/[.:;!?]$/.test(word) && depth === 0 && !word.startsWith('(')) break;
    if (depth === 0 && !word.startsWith('(') && !LITTLE_WORDS.has(word.toLowerCase()) && ++counted > before.length * MAX_LEAD_WORDS) break;
    depth = Math.max(0, depth + (word.match(/\(/g)?.length ?? 0) - (word.match(/\)/g)?.length ?? 0));
  }
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < words.length && (isNameWord(words[end]!) || (SEPARATOR_WORDS.has(words[end]!) && isNameWord(words[end + 1] ?? '')))) end++;
  const fields: SpacedRow['fields'] = {};

  const lead = words.slice(0, start);
  if (before.length === 1) fields[before[0]!] = lead.join(' ');
  else if (before.length > 1) {
    // The provider is the first column: the longest prefix already seen as a provider, else one word.
    let size = 1;
    for (let n = Math.min(3, lead.length - (before.length - 1)); n > 1; n--) {
      if (providers.has(lead.slice(0, n).join(' '))) {
        size = n;
        break;
      }
    }
    fields[before[0]!] = lead.slice(0, size).join(' ');
    for (let c = 1; c < before.length; c++) {
      const last = c === before.length - 1;
      fields[before[c]!] = (last ? lead.slice(size) : lead.slice(size, size + 1)).join(' ');
      if (!last) size++;
    }
  }

  let rest = words.slice(end);
  if (after[0] === 'lifetime') {
    const length = durationLength(rest);
    fields.lifetime = rest.slice(0, length).join(' ');
    rest = rest.slice(length);
  } else if (after.includes('lifetime')) {
    const from = lastDurationStart(rest);
    if (from >= 0) {
      fields.lifetime = rest.slice(from).join(' ');
      rest = rest.slice(0, from);
    }
  }
  // Text columns after the names cannot be told apart by their words: the purpose keeps them all.
  const text = after.filter((field) => field !== 'lifetime');
  const target = text.includes('purpose') ? 'purpose' : text.at(-1);
  if (target && rest.length > 0) fields[target] = rest.join(' ');
  for (const key of Object.keys(fields) as (keyof SpacedRow['fields'])[]) {
    const value = fields[key]!.replace(/^[\s:–—-]+|[\s:–—-]+$/g, '');
    if (value) fields[key] = value;
    else delete fields[key];
  }
  return { names: words.slice(start, end).join(' '), fields };
}
