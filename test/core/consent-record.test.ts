// The platform's consent record read as it is found on real portals, never trusted: encodings,
// timestamps in seconds or milliseconds, unknown keys counted and not reported, garbage named.
// And the policy sentence that claims an exemption for audience measurement, found or not.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exemptionClaim } from '../../src/core/consent/exemption-claim.ts';
import { readConsent } from '../../src/core/consent/read-consent.ts';
import { readConsentValue } from '../../src/core/consent/managers/opendatasoft-record.ts';

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe('cookies_preferences', () => {
  it('reads choices of the keys the platform writes, and counts the others without naming them', () => {
    expect(readConsentValue(enc({ functional_cookies: true, ga: false, matomo: 'true', xiti: 'false', secret_key: true, piano: 'maybe' }))).toEqual({
      status: 'chosen', manager: 'opendatasoft', choice: 'mixed', choices: { functional_cookies: true, ga: false, matomo: true, xiti: false }, otherKeys: 2,
    });
    expect(readConsentValue(enc({ at: true, eulerian: false }))).toEqual({ status: 'chosen', manager: 'opendatasoft', choice: 'mixed', choices: { at: true, eulerian: false } });
  });

  it('takes a timestamp in seconds, milliseconds or as a date, and drops one out of range', () => {
    const at = (timestamp: unknown) => (readConsentValue(enc({ ga: true, timestamp })) as { timestamp?: string }).timestamp;
    expect(at(1_763_900_000)).toBe('2025-11-23T12:13:20.000Z');
    expect(at(1_763_900_000_000)).toBe('2025-11-23T12:13:20.000Z');
    expect(at('2025-11-23T12:13:20Z')).toBe('2025-11-23T12:13:20.000Z');
    expect(at(946_684_799)).toBeUndefined(); // 1999
    expect(at(7_258_118_400_000)).toBeUndefined(); // 2200
    expect(at('soon')).toBeUndefined();
    expect(at(true)).toBeUndefined();
    expect(at(946_684_800)).toBe('2000-01-01T00:00:00.000Z'); // the first second allowed
  });

  it('decodes a value encoded twice, and no more than three times', () => {
    expect(readConsentValue(encodeURIComponent(enc({ ga: true })))).toMatchObject({ status: 'chosen', choices: { ga: true } });
    expect(readConsentValue(JSON.stringify({ ga: false }))).toMatchObject({ status: 'chosen', choices: { ga: false } });
    const four = encodeURIComponent(encodeURIComponent(encodeURIComponent(enc({ ga: true }))));
    expect(readConsentValue(four).status).toBe('unreadable');
  });

  it('names what is wrong with a value it cannot read', () => {
    expect(readConsentValue('%E0%A4%A')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-url-encoded' });
    expect(readConsentValue('{not json')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-json' });
    expect(readConsentValue('[true]')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-an-object' });
    expect(readConsentValue('null')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-an-object' });
    expect(readConsentValue(enc({ other: true, more: 1 }))).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'no-known-choice', otherKeys: 2 });
    expect(readConsentValue(enc({}))).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'no-choice' });
    expect(readConsentValue(enc({ timestamp: 1_763_900_000 }))).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'no-choice' });
  });

  it('reads the jar: no record is no choice yet', () => {
    expect(readConsent([{ name: 'sessionid', value: 'x', domain: 'a', path: '/' }])).toEqual({ status: 'no-choice' });
    expect(readConsent([{ name: 'cookies_preferences', value: enc({ ga: true }), domain: 'a', path: '/' }])).toMatchObject({ status: 'chosen' });
    expect(readConsent([{ name: 'cookies_preferences', domain: 'a', path: '/' } as never])).toMatchObject({ status: 'unreadable' });
  });
});

