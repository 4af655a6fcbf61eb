// A cookie policy page (HTML or text) in, the catalogue it declares out. Never throws: what it
// cannot read or is unsure of becomes a warning, and the catalogue may be empty.
import type { Catalogue, CatalogueEntry, Category } from '../types.ts';
import { type Block, tidy } from './blocks.ts';
import { categoryOf } from './categories.ts';
import { type Field, classifyHeader, looksLikeDuration, readHeaderRow, stripColumnLabel } from './columns.ts';
import { looksLikeCookieName, readNames } from './cookie-names.ts';
import { htmlToBlocks } from './html-blocks.ts';
import { detectLanguage } from './language.ts';
import { exemptionClaim } from '../consent/exemption-claim.ts';
import { notAPolicy } from './looks-like-policy.ts';
import { readSpacedHeader, readSpacedRow } from './spaced-rows.ts';
import { textToBlocks } from './text-blocks.ts';

/** Inputs past this are cut (with a warning) so that time and memory stay bounded. */
export const MAX_POLICY_CHARS = 12_000_000;
const MAX_ENTRIES = 5_000;
const MAX_WARNINGS = 200;
/** How many loose lines after a table may hold its last rows laid out column by column. */
const MAX_SPILL_LINES = 60;

type Columns = Map<Field, number>;

export function looksLikeHtml(input: string): boolean {
  return /<(?:!doctype|html|body|table|tr|td|p|div|h[1-6]|ul|ol|li|section|article|br)\b/i.test(input.slice(0, 200_000));
}

