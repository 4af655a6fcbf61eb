// Tables copied without their separators, line by line: which lines are headers and in what column
// order, and how a row's words split into provider, service, names, lifetime and purpose.
import { describe, expect, it } from 'vitest';
import { readSpacedHeader, readSpacedRow } from '../../src/core/policy/spaced-rows.ts';

const row = (header: string, line: string, providers: string[] = []) => readSpacedRow(line, readSpacedHeader(header)!, new Set(providers));

describe('header lines', () => {
  it('reads the columns of a header in any order and language, labels of several words included', () => {
    expect(readSpacedHeader('Supplier name Cookie name Duration Function')).toEqual(['provider', 'name', 'lifetime', 'purpose']);
    expect(readSpacedHeader('Nom du fournisseur Nom du cookie Durée Finalité')).toEqual(['provider', 'name', 'lifetime', 'purpose']);
    expect(readSpacedHeader('Fournisseur Service Nom Finalité')).toEqual(['provider', 'service', 'name', 'purpose']);
    expect(readSpacedHeader('Nom du cookie Fournisseur Durée')).toEqual(['name', 'provider', 'lifetime']);
    expect(readSpacedHeader('Duration Function Purpose Cookie')).toEqual(['lifetime', 'purpose', 'name']);
    expect(readSpacedHeader('Anbieter Cookie-Name Zweck Speicherdauer')).toEqual(['provider', 'name', 'purpose', 'lifetime']);
    expect(readSpacedHeader('Provider Cookie Purpose Duration Service Category')).toEqual(['provider', 'name', 'purpose', 'lifetime', 'service', 'category']);
  });

  it('takes the label that says "cookie" as the name column when the header says it', () => {
    expect(readSpacedHeader('Provider Name Cookie Purpose')).toEqual(['provider', 'name', 'purpose']);
    expect(readSpacedHeader('Cookie name Provider name Purpose')).toEqual(['name', 'provider', 'purpose']);
  });

  it('splits on any run of white space, tabs included', () => {
    expect(readSpacedHeader('Provider  Cookie \t Purpose')).toEqual(['provider', 'name', 'purpose']);
  });

  it('refuses sentences, lines of fewer than three columns or over sixteen words, and lines with no name column', () => {
    for (const line of [
      'Provider Cookie Duration Purpose.',
      'Provider Cookie Purpose:',
      'Provider Cookie',
      'Provider Service Cookie Duration Purpose Extra words here and more words to go beyond sixteen words',
      'Provider Function Duration',
      `Provider Cookie ${'Purpose'.repeat(25)}`,
    ]) expect(readSpacedHeader(line), line).toBeUndefined();
  });

  it('refuses a label starting or ending with a little word, and a column named twice', () => {
    for (const line of ['the Provider Cookie Purpose', 'Provider Cookie Purpose the', 'Cookie Cookie Purpose', 'Provider Provider Cookie']) {
      expect(readSpacedHeader(line), line).toBeUndefined();
    }
  });
});

