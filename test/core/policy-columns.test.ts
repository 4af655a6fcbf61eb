// What a policy table's header cells name, and how a plain-text or Markdown policy becomes rows.
import { describe, expect, it } from 'vitest';
import { classifyHeader, looksLikeDuration, readHeaderRow, stripColumnLabel } from '../../src/core/policy/columns.ts';
import { fold, tidy } from '../../src/core/policy/blocks.ts';
import { categoryOf } from '../../src/core/policy/categories.ts';
import { detectLanguage } from '../../src/core/policy/language.ts';
import { textToBlocks } from '../../src/core/policy/text-blocks.ts';

describe('header cells', () => {
  it('names each column from its label, brackets, accents and spacing aside', () => {
    for (const [label, field] of [
      ['Nom', 'name'], ['Nom (du cookie)', 'name'], ['Durée  de   conservation', 'lifetime'], ['Expires', 'lifetime'], ['storage period', 'lifetime'],
      ['Type', 'category'], ['Catégorie', 'category'], ['Service', 'service'], ['Fonctionnalité', 'service'], ['Fournisseur', 'provider'], ['Finalité', 'purpose'],
    ] as const) expect(classifyHeader(label), label).toBe(field);
  });

  it('names nothing from an empty cell or one longer than a label', () => {
    expect(classifyHeader('')).toBeUndefined();
    expect(classifyHeader(`Cookie ${'x'.repeat(54)}`)).toBeUndefined();
    expect(classifyHeader(`Cookie ${'x'.repeat(53)}`)).toBe('name');
  });

  it('reads a header row when it names the cookie column and one more, keeping the first of a repeated label', () => {
    expect(readHeaderRow(['Nom', 'Nom', 'Finalité'])).toEqual(new Map([['name', 0], ['purpose', 2]]));
    expect(readHeaderRow(['Nom', '', 'Durée', 'Durée'])).toEqual(new Map([['name', 0], ['lifetime', 2]]));
    expect(readHeaderRow(['Nom', 'x'])).toBeUndefined();
    expect(readHeaderRow(['Finalité', 'Durée'])).toBeUndefined();
  });

  it('takes a responsive table’s label off a cell when it names that cell’s column', () => {
    expect(stripColumnLabel('Cookie name: _ga', 'name')).toBe('_ga');
    expect(stripColumnLabel('  Nom  :  _ga', 'name')).toBe('_ga');
    expect(stripColumnLabel('Nom:_ga', 'name')).toBe('_ga');
    expect(stripColumnLabel('Qui : Google', 'provider', 'QUI ')).toBe('Google');
    for (const [cell, field, header] of [['Purpose: _ga', 'name'], ['Qui : Google', 'provider'], ['Qui : Google', 'provider', 'Quoi'], ['x: y', 'name'], [':_ga', 'name'], ['no label', 'name']] as const) {
      expect(stripColumnLabel(cell, field, header), cell).toBe(cell);
    }
  });

  it('tells a lifetime from a number and a unit, "session" or "persistent", in a short cell', () => {
    for (const cell of ['13 mois', '13mois', '1 an', 'Session', 'persistent']) expect(looksLikeDuration(cell), cell).toBe(true);
    for (const cell of ['13 moisx', 'abc', `2 weeks ${'x'.repeat(72)}`]) expect(looksLikeDuration(cell), cell).toBe(false);
    expect(looksLikeDuration(`2 weeks ${'x'.repeat(71)}`)).toBe(true);
  });
});

