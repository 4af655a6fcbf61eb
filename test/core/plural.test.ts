// Counts in words, in each language's plural form: "1 cookie", never "1 cookies"; French counts 0
// and 1 as singular.
import { describe, expect, it } from 'vitest';
import { consentWords } from '../../src/core/consent/consent-words.ts';
import { reportText } from '../../src/core/report/report-strings.ts';
import { countKey } from '../../src/core/text/plural.ts';

describe('counted messages', () => {
  it('take the singular where the language says one', () => {
    expect(countKey('thirdPartyCookies', 1, 'en')).toBe('thirdPartyCookies_one');
    expect(countKey('thirdPartyCookies', 0, 'en')).toBe('thirdPartyCookies');
    expect(countKey('thirdPartyCookies', 2, 'en')).toBe('thirdPartyCookies');
    expect(countKey('thirdPartyCookies', 0, 'fr')).toBe('thirdPartyCookies_one');
    expect(countKey('thirdPartyCookies', 1, 'fr')).toBe('thirdPartyCookies_one');
    expect(countKey('thirdPartyCookies', 2, 'fr')).toBe('thirdPartyCookies');
  });

  it('have a singular in both languages for every counted message, and say it', () => {
    for (const language of ['en', 'fr'] as const) {
      const t = reportText(language);
      for (const key of ['optionsRead', 'thirdPartyCookies', 'thirdPartyGrant', 'consentOtherKeys', 'recognisedBy', 'freshVisitConfirm', 'checkConsentConfirm'] as const) {
        expect(t(`${key}_one` as never, '1'), `${language} ${key}`).not.toBe(`${key}_one`);
      }
    }
    const one = { status: 'chosen' as const, choices: { ga: true }, otherKeys: 1 };
    expect(consentWords(one, reportText('en'), 'en')).toContain('1 other key, not reported');
    expect(consentWords({ ...one, otherKeys: 2 }, reportText('en'), 'en')).toContain('2 other keys, not reported');
    expect(consentWords(one, reportText('fr'), 'fr')).toContain('1 autre clé, non reprise');
  });
});