export function readPolicy(input: string): Catalogue {
  const warnings: string[] = [];
  try {
    return readPolicyUnsafe(typeof input === 'string' ? input : '', warnings);
  } catch (error) {
    // A defect in the reader must not take the extension down: say so, return what we know.
    warnings.push(`The policy could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { language: 'en', entries: [], warnings };
  }
}

function readPolicyUnsafe(input: string, warnings: string[]): Catalogue {
  let text = input.replace(/^\ufeff/, '');
  if (text.length > MAX_POLICY_CHARS) {
    warnings.push(`The policy is ${text.length} characters long; only the first ${MAX_POLICY_CHARS} were read.`);
    text = text.slice(0, MAX_POLICY_CHARS);
  }
  let blocks: Block[];
  let lang: string | undefined;
  if (looksLikeHtml(text)) {
    const reading = htmlToBlocks(text);
    ({ blocks, lang } = reading);
    warnings.push(...(reading.limits ?? []));
  } else {
    const limits = new Set<string>();
    blocks = textToBlocks(text.replace(/\r\n?/g, '\n'), (note) => void limits.add(note));
    warnings.push(...limits);
  }

  const language = detectLanguage(languageSample(blocks), lang);
  const reader = new EntryCollector(warnings);
  let section: { category: Category; level: number } | undefined;
  let tableNumber = 0;
  let layout: Field[] | undefined;

  for (let i = 0; i < blocks.length && !reader.full; i++) {
    const block = blocks[i]!;
    if (block.kind === 'heading') {
      const category = categoryOf(block.text);
      if (category) section = { category, level: block.level };
      else if (section && block.level <= section.level) section = undefined;
    } else if (block.kind === 'paragraph') {
      const spaced = readSpacedHeader(block.text);
      if (spaced) {
        tableNumber++;
        layout ??= spaced;
        i += readSpacedTable(blocks, i + 1, spaced, tableNumber, section?.category, reader);
        continue;
      }
      // A line that declares names ("_ga, _gid – Google Analytics") is no section title, even when
      // its words name a category.
      if (readParagraph(block.text, block.listItem === true, section?.category, reader) > 0) continue;
      const category = isLabelLike(block.text) ? categoryOf(block.text) : undefined;
      if (category) section = { category, level: section?.level ?? 7 };
    } else {
      tableNumber++;
      const read = readTable(block, tableNumber, section?.category, reader);
      if (read) {
        layout ??= [...read.columns.entries()].sort((a, b) => a[1] - b[1]).map(([field]) => field);
        i += readSpilledRows(blocks, i + 1, read, tableNumber, reader);
      }
    }
  }
  if (reader.entries.length === 0) {
    // An empty catalogue is always explained: the popup, the options page and the CLI show this.
    const refusal = notAPolicy(text);
    reader.warn(refusal ? `No cookie declared: ${refusal}.` : 'No cookie declared: the policy speaks of cookies without naming any (no table or list of cookie names was found).');
  }
  const exemption = exemptionClaim(blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n'));
  return { language, entries: reader.entries, warnings: warnings.slice(0, MAX_WARNINGS), ...(layout ? { layout } : {}), ...(exemption ? { consentExemption: exemption } : {}) };
}

/**
 * Rows of a table copied without its separators, under the header paragraph at `from - 1`: read
 * until a heading or a line in which no word can be a cookie name. Returns how many blocks it used.
 */
function readSpacedTable(blocks: Block[], from: number, columns: Field[], number: number, category: Category | undefined, reader: EntryCollector): number {
  const providers = new Set<string>();
  let used = 0;
  for (let i = from; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind !== 'paragraph') break;
    const row = readSpacedRow(block.text, columns, providers);
    if (!row) {
      // A line that starts like the rows above (same provider) is a row we could not read: say so.
      const first = block.text.split(/\s+/)[0] ?? '';
      if (providers.has(first)) reader.warn(`Table ${number} (copied without separators), row ${used + 1}: no cookie name in "${block.text.slice(0, 80)}"; row skipped.`);
      break;
    }
    if (row.fields.provider) providers.add(row.fields.provider);
    used++;
    makeEntries(row.names, row.fields, category, `Table ${number} (copied without separators), row ${used}`, reader);
  }
  if (used === 0) reader.warn(`Table ${number} (copied without separators): a header but no row with a cookie name under it.`);
  return used;
}

/** Enough of the page's words to tell French from English, without joining a huge page. */
function languageSample(blocks: Block[]): string {
  const parts: string[] = [];
  let size = 0;
  for (const block of blocks) {
    const rows = block.kind === 'table' ? block.rows : [[block.text]];
    for (const row of rows) {
      for (const cell of row) {
        parts.push(cell);
        size += cell.length;
      }
      if (size > 20_000) return parts.join('\n');
    }
  }
  return parts.join('\n');
}

/** A short line that could title a section ("Cookies statistiques"), not a sentence. */
function isLabelLike(text: string): boolean {
  return text.length <= 120 && !/[.:;!?]$/.test(text) && !text.includes('\n');
}

/** Accumulates entries, dropping exact repeats, and keeps the warning list bounded. */
class EntryCollector {
  readonly entries: CatalogueEntry[] = [];
  private readonly keys = new Set<string>();
  full = false;
  constructor(readonly warnings: string[]) {}

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
  }

  add(entry: CatalogueEntry): void {
    if (this.full) return;
    const key = `${entry.pattern}\u0000${entry.provider ?? ''}`;
    if (this.keys.has(key)) return;
    if (this.entries.length >= MAX_ENTRIES) {
      this.warn(`More than ${MAX_ENTRIES} declarations: the rest were not read.`);
      this.full = true;
      return;
    }
    this.keys.add(key);
    this.entries.push(entry);
  }
}

/** Cells that wrapped over lines are joined with one space. */
function oneLine(text: string | undefined): string | undefined {
  const value = text?.includes('\n') ? text.replace(/\s*\n\s*/g, ' ').trim() : text?.trim();
  return value ? value : undefined;
}

function makeEntries(
  names: string,
  fields: Partial<Record<Exclude<Field, 'name'>, string>>,
  category: Category | undefined,
  where: string,
  reader: EntryCollector,
  strict = false,
): number {
  const { patterns, doubts } = readNames(names, strict);
  if (patterns.length === 0) {
    if (!strict) {
      const label = oneLine(fields.provider) ?? oneLine(fields.service) ?? '';
      reader.warn(
        names.trim()
          ? `${where}: "${oneLine(names)}" is not a cookie name; row skipped.`
          : `${where}: no cookie name${label ? ` (${label})` : ''}; row skipped.`,
      );
    }
    return 0;
  }
  if (doubts.length > 0) reader.warn(`${where}: unsure of "${oneLine(names)}"; read as ${patterns.join(', ')}.`);
  const categoryCell = fields.category ? categoryOf(`cookies ${fields.category}`) : undefined;
  for (const pattern of patterns) {
    const entry: CatalogueEntry = { pattern };
    for (const key of ['provider', 'service', 'purpose', 'lifetime'] as const) {
      const value = oneLine(fields[key]);
      if (value) entry[key] = value;
    }
    const chosen = categoryCell ?? category;
    if (chosen) entry.category = chosen;
    reader.add(entry);
  }
  return patterns.length;
}

interface TableReading { columns: Columns; width: number; category: Category | undefined }

function readTable(table: Extract<Block, { kind: 'table' }>, number: number, sectionCategory: Category | undefined, reader: EntryCollector): TableReading | undefined {
  const { rows } = table;
  let columns: Columns | undefined;
  let start = 0;
  let header: string[] | undefined;
  for (let r = 0; r < Math.min(rows.length, 3); r++) {
    columns = readHeaderRow(rows[r]!);
    if (columns) {
      start = r + 1;
      header = rows[r];
      break;
    }
  }
  if (!columns) {
    // A first row whose only label we know names the cookie column ("Wer / Cookie-Name / Wozu"):
    // a header all the same, never a row declaring a cookie called "Cookie-Name".
    const labelled = rows[0]?.findIndex((cell) => classifyHeader(cell) === 'name' && readNames(cell).patterns.length === 0) ?? -1;
    start = labelled >= 0 ? 1 : table.headerRows;
    columns = guessColumns(rows.slice(start), labelled >= 0 ? labelled : undefined);
    if (!columns) {
      if (rows.some((row) => row.some((cell) => /cookie/i.test(cell)))) reader.warn(`Table ${number}: no column of cookie names found; table skipped.`);
      return undefined;
    }
    reader.warn(`Table ${number} has no header row: its columns were guessed (cookie names in column ${columns.get('name')! + 1}).`);
  }

  const width = rows[0]?.length ?? 0;
  const nameColumn = columns.get('name')!;
  let category = sectionCategory;
  const kept: { row: string[]; category: Category | undefined }[] = [];
  for (let r = start; r < rows.length; r++) {
    const row = rows[r]!;
    let first: string | undefined;
    let distinct = 0;
    for (const cell of row) {
      if (cell === '' || cell === first) continue;
      first ??= cell;
      distinct++;
    }
    if (distinct === 0) continue;
    // A cell wrapped over two text lines: the second line has neither a name nor a first cell.
    const previous = kept.at(-1)?.row;
    if (table.wrapped && previous && row[nameColumn] === '' && row[0] === '') {
      row.forEach((cell, c) => {
        if (cell) previous[c] = previous[c] ? `${previous[c]} ${cell}` : cell;
      });
      continue;
    }
    // A row with one value across the table titles a section ("Cookies statistiques").
    const named = row.length > 1 && distinct === 1 ? categoryOf(first!) : undefined;
    if (named) {
      category = named;
      continue;
    }
    if (header && row.every((cell, c) => cell === header[c])) continue; // header repeated
    kept.push({ row, category });
  }

  for (const [index, { row, category: rowCategory }] of kept.entries()) {
    if (reader.full) break; // past the cap, nothing more is kept: stop reading
    const fields: Partial<Record<Field, string>> = {};
    for (const [field, c] of columns) fields[field] = stripColumnLabel(row[c] ?? '', field, header?.[c]);
    makeEntries(fields.name ?? '', fields, rowCategory, `Table ${number}, row ${index + 1}`, reader);
  }
  return { columns, width, category };
}

/** Columns of a table without a header row, guessed from what the cells look like. */
function guessColumns(rows: string[][], knownNameColumn?: number): Columns | undefined {
  const width = rows[0]?.length ?? 0;
  if (rows.length === 0 || width === 0) return undefined;
  const share = (c: number, test: (cell: string) => boolean) => {
    const cells = rows.map((row) => row[c] ?? '').filter(Boolean);
    return cells.length === 0 ? 0 : cells.filter(test).length / cells.length;
  };
  let nameColumn = knownNameColumn ?? -1;
  let best = 0.6;
  for (let c = 0; c < width && knownNameColumn === undefined; c++) {
    const score = share(c, (cell) => cell.split(/[,;\n/]|\s+(?:et|and)\s+/).every((part) => looksLikeCookieName(part.trim().replace(/[<>{}[\]]/g, ''))));
    if (score > best) [best, nameColumn] = [score, c];
  }
  if (nameColumn < 0) return undefined;
  const columns: Columns = new Map([['name', nameColumn]]);
  const others = [...Array(width).keys()].filter((c) => c !== nameColumn);
  for (const c of others) if (!columns.has('lifetime') && share(c, looksLikeDuration) > 0.6) columns.set('lifetime', c);
  const rest = others.filter((c) => c !== columns.get('lifetime'));
  const meanLength = (c: number) => rows.reduce((sum, row) => sum + (row[c]?.length ?? 0), 0) / rows.length;
  const purpose = rest.filter((c) => c > nameColumn).sort((a, b) => meanLength(b) - meanLength(a))[0];
  if (purpose !== undefined) columns.set('purpose', purpose);
  const before = rest.filter((c) => c < nameColumn);
  if (before.length >= 2) {
    columns.set('provider', before[0]!);
    columns.set('service', before[1]!);
  } else if (before.length === 1) columns.set(meanLength(before[0]!) < 25 ? 'provider' : 'service', before[0]!);
  return columns;
}

/**
 * PDF extraction sometimes emits a table's last rows column by column, one cell a line:
 * "Opendatasoft / Opendatasoft / API (CSRF)… / Choices… / csrftoken / cookies_preferences / …".
 * Finds the run of name lines that splits the loose lines into whole columns and rebuilds the rows.
 * Returns how many blocks it used.
 */
function readSpilledRows(blocks: Block[], from: number, table: TableReading, number: number, reader: EntryCollector): number {
  const lines: string[] = [];
  for (let i = from; i < blocks.length && lines.length < MAX_SPILL_LINES; i++) {
    const block = blocks[i]!;
    if (block.kind !== 'paragraph' || block.listItem || block.text.length > 200 || block.text.includes('\n')) break;
    lines.push(block.text);
  }
  const nameColumn = table.columns.get('name')!;
  const before = nameColumn;
  const after = table.width - nameColumn - 1;
  if (lines.length < table.width) return 0;
  for (let rowCount = 1; rowCount * table.width <= lines.length; rowCount++) {
    for (let at = rowCount * before; at + rowCount <= lines.length; at++) {
      const names = lines.slice(at, at + rowCount);
      if (!names.every(looksLikeCookieName)) continue;
      const head = fitCells(lines.slice(0, at), rowCount * before);
      const tail = fitCells(lines.slice(at + rowCount), rowCount * after);
      if (!head || !tail) continue;
      for (let r = 0; r < rowCount; r++) {
        const row: string[] = [];
        for (let c = 0; c < before; c++) row.push(head[c * rowCount + r]!);
        row.push(names[r]!);
        for (let c = 0; c < after; c++) row.push(tail[c * rowCount + r]!);
        const fields: Partial<Record<Field, string>> = {};
        for (const [field, c] of table.columns) fields[field] = row[c] ?? '';
        makeEntries(names[r]!, fields, table.category, `Table ${number}, row read column by column`, reader);
      }
      reader.warn(`Table ${number}: ${rowCount} row(s) (${names.join(', ')}) came out column by column and were put back together; check them.`);
      return lines.length;
    }
  }
  return 0;
}

/** Joins wrapped lines (those starting in lower case) until there are exactly `count` cells. */
function fitCells(lines: string[], count: number): string[] | undefined {
  if (lines.length === count) return lines;
  if (lines.length < count) return undefined;
  const cells: string[] = [];
  for (const line of lines) {
    if (cells.length > 0 && /^[a-zà-ÿ(]/.test(line)) cells[cells.length - 1] += ` ${line}`;
    else cells.push(line);
  }
  return cells.length === count ? cells : undefined;
}

/** "sessionid : remembers who you are" or "_ga, _gid – Google Analytics" in a list or paragraph. */
function readParagraph(text: string, listItem: boolean, category: Category | undefined, reader: EntryCollector): number {
  const match = /^(.{1,160}?)\s*(?:[:：](?!\/\/)|\s[–—-]\s|[–—])\s*(.+)$/s.exec(text);
  if (!match) return 0;
  const [, lead, rest] = match;
  // "https://example.org: …" names an address, not the cookies "https" and "example.org".
  if (lead!.includes('://')) return 0;
  const { patterns, doubts } = readNames(lead!, true);
  if (patterns.length === 0 || doubts.length > 0) return 0;
  const fields: Partial<Record<Field, string>> = {};
  const duration = /(?:dur[ée]e(?: de conservation)?|duration|expiration|expires?|conservation)\s*:\s*([^.;,]+)/i.exec(rest!);
  if (duration?.[1]) fields.lifetime = tidy(duration[1]);
  fields.purpose = rest;
  return makeEntries(lead!, fields, category, listItem ? 'List item' : 'Paragraph', reader, true);
}