describe('rows under a header', () => {
  it('splits provider, names, a lifetime with its qualifier, and the purpose', () => {
    const header = 'Provider Cookie Duration Purpose';
    expect(row(header, 'Google _ga, _gid 13 months Audience')).toEqual({ names: '_ga, _gid', fields: { provider: 'Google', lifetime: '13 months', purpose: 'Audience' } });
    expect(row(header, 'Google _ga and _gid 13 mois Audience')?.names).toBe('_ga and _gid');
    expect(row(header, 'Google _ga et _gid 1,5 ans par défaut Audience')).toEqual({ names: '_ga et _gid', fields: { provider: 'Google', lifetime: '1,5 ans par défaut', purpose: 'Audience' } });
    expect(row(header, 'Huwise sessionid Session Authentication')?.fields).toEqual({ provider: 'Huwise', lifetime: 'Session', purpose: 'Authentication' });
  });

  it('leaves the lifetime out when the words after the names do not start with one', () => {
    expect(row('Provider Cookie Duration Purpose', 'Huwise sessionid Auth: keep 2 weeks')?.fields).toEqual({ provider: 'Huwise', lifetime: 'Auth: keep 2 weeks' });
    expect(row('Provider Cookie Duration', 'Huwise sessionid')?.fields).toEqual({ provider: 'Huwise' });
  });

  it('takes a lifetime that ends the row when the lifetime column comes last', () => {
    expect(row('Provider Cookie Purpose Duration', 'Google _ga Audience of 3 pages 13 months')?.fields).toEqual({ provider: 'Google', purpose: 'Audience of 3 pages', lifetime: '13 months' });
    expect(row('Provider Cookie Purpose Duration', 'Google _ga Audience')?.fields).toEqual({ provider: 'Google', purpose: 'Audience' });
  });

  it('splits provider and service by the providers of the rows above, else one word for the provider', () => {
    const header = 'Provider Service Cookie Purpose';
    expect(row(header, 'Google Ireland Limited Google Analytics _ga Audience', ['Google Ireland Limited'])?.fields).toEqual({ provider: 'Google Ireland Limited', service: 'Google Analytics', purpose: 'Audience' });
    expect(row(header, 'Google Ireland Google Analytics _ga Audience', ['Google Ireland'])?.fields).toEqual({ provider: 'Google Ireland', service: 'Google Analytics', purpose: 'Audience' });
    expect(row(header, 'Google Ireland Limited Google Analytics _ga Audience')?.fields).toEqual({ provider: 'Google', service: 'Ireland Limited Google Analytics', purpose: 'Audience' });
    expect(row('Provider Service Category Cookie', 'Opendatasoft Auth Necessary More sessionid')?.fields).toEqual({ provider: 'Opendatasoft', service: 'Auth', category: 'Necessary More' });
  });

  it('does not take the words in brackets or little words for the lead’s length', () => {
    expect(row('Provider Service Cookie Purpose', "Matomo Mesure d'audience (front et back) _pk_id.* Audience")?.fields).toEqual({ provider: 'Matomo', service: "Mesure d'audience (front et back)", purpose: 'Audience' });
    expect(row('Provider Service Cookie Purpose', 'Opendatasoft API (CSRF) csrftoken Security')?.fields.service).toBe('API (CSRF)');
    expect(row('Provider Cookie Purpose', 'Bb of the Cc Dd Ee _ga x')?.fields.provider).toBe('Bb of the Cc Dd Ee');
  });

  it('reads no row from a sentence, nor from a lead longer than a provider', () => {
    expect(row('Provider Cookie Purpose', 'We removed Google Analytics in 2023: the _ga and _gid cookies')).toBeUndefined();
    expect(row('Provider Cookie Purpose', 'Bb Cc Dd Ee Ff _ga x')).toBeUndefined();
    expect(row('Provider Cookie Purpose', "Nous n'utilisons pas. _ga ni sessionid")).toBeUndefined();
    // The names cannot start the row when a column comes before them.
    expect(row('Provider Cookie Purpose', '_ga Google')).toBeUndefined();
  });

  it('tells a name by its shape: underscores, dots, capitals inside, digits beside letters, long capitals, known names', () => {
    const names = (word: string) => row('Provider Cookie Purpose', `Xx ${word} purpose`)?.names;
    for (const word of ['_hjSessionUser_123', 'mySession', 'abc1', '1abc', 'JSESSIONID', 'a.b', 'pk.*', 'sessionid', 'csrftoken', '_ga;']) expect(names(word), word).toBe(word);
    for (const word of ['2023', 'API', 'CSRF', 'session', 'Audience', 'a.', 'Google.']) expect(names(word), word).toBeUndefined();
  });

  it('keeps "and", "et", "/" between names, and stops at the first word after the names', () => {
    expect(row('Provider Cookie Purpose', 'Xx _ga / _gid ou _gat and more')).toEqual({ names: '_ga / _gid ou _gat', fields: { provider: 'Xx', purpose: 'and more' } });
    expect(row('Provider Cookie Purpose', 'Xx _ga and')?.names).toBe('_ga');
  });

  it('gives the text after the names to the purpose, or to the last text column, trimmed of dashes and colons', () => {
    expect(row('Provider Cookie Service Purpose', 'Huwise sessionid Auth keeps you')?.fields).toEqual({ provider: 'Huwise', purpose: 'Auth keeps you' });
    expect(row('Provider Cookie Service', 'Huwise sessionid Auth keeps you')?.fields).toEqual({ provider: 'Huwise', service: 'Auth keeps you' });
    expect(row('Provider Cookie Purpose', 'Xx _ga : – Audience –')?.fields).toEqual({ provider: 'Xx', purpose: 'Audience' });
    expect(row('Provider Cookie Purpose', 'Xx _ga :')?.fields).toEqual({ provider: 'Xx' });
    expect(row('Cookie Provider Purpose', 'sessionid Huwise keeps you in')).toEqual({ names: 'sessionid', fields: { purpose: 'Huwise keeps you in' } });
  });
});

