import { describe, expect, it } from 'vitest';
import { looksLikeCookieName, normalisePlaceholders, readNames } from '../../src/core/policy/cookie-names.ts';

describe('reading a name cell', () => {
  it.each([
    ['sessionid', ['sessionid']],
    ['_ga, _gid', ['_ga', '_gid']],
    ['_hjSessionUser; _hjid', ['_hjSessionUser', '_hjid']],
    ['_ga / _gid', ['_ga', '_gid']],
    ['_pk_id et _pk_ses', ['_pk_id', '_pk_ses']],
    ['atuserid and _pcid', ['atuserid', '_pcid']],
    ['_ga\n_gid', ['_ga', '_gid']],
    ['_pk_id.*', ['_pk_id.*']],
    ['_ga_<ID>', ['_ga_*']],
    ['_ga_{container-id}', ['_ga_*']],
    ['_pk_ref.[id]', ['_pk_ref.*']],
    ['_hjSession_XXXXXX', ['_hjSession_*']],
    ['_hjSessionUser_xxxx', ['_hjSessionUser_*']],
    ['_BEAMER*', ['_BEAMER*']],
    ['any cookie starting with _hs', ['_hs*']],
    ['les cookies commençant par _pk_', ['_pk_*']],
    ['« sessionid » (Django)', ['sessionid']],
    ['`csrftoken`', ['csrftoken']],
  ])('%j declares %j', (cell, patterns) => {
    expect(readNames(cell).patterns).toEqual(patterns);
  });

  it('does not take a service name for a cookie name', () => {
    const reading = readNames('Google Analytics');
    expect(reading.patterns).toEqual([]);
    expect(reading.doubts).toEqual(['Google Analytics']);
  });

  it('picks the names out of a sentence and says it was unsure', () => {
    const reading = readNames('le cookie _ga de Google');
    expect(reading.patterns).toEqual(['_ga']);
    expect(reading.doubts.length).toBe(1);
  });
});

describe('what a name cell may hold', () => {
  it.each([
    ['_ga_###', '_ga_*'], ['_ga_nnnn', '_ga_*'], ['id_0000', 'id_*'], ['XXX_ga', '*_ga'], ['a.xxx.b', 'a.*.b'],
    ['trk…', 'trk*'], ['trk...', 'trk*'], ['a**b', 'a*b'], ['_hj_##_x', '_hj_*_x'],
    // No placeholder: left as written, dots inside included.
    ['a...b', 'a...b'], ['abc', 'abc'], ['session_nn', 'session_nn'],
  ])('%j is written %j', (cell, pattern) => {
    expect(normalisePlaceholders(cell)).toBe(pattern);
  });

  it('tells a cookie name from a word: identifiers, lower-case words of three letters or more, inner capitals', () => {
    for (const word of ['session', 'ses', 'myCookie', 'MyCookie', 'JSESSIONID', 'AWSALB-2', 'CookieConsent2', '_ga', 'a'.repeat(200)]) expect(looksLikeCookieName(word), word).toBe(true);
    for (const word of ['se', 'Cookie', 'COOKIES', 'Abc', 'Note', 'voir', 'Cookie-Name', 'é_x', 'a b', 'a'.repeat(201)]) expect(looksLikeCookieName(word), word).toBe(false);
  });

  it('reads names with their bullets, quotes, brackets and final punctuation taken off, a leading wildcard kept', () => {
    for (const [cell, patterns] of [
      ['• _ga', ['_ga']], ['* _ga', ['_ga']], ['- _ga', ['_ga']], ['*_id', ['*_id']], ['"_ga";', ['_ga']],
      ['sessionid (Django).', ['sessionid']], ['–, _ga', ['_ga']], ['x*', ['x*']],
    ] as const) expect(readNames(cell).patterns, cell).toEqual(patterns);
  });

  it('reads names "containing" a part as wildcards on both sides', () => {
    expect(readNames('cookies containing _hs')).toEqual({ patterns: ['*_hs*'], doubts: ['cookies'] });
    expect(readNames('les cookies contenant « trk »').patterns).toEqual(['*trk*']);
  });

  it('in a name column, takes any token; out of one (strict), only what reads as a name', () => {
    expect(readNames('ab, _ga')).toEqual({ patterns: ['ab', '_ga'], doubts: [] });
    expect(readNames('ab, _ga', true)).toEqual({ patterns: ['_ga'], doubts: ['ab'] });
    expect(readNames('Session')).toEqual({ patterns: ['Session'], doubts: [] });
    expect(readNames('Session', true)).toEqual({ patterns: [], doubts: ['Session'] });
  });

  it('declares nothing from a dash, a lone wildcard, a number or capitalised words in prose', () => {
    expect(readNames('—')).toEqual({ patterns: [], doubts: [] });
    expect(readNames('*')).toEqual({ patterns: [], doubts: [] });
    expect(readNames('starting with *')).toEqual({ patterns: [], doubts: [] });
    expect(readNames('the Session 2 things')).toEqual({ patterns: [], doubts: ['the Session 2 things'] });
    expect(readNames('le cookie Analytics de Google').patterns).toEqual([]);
    expect(readNames('le cookie myCookie')).toEqual({ patterns: ['myCookie'], doubts: ['le cookie myCookie'] });
  });

  it('doubts a short word beside names only when it is more than three letters', () => {
    expect(readNames('_ga, ab x')).toEqual({ patterns: ['_ga'], doubts: ['ab x'] });
    expect(readNames('_ga, a b')).toEqual({ patterns: ['_ga'], doubts: [] });
    expect(readNames('a b')).toEqual({ patterns: [], doubts: ['a b'] });
  });
});
