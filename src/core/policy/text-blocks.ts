// Plain-text policies (copied from a page, extracted from a PDF, or Markdown) to blocks.
// Tab-separated lines are table rows; a table runs on across blank lines until a line without a
// tab. Markdown headings and pipe tables are understood too.
import { type Block, MAX_COLUMNS, MAX_ROWS, tidy } from './blocks.ts';

const MARKDOWN_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const PIPE_ROW = /^\s*\|(.+)\|\s*$/;
const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** `limit` is told, once per kind, what a bound made the reader leave out. */
export function textToBlocks(text: string, limit: (note: string) => void = () => undefined): Block[] {
  const blocks: Block[] = [];
  let table: Extract<Block, { kind: 'table' }> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    let cells: string[] | undefined;
    if (line.includes('\t')) cells = line.split('\t');
    else if (PIPE_ROW.test(line)) {
      if (PIPE_RULE.test(line)) {
        if (table) table.headerRows = table.rows.length;
        continue;
      }
      cells = PIPE_ROW.exec(line)![1]!.split('|');
    }
    if (cells) {
      if (!table) {
        table = { kind: 'table', rows: [], headerRows: 0, wrapped: true };
        blocks.push(table);
      }
      if (table.rows.length >= MAX_ROWS) {
        limit(`A table has more than ${MAX_ROWS} rows; the rest of it was not read.`);
        continue;
      }
      if (cells.length > MAX_COLUMNS) {
        limit(`A table row has more than ${MAX_COLUMNS} cells; the extra ones were read as part of the last.`);
        cells = [...cells.slice(0, MAX_COLUMNS - 1), cells.slice(MAX_COLUMNS - 1).join(' ')];
      }
      table.rows.push(cells.map(tidy));
      continue;
    }
    table = undefined;
    const heading = MARKDOWN_HEADING.exec(line);
    if (heading) blocks.push({ kind: 'heading', level: heading[1]!.length, text: tidy(heading[2]!) });
    else {
      const item = /^\s*(?:[-*•]|\d+[.)])\s+(.*)$/.exec(line);
      blocks.push(item ? { kind: 'paragraph', text: tidy(item[1]!), listItem: true } : { kind: 'paragraph', text: tidy(line) });
    }
  }
  for (const block of blocks) {
    if (block.kind !== 'table') continue;
    const width = Math.max(...block.rows.map((r) => r.length));
    block.rows = block.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  }
  return blocks;
}