describe('plain-text policies', () => {
  it('reads tab-separated rows as a table, Markdown headings, numbered and bulleted items, and lines', () => {
    expect(textToBlocks('a\tb\r\nc\td\n\n# Title ##\n- item\n1) two\n3. three\n• bullet\n-nospace\n  \ntext')).toEqual([
      { kind: 'table', rows: [['a', 'b'], ['c', 'd']], headerRows: 0, wrapped: true },
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'item', listItem: true },
      { kind: 'paragraph', text: 'two', listItem: true },
      { kind: 'paragraph', text: 'three', listItem: true },
      { kind: 'paragraph', text: 'bullet', listItem: true },
      { kind: 'paragraph', text: '-nospace' },
      { kind: 'paragraph', text: 'text' },
    ]);
  });

  it('reads a pipe table: the rule line ends the header rows, short rows are padded', () => {
    expect(textToBlocks('| A | B |\n|---|:--:|\n| 1 | 2 |\n| 3 |\n\nafter')).toEqual([
      { kind: 'table', rows: [['A', 'B'], ['1', '2'], ['3', '']], headerRows: 1, wrapped: true },
      { kind: 'paragraph', text: 'after' },
    ]);
    expect((textToBlocks('| A | B |\n| 1 | 2 |\n|---|---|\n| 3 | 4 |')[0] as { headerRows: number }).headerRows).toBe(2);
    expect(textToBlocks('|---|---|\n| 3 | 4 |')).toEqual([{ kind: 'table', rows: [['3', '4']], headerRows: 0, wrapped: true }]);
  });

  it('joins the cells past 32 into the last, and reads 20,000 rows at most, saying so for each row left out', () => {
    const notes: string[] = [];
    const [wide] = textToBlocks(Array.from({ length: 40 }, (_, i) => `c${i}`).join('\t'), (note) => notes.push(note));
    expect((wide as { rows: string[][] }).rows[0]).toEqual([...Array.from({ length: 31 }, (_, i) => `c${i}`), Array.from({ length: 9 }, (_, i) => `c${31 + i}`).join(' ')]);
    const [long] = textToBlocks('a\tb\n'.repeat(20_002), (note) => notes.push(note));
    expect((long as { rows: string[][] }).rows).toHaveLength(20_000);
    expect(notes).toEqual(['A table row has more than 32 cells; the extra ones were read as part of the last.', 'A table has more than 20000 rows; the rest of it was not read.', 'A table has more than 20000 rows; the rest of it was not read.']);
  });
});

describe('the text helpers every front end shares', () => {
  it('tidies a cell: hard and thin spaces to spaces, zero-width ones and byte order marks away, runs of blanks to one, lines kept', () => {
    expect(tidy(' a\u00a0b\u2007c\u202fd\u200be\ufefff ')).toBe('a b c def');
    expect(tidy('a \t\f\v b  \n   c\n\n\nd')).toBe('a b\nc\nd');
    expect(tidy('  plain  ')).toBe('plain');
    expect(tidy('one two')).toBe('one two');
  });

  it('folds accents and case, for keywords in French and English alike', () => {
    expect(fold('Durée DE Conservation')).toBe('duree de conservation');
    expect(fold('ASCII Only')).toBe('ascii only');
  });

  it('tells French from English by the page’s declared language first, its words otherwise', () => {
    expect(detectLanguage('the cookies you see', ' FR-fr ')).toBe('fr');
    expect(detectLanguage('les cookies de la page', 'en-GB')).toBe('en');
    expect(detectLanguage('les cookies de la page pour vous', 'de')).toBe('fr');
    expect(detectLanguage('the cookies for you and your site', undefined)).toBe('en');
    expect(detectLanguage(`${'the '.repeat(60_000)}${'les '.repeat(60_000)}`)).toBe('en');
  });

  it('reads a category from a heading or label, a long sentence only when it speaks of cookies or types', () => {
    expect(categoryOf('Cookies de mesure d’audience')).toBe('statistics');
    expect(categoryOf('Statistiques')).toBe('statistics');
    expect(categoryOf(`Statistiques ${'x'.repeat(27)}`)).toBe('statistics');
    expect(categoryOf(`Statistiques ${'x'.repeat(28)}`)).toBeUndefined();
    expect(categoryOf(`Nos statistiques de fréquentation sont publiées chaque mois`)).toBeUndefined();
    expect(categoryOf(`Nos cookies statistiques sont déposés à chaque visite du portail`)).toBe('statistics');
    expect(categoryOf('Autres informations')).toBeUndefined();
  });
});