describe('spaced rows at their bounds', () => {
  it('reads a header of up to 160 characters and 16 words, three words at least', () => {
    expect(readSpacedHeader('Provider Cookie Purpose')).toEqual(['provider', 'name', 'purpose']);
    expect(readSpacedHeader(`Cookie Provider${' '.repeat(138)}Purpose`)).toEqual(['name', 'provider', 'purpose']);
    expect(readSpacedHeader(`Cookie Provider${' '.repeat(139)}Purpose`)).toBeUndefined();
    expect(readSpacedHeader('Nom du cookie Nom du fournisseur Durée de conservation Finalité et service Type de cookie')).toBeDefined();
    expect(readSpacedHeader(`Provider Cookie ${'Purpose '.repeat(14).trim()}`)).toBeUndefined();
  });

  it('reads lifetimes with decimals, units in any case, and qualifiers, in the first ten words only', () => {
    expect(row('Provider Cookie Duration Purpose', 'Xx _ga 1.5 MONTHS maximum Audience')?.fields).toEqual({ provider: 'Xx', lifetime: '1.5 MONTHS maximum', purpose: 'Audience' });
    expect(row('Provider Cookie Duration Purpose', `Xx _ga ${'w '.repeat(10)}13 months`)?.fields.lifetime).toBeUndefined();
    expect(row('Provider Cookie Duration Purpose', 'Xx _ga Sessions end')?.fields).toEqual({ provider: 'Xx', purpose: 'Sessions end' });
    expect(row('Provider Cookie Duration Purpose', 'Xx _ga session Audience')?.fields).toEqual({ provider: 'Xx', lifetime: 'session', purpose: 'Audience' });
    expect(row('Provider Cookie Purpose Duration', 'Xx _ga 13 months of data, kept 2 days')?.fields).toEqual({ provider: 'Xx', purpose: '13 months of data, kept', lifetime: '2 days' });
    expect(row('Provider Cookie Purpose Duration', 'Xx _ga 13 months')?.fields).toEqual({ provider: 'Xx', lifetime: '13 months' });
  });

  it('takes the longest known provider of three words, and splits three columns before the names', () => {
    expect(row('Provider Service Cookie', 'Google Ireland Limited Analytics _ga', ['Google Ireland Limited', 'Google'])?.fields).toEqual({ provider: 'Google Ireland Limited', service: 'Analytics' });
    expect(row('Provider Service Category Cookie', 'Acme Auth Tech Necessary _x', ['Acme'])?.fields).toEqual({ provider: 'Acme', service: 'Auth', category: 'Tech Necessary' });
  });

  it('reads names followed by commas, and never a number or a unit as a name', () => {
    expect(row('Provider Cookie Purpose', 'Xx _ga,, _gid; x')?.names).toBe('_ga,, _gid;');
    expect(row('Provider Cookie Purpose', 'Xx 12345 _ga x')).toEqual({ names: '_ga', fields: { provider: 'Xx 12345', purpose: 'x' } });
    expect(row('Provider Cookie Purpose', 'Xx 1.5 MONTHS _ga x')).toEqual({ names: '_ga', fields: { provider: 'Xx 1.5 MONTHS', purpose: 'x' } });
  });

  it('stops the lead at a word ending a clause outside brackets, not inside them', () => {
    expect(row('Provider Service Cookie Purpose', 'Acme (front: back) _ga x')?.fields).toEqual({ provider: 'Acme', service: '(front: back)', purpose: 'x' });
    expect(row('Provider Service Cookie Purpose', 'Acme front: _ga x')).toBeUndefined();
  });
});

