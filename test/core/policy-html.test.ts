// HTML policies as portals and vendors publish them: the three Opendatasoft layouts, spans,
// tables without a header, policies written as lists, and pages full of unrelated markup.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import type { CatalogueEntry } from '../../src/core/types.ts';

const read = (name: string) => readPolicy(readFileSync(new URL(`../fixtures/html/${name}`, import.meta.url), 'utf8'));
const patterns = (entries: CatalogueEntry[]) => entries.map((e) => e.pattern);
const byPattern = (entries: CatalogueEntry[], pattern: string) => entries.find((e) => e.pattern === pattern);

describe('HTML policies', () => {
  it('reads the older Opendatasoft layout with categories from the headings above each table', () => {
    const { language, entries, warnings } = read('older-layout-fr.html');
    expect(language).toBe('fr');
    expect(patterns(entries)).toEqual(['sessionid', 'django_language', 'csrftoken', 'cookies_preferences', '_ga', '_gid', '_pk_id.*', '_pk_ses.*']);
    expect(byPattern(entries, 'sessionid')).toEqual({
      pattern: 'sessionid',
      provider: 'Opendatasoft',
      service: 'Authentification (front et back office)',
      purpose: "Se souvenir de l'utilisateur d'une page à une autre.",
      category: 'necessary',
    });
    expect(byPattern(entries, '_gid')).toMatchObject({ provider: 'Google', category: 'statistics', purpose: "Mesurer l'audience du portail" });
    expect(byPattern(entries, '_pk_ses.*')?.provider).toBe('Matomo');
    expect(warnings).toEqual([]);
  });

  it('reads the newer layout, drops the column labels repeated in cells and keeps durations as written', () => {
    const { language, entries } = read('newer-layout-en.html');
    expect(language).toBe('en');
    expect(patterns(entries)).toEqual(['sessionid', 'csrftoken', '_ga_*', '_hjSession_*', '_hjSessionUser_*']);
    expect(byPattern(entries, 'sessionid')).toEqual({
      pattern: 'sessionid',
      provider: 'Opendatasoft',
      purpose: 'Keeps you logged in from one page to another',
      lifetime: '2 weeks',
      category: 'necessary',
    });
    expect(byPattern(entries, 'csrftoken')?.lifetime).toBe('up to 12 months');
    expect(byPattern(entries, '_ga_*')).toMatchObject({ lifetime: '13 months', category: 'statistics' });
  });

  it("reads the vendor site's layout, one table per heading, and warns about rows without a name", () => {
    const { entries, warnings } = read('vendor-layout-fr.html');
    expect(patterns(entries)).toEqual(['sessionid', '__hssc', '__hssrc', 'bcookie', 'lidc']);
    expect(byPattern(entries, 'sessionid')?.category).toBe('functional');
    expect(byPattern(entries, 'lidc')?.category).toBe('advertising');
    expect(warnings).toEqual(['Table 1, row 2: no cookie name (Opendatasoft); row skipped.']);
  });

  it('spreads rowspan cells over their rows and takes spanning rows as section titles', () => {
    const { entries } = read('rowspan-fr.html');
    expect(entries.map((e) => [e.pattern, e.provider, e.category, e.lifetime])).toEqual([
      ['sessionid', 'Opendatasoft', 'necessary', 'Session'],
      ['csrftoken', 'Opendatasoft', 'necessary', '1 an'],
      ['cookies_preferences', 'Opendatasoft', 'necessary', '13 mois'],
      ['atuserid', 'AT Internet', 'statistics', '13 mois'],
      ['atidvisitor', 'AT Internet', 'statistics', '13 mois'],
    ]);
  });

  it('guesses the columns of a table without a header row, and says so', () => {
    const { entries, warnings } = read('no-header-en.html');
    expect(entries).toEqual([
      { pattern: 'sessionid', provider: 'Opendatasoft', purpose: 'Remembers the logged-in user between pages' },
      { pattern: 'django_language', provider: 'Opendatasoft', purpose: 'Remembers the language the visitor chose' },
      { pattern: '_BEAMER_USER_ID_*', provider: 'Beamer', purpose: 'Shows product news to back-office users' },
    ]);
    expect(warnings).toEqual(['Table 1 has no header row: its columns were guessed (cookie names in column 2).']);
  });

  it('reads a policy written as lists, and ignores prose that only looks like "label: text"', () => {
    const { entries } = read('list-policy-fr.html');
    expect(entries).toEqual([
      { pattern: 'sessionid', purpose: "conserve votre connexion d'une page à l'autre.", category: 'necessary' },
      { pattern: 'csrftoken', purpose: 'protège les formulaires contre la falsification de requêtes.', category: 'necessary' },
      { pattern: '_pk_id.*', purpose: "Matomo, mesure d'audience anonymisée. Durée : 13 mois", lifetime: '13 mois', category: 'statistics' },
      { pattern: '_pk_ses.*', purpose: "Matomo, mesure d'audience anonymisée. Durée : 13 mois", lifetime: '13 mois', category: 'statistics' },
    ]);
  });

  it('joins cells broken by <br> and <p>, splits several names, and warns about what it skipped or doubted', () => {
    const { entries, warnings } = read('inline-markup-en.html');
    expect(patterns(entries)).toEqual(['_hjSessionUser', '_hjid', '_hjSession_*', '_hs*']);
    expect(byPattern(entries, '_hjid')).toMatchObject({ service: 'Heatmaps (front office)', purpose: 'Understand how visitors use pages', category: 'statistics' });
    expect(warnings).toEqual([
      'Table 1, row 2: unsure of "any cookie starting with _hs"; read as _hs*.',
      'Table 1, row 3: "Google Analytics" is not a cookie name; row skipped.',
    ]);
  });

  it('ignores scripts, noscript, layout tables and navigation, and decodes entities', () => {
    const { entries, warnings } = read('noisy-page-fr.html');
    expect(entries).toEqual([
      { pattern: '_BEAMER*', provider: 'Beamer', purpose: 'Notifications des nouveautés', category: 'third-party' },
      { pattern: '_pcid', provider: 'Piano & AT Internet', purpose: "Mesure d'audience", category: 'third-party' },
      { pattern: '_pctx', provider: 'Piano & AT Internet', purpose: "Mesure d'audience", category: 'third-party' },
    ]);
    expect(warnings).toEqual([]);
  });
});
