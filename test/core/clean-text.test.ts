// What a page, a policy or a file put in a name never reaches a report, a terminal or a table as
// anything but text on one line: control characters shown, line breaks as spaces, bidi overrides
// gone, credentials dropped from every URL.
import { describe, expect, it } from 'vitest';
import { cleanStrings, cleanText, withoutCredentials } from '../../src/core/text/clean-text.ts';

describe('text from the outside', () => {
  it('puts every line break and tab on one line as a space, and shows any other control character', () => {
    expect(cleanText('a\tb\nc\rd\ve\ff\u2028g\u2029h')).toBe('a b c d e f g h');
    expect(cleanText('\u001b[31mred\u0007\u0000\u007f\u0085\u009f')).toBe('\ufffd[31mred\ufffd\ufffd\ufffd\ufffd\ufffd');
    // Bidi embeddings, overrides and isolates would reorder what a reader sees.
    expect(cleanText('x\u202a\u202b\u202c\u202d\u202ey\u2066\u2067\u2068\u2069z')).toBe('x\ufffd\ufffd\ufffd\ufffd\ufffdy\ufffd\ufffd\ufffd\ufffdz');
    // Printable text, accents and emoji pass as they are; so do the characters next to the ranges.
    expect(cleanText(' ~\u00a0é€\u2027\u202f\u2065\u206a 🍪')).toBe(' ~\u00a0é€\u2027\u202f\u2065\u206a 🍪');
  });

  it('drops the user name and password of every URL in a text, whatever its scheme', () => {
    expect(withoutCredentials('see https://admin:hunter2@data.example.fr/terms/ and ftp://u@files.example/x')).toBe('see https://data.example.fr/terms/ and ftp://files.example/x');
    expect(withoutCredentials('HTTPS://A:B@x.fr/')).toBe('HTTPS://x.fr/');
    // An @ in a path or a query is not a credential; neither is an e-mail address.
    expect(withoutCredentials('https://x.fr/a@b?c=d@e dpo@example.fr')).toBe('https://x.fr/a@b?c=d@e dpo@example.fr');
  });

  it('cleans every string of a report, keys included, and keeps the rest as it is', () => {
    const date = new Date(0);
    const value = { 'na\nme': ['https://u:p@x.fr/\r', 3, true, null], nested: { deep: '\u202eevil' }, date, missing: undefined };
    expect(cleanStrings(value)).toEqual({ 'na me': ['https://x.fr/ ', 3, true, null], nested: { deep: '\ufffdevil' }, date, missing: undefined });
    // Objects that are not plain (a Date, a class) are not walked into.
    expect(cleanStrings(value).date).toBe(date);
    expect(cleanStrings('plain')).toBe('plain');
  });
});
