// HTML policy pages to blocks, with a streaming tag reader that needs no DOM (so the same code runs
// in the background service worker and in Node) and takes time linear in the page, nesting bombs
// included.
import { readTags } from '../html/read-tags.ts';
import { type Block, MAX_COLUMNS, MAX_ROWS, tidy } from './blocks.ts';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'select', 'button']);
const BREAKS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'br', 'section', 'article', 'header', 'footer', 'main',
  'nav', 'aside', 'blockquote', 'pre', 'figure', 'figcaption', 'details', 'summary', 'hr', 'caption',
  'address', 'form', 'fieldset', 'legend', 'center',
]);
const HEADING = /^h([1-6])$/;

interface Cell { text: string; colspan: number; rowspan: number; header: boolean }
interface TableState {
  rows: Cell[][];
  row: Cell[] | undefined;
  cell: Cell | undefined;
  headSection: boolean;
  headRows: number;
  /** Tables open inside this one past the nesting limit: their cells are this cell's text. */
  nested: number;
}

// A policy table has a handful of columns. Past these bounds a table is hostile or broken: extra
// cells join the last column, and spans stop spreading, so that a page of `<td rowspan=500
// colspan=50>` cannot make a grid of billions of cells.
const MAX_ROWSPAN = 500;
const GRID_BUDGET = 1_000_000;
/** Tables inside tables are flattened into their cell's text; deeper ones count as text only. */
const MAX_TABLE_NESTING = 8;

/** Lays out rowspan and colspan so that each row has one string per column. */
function toGrid(rows: Cell[][], limit: (note: string) => void): string[][] {
  const grid: string[][] = [];
  let budget = GRID_BUDGET;
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      const text = tidy(cell.text);
      if (c >= MAX_COLUMNS) {
        // Spans from the rows above filled this row: the cell joins the last column, as extra cells do.
        limit(`A table row has more than ${MAX_COLUMNS} cells; the extra ones were read as part of the last.`);
        grid[r]![MAX_COLUMNS - 1] = tidy(`${grid[r]![MAX_COLUMNS - 1]} ${text}`);
        continue;
      }
      const spread = cell.rowspan * cell.colspan <= budget;
      if (!spread) limit(`Row and column spans past ${GRID_BUDGET} cells in one table were ignored.`);
      const rowspan = spread ? cell.rowspan : 1;
      const colspan = Math.max(1, Math.min(spread ? cell.colspan : 1, MAX_COLUMNS - c));
      budget -= rowspan * colspan;
      for (let dr = 0; dr < rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colspan; dc++) target[c + dc] = text;
      }
      c += colspan;
    }
  });
  let width = 0;
  for (const row of grid) width = Math.max(width, row.length);
  const out = grid.slice(0, rows.length);
  for (const row of out) for (let i = 0; i < width; i++) row[i] ??= '';
  return out;
}

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

export interface HtmlReading {
  blocks: Block[];
  lang?: string;
  /** The bounds a hostile or broken page reached, in words, for the reader's warnings. */
  limits?: string[];
}