describe('cookies_preferences at its edges', () => {
  it('takes 10^12 as milliseconds, and below as seconds', () => {
    expect(readConsentValue(enc({ ga: true, timestamp: 1e12 }))).toMatchObject({ timestamp: '2001-09-09T01:46:40.000Z' });
    expect(readConsentValue(enc({ ga: true, timestamp: 1e12 - 1 }))).not.toHaveProperty('timestamp');
  });

  it('decodes only what is percent-encoded, and reads only the first 10,000 characters', () => {
    expect(readConsentValue('{"ga":true,"note":"5%a"}')).toEqual({ status: 'chosen', manager: 'opendatasoft', choice: 'accept-all', choices: { ga: true }, otherKeys: 1 });
    expect(readConsentValue(`{"ga":true,"pad":"${'x'.repeat(10_000)}"}`)).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-json' });
  });

  it('names a record that is no object of choices, and a cookie without a value', () => {
    expect(readConsentValue('null')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-an-object' });
    expect(readConsentValue('[{"ga":true}]')).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-an-object' });
    expect(readConsent([{ name: 'cookies_preferences' } as never])).toEqual({ status: 'unreadable', manager: 'opendatasoft', problem: 'not-json' });
  });
});

describe('a policy claiming its audience measurement is exempt from consent', () => {
  it('finds the sentence, in French and English, and only one that speaks of audience measurement', () => {
    expect(exemptionClaim("Nos cookies. La mesure d'audience (Matomo) est exemptée de consentement selon la CNIL. Autre phrase.")).toBe("La mesure d'audience (Matomo) est exemptée de consentement selon la CNIL.");
    expect(exemptionClaim('Intro!\nWeb analytics run without your consent, as the CNIL allows.')).toBe('Web analytics run without your consent, as the CNIL allows.');
    expect(exemptionClaim("Ce service ne nécessite pas votre consentement. Nous n'utilisons pas de mesure d'audience.")).toBeUndefined();
    expect(exemptionClaim('Matomo measures visits. It requires your consent.')).toBeUndefined();
    expect(exemptionClaim('')).toBeUndefined();
    // The first sentence that says both: one that is only exempt is passed over, the next read whole.
    expect(exemptionClaim('Les cookies techniques sont exemptés de consentement. Vraiment ?  Oui.\nMatomo, notre mesure d\'audience, est exempté de consentement! Fin.')).toBe("Matomo, notre mesure d'audience, est exempté de consentement!");
  });

  it('skips sentences too long to be a claim, and reads only the first 2 MB', () => {
    expect(exemptionClaim(`Matomo is exempt from consent ${'and so on '.repeat(70)}.`)).toBeUndefined();
    expect(exemptionClaim(`${'x'.repeat(2_000_001)}\nMatomo is exempt from consent.`)).toBeUndefined();
    expect(exemptionClaim(`${'x. '.repeat(10)}Matomo is exempt from consent.`)).toBe('Matomo is exempt from consent.');
  });
});

describe('the exemption claim, read around matches only', () => {
  // What it was: every sentence cut out, in order, and each tested.
  const reference = (text: string) => {
    const EXEMPT = /exempt|exon[ée]r|dispens[ée]|sans (?:votre |le |recueil(?:lir)? (?:de |du )?)?consentement|(?:ne |n')(?:n[ée]cessit|requi[eè]r|est pas soumis)\w* (?:pas )?(?:de |à |au |votre |le |l')?(?:votre |le |l')?consentement|without (?:your |the user'?s? |prior )?consent|(?:does|do) not require (?:your |the user'?s? |prior )?consent|not subject to (?:your |the user'?s? |prior )?consent/i;
    const AUDIENCE = /mesure d'audience|mesure de (?:la )?fr[ée]quentation|audience measurement|web analytics|matomo|piano|at internet|xiti|eulerian|statistiques? de (?:fr[ée]quentation|visite)/i;
    for (const sentence of text.slice(0, 2_000_000).split(/(?<=[.!?])\s+|\n+/)) {
      if (sentence.length > 600) continue;
      if (EXEMPT.test(sentence) && AUDIENCE.test(sentence)) return sentence.trim();
    }
    return undefined;
  };
  const pieces = ['Matomo', ' est exempté de consentement', ' without your consent', "mesure d'audience", ' Piano', '. ', '! ', '? ', '.', '\n', '\n\n', ' ', '  ', '\t', 'x'.repeat(150), 'exempt', 'Les cookies', ' sans consentement', ' dispensé', 'n\'est pas soumis au consentement'];

  it('finds the sentence the sentence-by-sentence reading found, in any text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      expect(exemptionClaim(text)).toBe(reference(text));
    }), { numRuns: 3_000 });
  });

  it('takes a sentence of 600 characters, not one of 601', () => {
    const claim = (n: number) => `Matomo est exempté de consentement ${'x'.repeat(n - 36)}.`;
    expect(claim(600)).toHaveLength(600);
    expect(exemptionClaim(`Intro. ${claim(600)} Fin.`)).toBe(claim(600));
    expect(exemptionClaim(`Intro. ${claim(601)} Fin.`)).toBeUndefined();
  });
});

