// Orejime's and vanilla-cookieconsent's records, as the real libraries write them (values copied
// from the libraries' cookies in Chromium): what counts as a refusal, an acceptance or a mix, and a
// record set directly reads back as the choice it stands for.
import { describe, expect, it } from 'vitest';
import { managerById } from '../../src/core/consent/managers/index.ts';
import { readCookieConsent } from '../../src/core/consent/managers/cookieconsent.ts';

const jar = (name: string, value: string) => [{ name: 'other', value: 'x' }, { name, value }];
const cc = (categories: string[], all: string[]) => encodeURIComponent(JSON.stringify({ categories, revision: 0, data: null, consentId: 'd3e3', services: Object.fromEntries(all.map((c) => [c, []])), languageCode: 'fr' }));

describe('Orejime: eu-consent (or orejime), per-purpose booleans', () => {
  const o = managerById('orejime');
  it('reads the real library\'s record, partly URL-encoded, under either name', () => {
    expect(o.recorded(jar('eu-consent', '{%22analytics%22:false}'))).toBe('refuse-all');
    expect(o.recorded(jar('eu-consent', '{%22analytics%22:true,%22video%22:true}'))).toBe('accept-all');
    expect(o.recorded(jar('orejime', encodeURIComponent('{"analytics":true,"video":false}')))).toBe('mixed');
    expect(o.recorded(jar('eu-consent', 'broken{'))).toBeUndefined();
    expect(o.recorded(jar('klaro', '{%22analytics%22:false}'))).toBeUndefined();
    expect(o.keysOf(jar('eu-consent', '{%22analytics%22:false,%22video%22:true}'))).toEqual(['analytics', 'video']);
  });
  it('writes a record that reads back as the choice', () => {
    for (const choice of ['refuse-all', 'accept-all'] as const) {
      const record = o.record(choice, ['analytics', 'video']);
      expect(record.name).toBe('eu-consent');
      expect(o.recorded([record])).toBe(choice);
    }
  });
  it('finds the DSFR build\'s buttons by their exact words, never « Configurer »', () => {
    const accept = new RegExp(o.rule.acceptAll!.names!, 'i');
    const refuse = new RegExp(o.rule.refuseAll!.names!, 'i');
    expect(['Accepter', 'Tout accepter', 'Accept all'].every((l) => accept.test(l))).toBe(true);
    expect(['Refuser', 'Tout refuser', 'Decline'].every((l) => refuse.test(l))).toBe(true);
    for (const other of ['Configurer', 'Refuser', 'Accepter les cookies de mesure']) expect(accept.test(other), other).toBe(false);
    expect(refuse.test('Accepter')).toBe(false);
  });
});

describe('vanilla-cookieconsent: cc_cookie, the accepted categories among the configured ones', () => {
  const v = managerById('cookieconsent');
  it('reads a refusal (only the necessary category), an acceptance and a mix', () => {
    expect(v.recorded(jar('cc_cookie', cc(['necessary'], ['necessary', 'analytics'])))).toBe('refuse-all');
    expect(v.recorded(jar('cc_cookie', cc(['necessary', 'analytics'], ['necessary', 'analytics'])))).toBe('accept-all');
    expect(v.recorded(jar('cc_cookie', cc(['necessary', 'analytics'], ['necessary', 'analytics', 'ads'])))).toBe('mixed');
    expect(v.recorded(jar('cc_cookie', cc([], ['analytics'])))).toBe('refuse-all');
    expect(v.recorded(jar('cc_cookie', '%7Bnot json'))).toBeUndefined();
    expect(v.recorded(jar('cc_cookie', encodeURIComponent('{"categories":"all"}')))).toBeUndefined();
    expect(v.recorded([{ name: 'other', value: 'x' }])).toBeUndefined();
  });
  it('lists every configured category, accepted or not', () => {
    expect(readCookieConsent(cc(['necessary'], ['necessary', 'analytics']))).toEqual({ accepted: ['necessary'], all: ['necessary', 'analytics'] });
    expect(v.keysOf(jar('cc_cookie', cc(['necessary'], ['necessary', 'analytics'])))).toEqual(['necessary', 'analytics']);
  });
  it('writes a record that reads back as the choice', () => {
    for (const choice of ['refuse-all', 'accept-all'] as const) {
      const record = v.record(choice, ['necessary', 'analytics']);
      expect(record.name).toBe('cc_cookie');
      expect(v.recorded([record])).toBe(choice);
    }
  });
});