export function htmlToBlocks(html: string): HtmlReading {
  const blocks: Block[] = [];
  const tables: TableState[] = [];
  let lang: string | undefined;
  let skipDepth = 0;
  let flow = '';
  let listItem = false;
  let heading: { level: number; text: string } | undefined;
  const limits = new Set<string>();
  const limit = (note: string) => void limits.add(note);

  const flushFlow = () => {
    const text = tidy(flow);
    if (text) blocks.push({ kind: 'paragraph', text, ...(listItem ? { listItem: true } : {}) });
    flow = '';
  };
  const write = (text: string) => {
    const table = tables.at(-1);
    if (heading) heading.text += text;
    else if (table) {
      if (table.cell) table.cell.text += text;
    } else flow += text;
  };

  readTags(
    html,
    {
      onopentag(name, attribs) {
        if (name === 'html' && attribs.lang) lang = attribs.lang;
        // readTags closes every tag it reports open, void ones included, so the depth stays balanced.
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        const table = tables.at(-1);
        const level = HEADING.exec(name)?.[1];
        if (level && tables.length === 0) {
          flushFlow();
          heading = { level: Number(level), text: '' };
        } else if (name === 'table' && tables.length < MAX_TABLE_NESTING) {
          if (tables.length === 0) flushFlow();
          tables.push({ rows: [], row: undefined, cell: undefined, headSection: false, headRows: 0, nested: 0 });
        } else if (name === 'table' && table) {
          limit(`Tables nested more than ${MAX_TABLE_NESTING} deep were read as text.`);
          table.nested++;
        } else if (table && name === 'thead') table.headSection = true;
        else if (table && table.nested > 0 && (name === 'tr' || name === 'td' || name === 'th')) write(' ');
        else if (table && name === 'tr') {
          table.row = table.rows.length < MAX_ROWS ? [] : undefined;
          if (!table.row) limit(`A table has more than ${MAX_ROWS} rows; the rest of it was not read.`);
          table.cell = undefined;
          if (table.row) table.rows.push(table.row);
        } else if (table && (name === 'td' || name === 'th') && (table.row || table.rows.length < MAX_ROWS)) {
          if (!table.row) table.rows.push((table.row = []));
          if (table.row.length >= MAX_COLUMNS) {
            limit(`A table row has more than ${MAX_COLUMNS} cells; the extra ones were read as part of the last.`);
            table.cell = table.row.at(-1)!;
            table.cell.text += ' ';
          } else {
            table.cell = { text: '', colspan: span(attribs.colspan, MAX_COLUMNS), rowspan: span(attribs.rowspan, MAX_ROWSPAN), header: name === 'th' || table.headSection };
            table.row.push(table.cell);
          }
        } else if (BREAKS.has(name) || HEADING.test(name)) {
          if (tables.length === 0 && !heading) flushFlow();
          else write('\n');
          if (name === 'li' || name === 'dt' || name === 'dd') listItem = true;
        }
      },
      ontext(text) {
        if (skipDepth === 0) write(/\s\s|[\t\n\r\f]/.test(text) ? text.replace(/\s+/g, ' ') : text);
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        const table = tables.at(-1);
        if (heading && HEADING.test(name)) {
          const text = tidy(heading.text);
          if (text) blocks.push({ kind: 'heading', text, level: heading.level });
          heading = undefined;
        } else if (table && name === 'table' && table.nested > 0) {
          table.nested--;
        } else if (table && name === 'table') {
          tables.pop();
          const rows = toGrid(table.rows, limit);
          const headRows = table.rows.findIndex((row) => !row.every((cell) => cell.header));
          const parent = tables.at(-1);
          // A small table inside a cell is flattened into that cell's text; a real one (a policy
          // table inside a layout table) stands as a table of its own.
          const real = rows.length >= 2 && (rows[0]?.length ?? 0) >= 2;
          if (parent?.cell && !real) parent.cell.text += '\n' + rows.map((r) => r.join(' ')).join('\n');
          else if (rows.length > 0) blocks.push({ kind: 'table', rows, headerRows: headRows < 0 ? rows.length : headRows, wrapped: false });
        } else if (table && table.nested > 0 && (name === 'tr' || name === 'td' || name === 'th')) write(' ');
        // Rows after the thead are body rows: a tbody or tfoot closes it (readTags implies the close),
        // and rows after a closed thead with no tbody are body rows too, as in a browser.
        else if (table && name === 'thead') table.headSection = false;
        else if (table && (name === 'td' || name === 'th')) table.cell = undefined;
        else if (table && name === 'tr') table.row = undefined;
        else if (BREAKS.has(name) || HEADING.test(name)) {
          if (tables.length === 0 && !heading) flushFlow();
          else write('\n');
          if (name === 'li' || name === 'dt' || name === 'dd') listItem = false;
        }
      },
    },
    { recognizeSelfClosing: true },
  );
  flushFlow();
  return { blocks, ...(lang ? { lang } : {}), ...(limits.size ? { limits: [...limits] } : {}) };
}
