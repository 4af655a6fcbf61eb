// The reading order of a policy page, whatever its format: headings, paragraphs and tables.
// Both the HTML and the plain-text front ends produce these; the catalogue is built from them.

export type Block =
  | { kind: 'heading'; text: string; level: number }
  | { kind: 'paragraph'; text: string; listItem?: boolean }
  | { kind: 'table'; rows: string[][]; headerRows: number; wrapped: boolean };

// A policy table has a handful of columns and at most hundreds of rows. Past these bounds a table
// is hostile or broken: extra cells join the last column, extra rows are not read (with a note).
export const MAX_COLUMNS = 32;
/** Far more rows than any policy declares (the reader keeps 5,000 entries at most). */
export const MAX_ROWS = 20_000;

/** Collapses runs of spaces and tabs, keeps line breaks (they separate names in a cell), trims. */
const NEEDS_TIDYING = /[\u00a0\u2007\u202f\u200b\ufeff\t\f\v\n]| {2}/;

export function tidy(text: string): string {
  // Most cells are already tidy: skip the replacements (they dominate reading a large page).
  if (!NEEDS_TIDYING.test(text)) return text.trim();
  return text
    .replace(/[\u00a0\u2007\u202f\u200b\ufeff]/g, (c) => (c === '\u200b' || c === '\ufeff' ? '' : ' '))
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Lower case without accents, for keyword tests in French and English alike. */
export function fold(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
