// Policies copied as plain text that lost their column separators: the platform's default template
// (English and French) and the older four-column layout, read row by row from the header's columns;
// and a policy in prose that names no cookie, which yields none and says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import { readSpacedHeader, readSpacedRow } from '../../src/core/policy/spaced-rows.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/spaced/${name}`, import.meta.url), 'utf8');

describe('tables copied without separators', () => {
  it("reads the platform's default template (English): four names with their provider, lifetime and function", () => {
    const { entries, warnings, layout } = readPolicy(fixture('default-template-en.txt'));
    expect(entries.map((e) => [e.pattern, e.provider, e.lifetime])).toEqual([
      ['sessionid', 'Huwise', '2 weeks by default'],
      ['csrftoken', 'Huwise', 'Token randomly reset … Up to 12 months'],
      ['django_language', 'Huwise', '12 months'],
      ['cookies_preferences', 'Huwise', '6 months'],
    ]);
    expect(entries[0]!.purpose).toBe('Authentication: remembers the user from one page to another');
    expect(entries.every((e) => e.category === 'necessary')).toBe(true);
    expect(layout).toEqual(['provider', 'name', 'lifetime', 'purpose']);
    expect(warnings).toEqual([]);
  });

  it('reads the French template, whose column labels share words ("Nom du fournisseur Nom du cookie")', () => {
    const { entries } = readPolicy(fixture('default-template-fr.txt'));
    expect(entries.map((e) => [e.pattern, e.provider, e.lifetime])).toEqual([
      ['sessionid', 'Opendatasoft', '2 semaines par défaut'],
      ['csrftoken', 'Opendatasoft', "Jeton renouvelé aléatoirement … Jusqu'à 12 mois"],
      ['django_language', 'Opendatasoft', '12 mois'],
      ['cookies_preferences', 'Opendatasoft', '6 mois'],
    ]);
  });

  it('reads the older layout: provider and service before the names, several names in a row, sections kept', () => {
    const { entries } = readPolicy(fixture('older-layout-fr.txt'));
    expect(entries.map((e) => [e.pattern, e.provider, e.service, e.category])).toEqual([
      ['sessionid', 'Opendatasoft', 'Authentification (front et back office)', 'necessary'],
      ['django_language', 'Opendatasoft', 'Sélection de la langue (front et back office)', 'necessary'],
      ['csrftoken', 'Opendatasoft', 'API (CSRF) (front et back office)', 'necessary'],
      ['_BEAMER*', 'Beamer', 'Notification', 'necessary'],
      ['_pk_id.*', 'Matomo', "Mesure d'audience", 'statistics'],
      ['_pk_ses.*', 'Matomo', "Mesure d'audience", 'statistics'],
    ]);
  });

  it('never makes a name up from prose: a policy naming no cookie yields none and says why', () => {
    const { entries, warnings } = readPolicy(fixture('prose-fr.txt'));
    expect(entries).toEqual([]);
    expect(warnings).toEqual(['No cookie declared: the policy speaks of cookies without naming any (no table or list of cookie names was found).']);
    expect(readPolicy('Bienvenue sur notre portail de données.').warnings).toEqual(['No cookie declared: it never mentions cookies.']);
  });

  it('names a row it could not read, and stops the table there', () => {
    const text = 'Supplier name Cookie name Duration Function\nHuwise sessionid 2 weeks Authentication\nHuwise the session of the back office\nThanks for reading our cookie policy.';
    const { entries, warnings } = readPolicy(text);
    expect(entries.map((e) => e.pattern)).toEqual(['sessionid']);
    expect(warnings).toEqual(['Table 1 (copied without separators), row 2: no cookie name in "Huwise the session of the back office"; row skipped.']);
  });

  it('takes a header only when every group of words names a column, one of them the cookie name', () => {
    expect(readSpacedHeader('Supplier name Cookie name Duration Function')).toEqual(['provider', 'name', 'lifetime', 'purpose']);
    expect(readSpacedHeader('Cookie Purpose Duration')).toEqual(['name', 'purpose', 'lifetime']);
    expect(readSpacedHeader('We use cookies to improve your experience.')).toBeUndefined();
    expect(readSpacedHeader('Provider Purpose Duration')).toBeUndefined();
    // A lifetime at the end of the row, and acronyms of prose that are not names.
    expect(readSpacedRow('_ga Google Analytics API statistics 13 months', ['name', 'purpose', 'lifetime'], new Set())).toEqual({ names: '_ga', fields: { purpose: 'Google Analytics API statistics', lifetime: '13 months' } });
    expect(readSpacedRow('Google API CSRF token', ['provider', 'name', 'purpose'], new Set())).toBeUndefined();
  });
});

describe('prose under a header-like line', () => {
  it('declares nothing from a sentence saying a cookie is not used (French)', () => {
    const { entries, warnings } = readPolicy("Nom du cookie Fournisseur Durée\nNous n'utilisons pas _ga ni sessionid sur ce site depuis 2023.");
    expect(entries).toEqual([]);
    expect(warnings.join(' ')).toMatch(/no row with a cookie name/);
  });

  it('declares nothing from a sentence saying cookies are gone (English)', () => {
    const { entries } = readPolicy('Provider Cookie Duration Purpose\nWe removed Google Analytics in 2023: the _ga and _gid cookies are no longer set.');
    expect(entries).toEqual([]);
  });

  it('still reads a row whose service cell is long and bracketed', () => {
    const { entries } = readPolicy('Nom du prestataire Service et emplacement Nom du cookies Finalités\nOpendatasoft Sélection de la langue (front et back office) django_language Se souvenir de la langue');
    expect(entries).toEqual([{ pattern: 'django_language', provider: 'Opendatasoft', service: 'Sélection de la langue (front et back office)', purpose: 'Se souvenir de la langue' }]);
  });
});

describe('policies in the other languages of the portals', () => {
  it('reads a German tab-separated table: its header is a header, lifetimes are lifetimes', () => {
    const { entries, warnings } = readPolicy('Anbieter\tCookie-Name\tZweck\tSpeicherdauer\nOpendatasoft\tsessionid\tAnmeldung\t2 Wochen\nOpendatasoft\tcsrftoken\tSicherheit\t12 Monate');
    expect(entries).toEqual([
      { pattern: 'sessionid', provider: 'Opendatasoft', purpose: 'Anmeldung', lifetime: '2 Wochen' },
      { pattern: 'csrftoken', provider: 'Opendatasoft', purpose: 'Sicherheit', lifetime: '12 Monate' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads Spanish, Dutch and Italian headers', () => {
    for (const header of ['Proveedor\tNombre\tFinalidad\tDuración', 'Aanbieder\tNaam\tDoel\tBewaartermijn', 'Fornitore\tNome\tFinalità\tDurata']) {
      const { entries } = readPolicy(`${header}\nOpendatasoft\tsessionid\tx\t2 semanas`);
      expect(entries.map((e) => [e.pattern, e.provider]), header).toEqual([['sessionid', 'Opendatasoft']]);
    }
  });

  it('never declares a column label as a cookie, even when the header is not recognised', () => {
    const { entries } = readPolicy('Wer\tCookie-Name\tWozu\nOpendatasoft\tsessionid\tAnmeldung');
    expect(entries.map((e) => e.pattern)).toEqual(['sessionid']);
  });
});
