// The HTML front end of the policy reader: what a policy page becomes before any cookie is read
// from it (headings, paragraphs, list items and tables laid out cell by cell), and the bounds a
// hostile table meets.
import { describe, expect, it } from 'vitest';
import { MAX_COLUMNS, MAX_ROWS, type Block } from '../../src/core/policy/blocks.ts';
import { htmlToBlocks } from '../../src/core/policy/html-blocks.ts';

const tables = (html: string) => htmlToBlocks(html).blocks.flatMap((b) => (b.kind === 'table' ? [b] : []));
const only = (html: string): Extract<Block, { kind: 'table' }> => {
  const found = tables(html);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const row = (...cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

describe('the reading order of a policy page', () => {
  it('keeps paragraphs apart, marks list items and definition terms, and ends the list with it', () => {
    expect(htmlToBlocks('<p>Intro</p><ul><li>one</li><li>two</li></ul><p>after</p><dl><dt>t</dt><dd>d</dd></dl><p>end</p>').blocks).toEqual([
      { kind: 'paragraph', text: 'Intro' },
      { kind: 'paragraph', text: 'one', listItem: true },
      { kind: 'paragraph', text: 'two', listItem: true },
      { kind: 'paragraph', text: 'after' },
      { kind: 'paragraph', text: 't', listItem: true },
      { kind: 'paragraph', text: 'd', listItem: true },
      { kind: 'paragraph', text: 'end' },
    ]);
  });

  it('reads a self-closed list item as empty, so the text after it is no list item', () => {
    expect(htmlToBlocks('<ul><li/>text</ul>').blocks).toEqual([{ kind: 'paragraph', text: 'text' }]);
  });

  it('reads a heading whole, blocks inside it included, with its level, and the page language', () => {
    const reading = htmlToBlocks('<html lang="fr"><h2>Title <b>bold</b><p>x</p>more</h2><p>a\n   b  c</p>');
    expect(reading.blocks).toEqual([
      { kind: 'heading', text: 'Title bold\nx\nmore', level: 2 },
      { kind: 'paragraph', text: 'a b c' },
    ]);
    expect(reading.lang).toBe('fr');
  });

  it('takes the language from the html element only, and says nothing when there is none', () => {
    expect(htmlToBlocks('<div lang="de"><p>x</p></div>')).toEqual({ blocks: [{ kind: 'paragraph', text: 'x' }] });
    expect(htmlToBlocks('<html lang=""><p>x</p></html>').lang).toBeUndefined();
  });

  it('leaves out scripts, styles and controls, and keeps the words around them together', () => {
    expect(htmlToBlocks('<p>a<script>bad()</script><style>.x{}</style><button>Click<b>me</b></button>b</p>').blocks).toEqual([{ kind: 'paragraph', text: 'ab' }]);
  });

  it('ends a paragraph at each block element and an empty one leaves nothing', () => {
    expect(htmlToBlocks('<div>one<div>two</div>three</div><p></p><section> </section>').blocks.map((b) => b.kind === 'paragraph' && b.text)).toEqual(['one', 'two', 'three']);
  });
});

describe('policy tables', () => {
  it('counts the rows of a thead as header rows, td or th, and no longer once the tbody starts', () => {
    const table = only(`<table><thead>${row('Nom', 'But')}</thead><tbody>${row('a', 'b')}</tbody><tfoot>${row('f', 'g')}</tfoot></table>`);
    expect(table).toEqual({ kind: 'table', rows: [['Nom', 'But'], ['a', 'b'], ['f', 'g']], headerRows: 1, wrapped: false });
  });

  it('reads the rows after a closed thead as body rows, with no tbody written', () => {
    expect(only(`<table><thead>${row('Qui', 'Quoi')}</thead>${row('sessionid', 'Session')}</table>`).headerRows).toBe(1);
  });

  it('counts header rows up to the first row with a data cell, a row heading in the body included', () => {
    expect(only('<table><tr><th>Nom</th><th>But</th></tr><tr><th>a</th><td>b</td></tr></table>').headerRows).toBe(1);
    expect(only('<table><tr><th>Nom</th><th>But</th></tr><tr><th>a</th><th>b</th></tr></table>').headerRows).toBe(2);
    expect(only(`<table>${row('a', 'b')}</table>`).headerRows).toBe(0);
  });

  it('spreads column and row spans, ignores spans that are no number, and pads short rows', () => {
    const table = only('<table><tr><td colspan="2">a</td><td rowspan=2>b</td></tr><tr><td>c</td><td colspan=0>d</td></tr><tr><td rowspan="x">e</td><td colspan="-3">f</td></tr><tr><td>g</td></tr></table>');
    expect(table.rows).toEqual([['a', 'a', 'b'], ['c', 'd', 'b'], ['e', 'f', ''], ['g', '', '']]);
  });

  it('reads cells outside any row as one row', () => {
    expect(only('<table><td>a</td><td>b</td></table>').rows).toEqual([['a', 'b']]);
  });

  it('makes no block of a table without cells', () => {
    expect(htmlToBlocks('<p>x</p><table></table><p>y</p>').blocks).toEqual([{ kind: 'paragraph', text: 'x' }, { kind: 'paragraph', text: 'y' }]);
  });

  it('keeps the lines of a cell, headings and breaks included, as separate lines', () => {
    expect(only(`<table>${row('A', 'B')}<tr><td><h3>T</h3>b</td><td>c<br>d<p>e</p></td></tr></table>`).rows[1]).toEqual(['T\nb', 'c\nd\ne']);
  });

  it('flattens a table of one row or one column into its cell, and keeps a real one as a table of its own', () => {
    expect(only('<table><tr><td>a<table><tr><td>x</td><td>y</td></tr></table></td><td>b</td></tr><tr><td>c</td><td>d<table><tr><td>p</td></tr><tr><td>q</td></tr></table></td></tr></table>').rows)
      .toEqual([['a\nx y', 'b'], ['c', 'd\np\nq']]);
    expect(tables('<table><tr><td>L<table><tr><td>x</td><td>y</td></tr><tr><td>1</td><td>2</td></tr></table></td><td>b</td></tr></table>').map((t) => t.rows))
      .toEqual([[['x', 'y'], ['1', '2']], [['L', 'b']]]);
  });
});

describe('the bounds of a hostile table', () => {
  it(`joins the cells past ${MAX_COLUMNS} of a row into the last one, and says so`, () => {
    const cells = Array.from({ length: 40 }, (_, i) => `${i + 1}`);
    const reading = htmlToBlocks(`<table>${row(...cells)}${row('x')}</table>`);
    const table = reading.blocks[0] as Extract<Block, { kind: 'table' }>;
    expect(table.rows[0]).toEqual([...cells.slice(0, 31), cells.slice(31).join(' ')]);
    expect(table.rows[1]).toEqual(['x', ...Array(31).fill('')]);
    expect(reading.limits).toEqual([`A table row has more than ${MAX_COLUMNS} cells; the extra ones were read as part of the last.`]);
  });

  it(`stops a column span at the ${MAX_COLUMNS}th column`, () => {
    expect(only('<table><tr><td>a</td><td colspan=40>b</td></tr></table>').rows[0]).toEqual(['a', ...Array(31).fill('b')]);
  });

  it('keeps rows spans from pushing a row past the last column', () => {
    const reading = htmlToBlocks(`<table>${Array.from({ length: 3 }, (_, i) => `<tr><td rowspan=500 colspan=32>${i}</td></tr>`).join('')}</table>`);
    const table = reading.blocks[0] as Extract<Block, { kind: 'table' }>;
    expect(table.rows.map((r) => r.length)).toEqual([32, 32, 32]);
    expect(table.rows.map((r) => r.at(-1))).toEqual(['0', '0 1', '0 2']);
    expect(reading.limits).toHaveLength(1);
  });

  it('stops spreading spans past a million cells in one table, and says so', () => {
    // Each block of 500 rows: a span over 31 columns and 500 rows, then rows spanning every column.
    const block = `<tr><td>x</td><td colspan=31 rowspan=500>y</td></tr>${'<tr><td colspan=32>z</td></tr>'.repeat(499)}`;
    const reading = htmlToBlocks(`<table>${block.repeat(40)}</table>`);
    expect(reading.limits).toEqual(['Row and column spans past 1000000 cells in one table were ignored.']);
    const table = reading.blocks[0] as Extract<Block, { kind: 'table' }>;
    expect(table.rows).toHaveLength(MAX_ROWS);
    expect(table.rows[0]).toEqual(['x', ...Array(31).fill('y')]);
    expect(htmlToBlocks(`<table>${block.repeat(30)}</table>`).limits).toBeUndefined();
  });

  it(`reads ${MAX_ROWS} rows of a table and says the rest was not read`, () => {
    const reading = htmlToBlocks(`<table>${row('n', 'p').repeat(MAX_ROWS)}${row('late', 'x')}<td>later</td></table>`);
    const table = reading.blocks[0] as Extract<Block, { kind: 'table' }>;
    expect(table.rows).toHaveLength(MAX_ROWS);
    expect(table.rows.at(-1)).toEqual(['n', 'p']);
    expect(reading.limits).toEqual([`A table has more than ${MAX_ROWS} rows; the rest of it was not read.`]);
    // Cells outside rows count against the same bound, with no row to hold them.
    expect(only(`<table>${row('n', 'p').repeat(MAX_ROWS)}<td>late</td></table>`).rows).toHaveLength(MAX_ROWS);
  });

  it('reads tables nested past eight deep as the words of their cell, and reads on after them', () => {
    const deep = `${'<table><tr><td>o'.repeat(8)}<table><tr><td>x</td><td>y</td></tr></table><table><tr><td>z</td></tr></table></td></tr><tr><td>next</td><td>row</td></tr></table>${'</td></tr></table>'.repeat(7)}<p>after</p>`;
    const reading = htmlToBlocks(deep);
    expect(reading.blocks.map((b) => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      [['o x y z', ''], ['next', 'row']],
      [['o\no\no\no\no\no\no']],
      'after',
    ]);
    expect(reading.limits).toEqual(['Tables nested more than 8 deep were read as text.']);
  });
});
