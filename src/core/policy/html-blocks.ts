// HTML policy pages to blocks, with htmlparser2: a streaming parser that needs no DOM, so the same
// code runs in the background service worker and in Node.
import { Parser } from 'htmlparser2';
import { type Block, tidy } from './blocks.ts';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'select', 'button']);
const BREAKS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'br', 'section', 'article', 'header', 'footer', 'main',
  'nav', 'aside', 'blockquote', 'pre', 'figure', 'figcaption', 'details', 'summary', 'hr', 'caption',
  'address', 'form', 'fieldset', 'legend', 'center',
]);
const HEADING = /^h([1-6])$/;

interface Cell { text: string; colspan: number; rowspan: number; header: boolean }
interface TableState { rows: Cell[][]; row: Cell[] | undefined; cell: Cell | undefined; headSection: boolean; headRows: number }

/** Lays out rowspan and colspan so that each row has one string per column. */
function toGrid(rows: Cell[][]): string[][] {
  const grid: string[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      const text = tidy(cell.text);
      for (let dr = 0; dr < cell.rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cell.colspan; dc++) target[c + dc] = text;
      }
      c += cell.colspan;
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

export interface HtmlReading { blocks: Block[]; lang?: string }

export function htmlToBlocks(html: string): HtmlReading {
  const blocks: Block[] = [];
  const tables: TableState[] = [];
  let lang: string | undefined;
  let skipDepth = 0;
  let flow = '';
  let listItem = false;
  let heading: { level: number; text: string } | undefined;

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

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'html' && attribs.lang) lang = attribs.lang;
        // htmlparser2 closes every tag it opens, void ones included, so the depth stays balanced.
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        const table = tables.at(-1);
        const level = HEADING.exec(name)?.[1];
        if (level && tables.length === 0) {
          flushFlow();
          heading = { level: Number(level), text: '' };
        } else if (name === 'table') {
          if (tables.length === 0) flushFlow();
          tables.push({ rows: [], row: undefined, cell: undefined, headSection: false, headRows: 0 });
        } else if (table && name === 'thead') table.headSection = true;
        else if (table && (name === 'tbody' || name === 'tfoot')) table.headSection = false;
        else if (table && name === 'tr') {
          table.row = [];
          table.rows.push(table.row);
        } else if (table && (name === 'td' || name === 'th')) {
          if (!table.row) table.rows.push((table.row = []));
          table.cell = { text: '', colspan: span(attribs.colspan, 50), rowspan: span(attribs.rowspan, 500), header: name === 'th' || table.headSection };
          table.row.push(table.cell);
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
        } else if (table && name === 'table') {
          tables.pop();
          const rows = toGrid(table.rows);
          const headRows = table.rows.findIndex((row) => !row.every((cell) => cell.header));
          const parent = tables.at(-1);
          // A table inside a cell is flattened into that cell's text.
          if (parent?.cell) parent.cell.text += '\n' + rows.map((r) => r.join(' ')).join('\n');
          else if (rows.length > 0) blocks.push({ kind: 'table', rows, headerRows: headRows < 0 ? rows.length : headRows, wrapped: false });
        } else if (table && (name === 'td' || name === 'th')) table.cell = undefined;
        else if (table && name === 'tr') table.row = undefined;
        else if (BREAKS.has(name)) {
          if (tables.length === 0 && !heading) flushFlow();
          else write('\n');
          if (name === 'li' || name === 'dt' || name === 'dd') listItem = false;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flushFlow();
  return { blocks, ...(lang ? { lang } : {}) };
}
