import { describe, expect, it } from 'vitest';
import { readNames } from '../../src/core/policy/cookie-names.ts';

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
