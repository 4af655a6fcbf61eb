// The policy reader's rules, one by one, on small policies written the ways portals write them:
// which sections give a category, which rows are headers or titles, how a table without a header is
// guessed, what a prose line declares, and the warnings each refusal leaves for the reader.
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../src/core/policy/read-policy.ts';
import type { CatalogueEntry } from '../../src/core/types.ts';

const pipe = (...rows: string[][]) => rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
const html = (...rows: string[][]) => `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
const summary = (entries: CatalogueEntry[]) => entries.map((e) => [e.pattern, e.category ?? '-']);

describe('sections and categories', () => {
  it('gives a heading’s category to the lists under it until a heading of the same level', () => {
    const { entries } = readPolicy([
      '<h2>Cookies de mesure d’audience</h2><h3>Google</h3><ul><li>_ga : mesure</li></ul>',
      '<h2>Autres informations</h2><ul><li>sessionid : session</li></ul>',
      '<h2>Cookies strictement nécessaires</h2><h1>Annexe</h1><ul><li>csrftoken : sécurité</li></ul>',
    ].join(''));
    expect(summary(entries)).toEqual([['_ga', 'statistics'], ['sessionid', '-'], ['csrftoken', '-']]);
  });

  it('takes a short label line as a section title, never a sentence', () => {
    const { entries } = readPolicy('Cookies statistiques\n_ga : mesure\nNos cookies publicitaires.\n_gid : mesure aussi\n');
    expect(summary(entries)).toEqual([['_ga', 'statistics'], ['_gid', 'statistics']]);
  });

  it('takes a row with one value across the table as the category of the rows under it', () => {
    const { entries } = readPolicy(`<table><tr><th>Nom</th><th>Fournisseur</th><th>Finalité</th></tr>
      <tr><td colspan=3>Cookies nécessaires</td></tr><tr><td>sessionid</td><td>Opendatasoft</td><td>Session</td></tr>
      <tr><td colspan=3>Cookies de mesure d'audience</td></tr><tr><td>_ga</td><td>Google</td><td>Mesure</td></tr></table>`);
    expect(summary(entries)).toEqual([['sessionid', 'necessary'], ['_ga', 'statistics']]);
  });

  it('prefers a category column to the section the table stands in', () => {
    const { entries } = readPolicy(`<h2>Cookies nécessaires</h2>${html(['Nom', 'Type', 'Finalité'], ['sessionid', '', 'Session'], ['_ga', 'Statistiques', 'Mesure'])}`);
    expect(summary(entries)).toEqual([['sessionid', 'necessary'], ['_ga', 'statistics']]);
  });
});

describe('tables with a header', () => {
  it('keeps the columns’ order as the policy’s layout, and skips the header when it repeats', () => {
    const policy = readPolicy(pipe(['Fournisseur', 'Nom du cookie', 'Durée', 'Finalité'], ['Opendatasoft', 'sessionid', '2 semaines', 'Session'], ['Fournisseur', 'Nom du cookie', 'Durée', 'Finalité'], ['Google', '_ga', '13 mois', 'Mesure']));
    expect(policy.layout).toEqual(['provider', 'name', 'lifetime', 'purpose']);
    expect(policy.entries).toEqual([
      { pattern: 'sessionid', provider: 'Opendatasoft', lifetime: '2 semaines', purpose: 'Session' },
      { pattern: '_ga', provider: 'Google', lifetime: '13 mois', purpose: 'Mesure' },
    ]);
    expect(policy.warnings).toEqual([]);
  });

  it('joins the lines of a cell with one space, and keeps one entry for a name declared twice by one provider', () => {
    const { entries } = readPolicy(html(['Nom', 'Fournisseur', 'Finalité'], ['sessionid', 'Opendatasoft', 'Garder la session<br>d’une page à l’autre'], ['sessionid', 'Opendatasoft', 'Encore'], ['sessionid', 'Autre', 'Autre chose']));
    expect(entries).toEqual([
      { pattern: 'sessionid', provider: 'Opendatasoft', purpose: 'Garder la session d’une page à l’autre' },
      { pattern: 'sessionid', provider: 'Autre', purpose: 'Autre chose' },
    ]);
  });

  it('says which row has no cookie name, naming its provider, and which cell is no name', () => {
    const { entries, warnings } = readPolicy(html(['Nom', 'Fournisseur', 'Finalité'], ['', 'Google', 'Mesure'], ['Voir ci-dessous', 'Beamer', 'Annonces'], ['csrftoken', 'Opendatasoft', 'Sécurité']));
    expect(entries.map((e) => e.pattern)).toEqual(['csrftoken']);
    expect(warnings).toEqual(['Table 1, row 1: no cookie name (Google); row skipped.', 'Table 1, row 2: "Voir ci-dessous" is not a cookie name; row skipped.']);
  });

  it('numbers tables and rows in its warnings, past empty rows', () => {
    const { warnings } = readPolicy(`${html(['Nom', 'Finalité'], ['sessionid', 'Session'])}${html(['Nom', 'Finalité'], ['', ''], ['Voir', 'x'])}`);
    expect(warnings).toEqual(['Table 2, row 1: "Voir" is not a cookie name; row skipped.']);
  });

  it('reads a header in the second or third row under a title row, and not further down', () => {
    const title = ['Liste des cookies', ''];
    expect(readPolicy(html(title, ['Nom', 'Finalité'], ['sessionid', 'Session'])).entries.map((e) => e.pattern)).toEqual(['sessionid']);
    expect(readPolicy(html(title, ['', ''], ['Nom', 'Finalité'], ['sessionid', 'Session'])).entries.map((e) => e.pattern)).toEqual(['sessionid']);
  });
});

describe('tables without a header', () => {
  it('finds the names, the lifetimes, the longest column after the names as purpose, and a short provider before', () => {
    const policy = readPolicy(html(['Opendatasoft', 'sessionid', '2 semaines', 'ok', 'Garder la session d’une page à l’autre'], ['Google', '_ga', '13 mois', 'ok', 'Mesurer l’audience du portail']));
    expect(policy.entries).toEqual([
      { pattern: 'sessionid', provider: 'Opendatasoft', lifetime: '2 semaines', purpose: 'Garder la session d’une page à l’autre' },
      { pattern: '_ga', provider: 'Google', lifetime: '13 mois', purpose: 'Mesurer l’audience du portail' },
    ]);
    expect(policy.warnings).toEqual(['Table 1 has no header row: its columns were guessed (cookie names in column 2).']);
    expect(policy.layout).toEqual(['provider', 'name', 'lifetime', 'purpose']);
  });

  it('reads a long column before the names as the service, and two as provider then service', () => {
    const one = readPolicy(html(['Authentification du back office', 'sessionid', 'Session'], ['Protection contre les attaques CSRF', 'csrftoken', 'Sécurité']));
    expect(one.entries[0]).toEqual({ pattern: 'sessionid', service: 'Authentification du back office', purpose: 'Session' });
    const two = readPolicy(html(['Opendatasoft', 'Authentification', 'sessionid', 'Session'], ['Opendatasoft', 'Sécurité', 'csrftoken', 'Sécurité']));
    expect(two.entries[0]).toEqual({ pattern: 'sessionid', provider: 'Opendatasoft', service: 'Authentification', purpose: 'Session' });
  });

  it('takes a column for names only when most of its cells are names, lists of names included', () => {
    const lists = readPolicy(html(['_ga, _gid', 'Google Analytics'], ['_pk_id.* et _pk_ses.*', 'Matomo'], ['Voir', 'Autre']));
    expect(lists.entries.map((e) => e.pattern)).toEqual(['_ga', '_gid', '_pk_id.*', '_pk_ses.*']);
    const prose = readPolicy(html(['Pour mesurer l’audience', 'Oui'], ['Pour la session', 'Non'], ['_ga', 'cookie x']));
    expect(prose.entries).toEqual([]);
    expect(prose.warnings).toEqual(['Table 1: no column of cookie names found; table skipped.', 'No cookie declared: the policy speaks of cookies without naming any (no table or list of cookie names was found).']);
  });

  it('skips quietly a layout table that never speaks of cookies', () => {
    const { warnings } = readPolicy(`${html(['Accueil', 'Contact'], ['Plan', 'Aide'])}<p>Cookies: see the list.</p><ul><li>sessionid: session</li></ul>`);
    expect(warnings).toEqual([]);
  });

  it('reads the columns of the rows under a header it cannot read', () => {
    const { entries } = readPolicy(`<table><thead><tr><th>Qui</th><th>Quoi</th></tr></thead>${html(['sessionid', 'Session'], ['csrftoken', 'Sécurité']).slice(7, -8)}</table>`);
    expect(entries.map((e) => e.pattern)).toEqual(['sessionid', 'csrftoken']);
  });
});

describe('text tables', () => {
  it('joins a wrapped line, with neither name nor first cell, to the row above', () => {
    const { entries } = readPolicy('Fournisseur\tNom\tFinalité\nOpendatasoft\tsessionid\tGarder la session\n\t\td’une page à l’autre\nGoogle\t_ga\tMesure\n');
    expect(entries.map((e) => [e.pattern, e.purpose])).toEqual([['sessionid', 'Garder la session d’une page à l’autre'], ['_ga', 'Mesure']]);
  });

  it('reads lone carriage returns as line ends, and a byte order mark as nothing', () => {
    expect(readPolicy('\ufeffsessionid : session\rcsrftoken : sécurité').entries.map((e) => [e.pattern, e.purpose])).toEqual([['sessionid', 'session'], ['csrftoken', 'sécurité']]);
  });

  it('puts back rows a PDF extraction wrote column by column after the table', () => {
    const policy = readPolicy([
      'Fournisseur\tNom\tFinalité',
      'Opendatasoft\tsessionid\tSession',
      'Opendatasoft', 'Opendatasoft', 'csrftoken', 'cookies_preferences', 'Sécurité des formulaires', 'Choix de consentement',
      '# Suite',
    ].join('\n'));
    expect(policy.entries.map((e) => [e.pattern, e.provider, e.purpose])).toEqual([
      ['sessionid', 'Opendatasoft', 'Session'],
      ['csrftoken', 'Opendatasoft', 'Sécurité des formulaires'],
      ['cookies_preferences', 'Opendatasoft', 'Choix de consentement'],
    ]);
    expect(policy.warnings).toEqual(['Table 1: 2 row(s) (csrftoken, cookies_preferences) came out column by column and were put back together; check them.']);
  });

  it('joins a wrapped line of a spilled cell, and leaves lines that do not fit whole columns alone', () => {
    const wrapped = readPolicy(['Fournisseur\tNom\tFinalité', 'Opendatasoft\tsessionid\tSession', 'Opendatasoft', 'csrftoken', 'Sécurité', 'des formulaires'].join('\n'));
    expect(wrapped.entries.at(-1)).toEqual({ pattern: 'csrftoken', provider: 'Opendatasoft', purpose: 'Sécurité des formulaires' });
    const loose = readPolicy(['Fournisseur\tNom\tFinalité', 'Opendatasoft\tsessionid\tSession', 'Opendatasoft', 'csrftoken'].join('\n'));
    expect(loose.entries.map((e) => e.pattern)).toEqual(['sessionid']);
  });
});

describe('names in prose and lists', () => {
  it('reads "names : purpose" and "names – purpose", with a lifetime when the line gives one', () => {
    const { entries } = readPolicy('<ul><li>_ga, _gid – Google Analytics</li><li>sessionid : garde la session. Durée : 2 semaines</li></ul>');
    expect(entries).toEqual([
      { pattern: '_ga', purpose: 'Google Analytics' },
      { pattern: '_gid', purpose: 'Google Analytics' },
      { pattern: 'sessionid', purpose: 'garde la session. Durée : 2 semaines', lifetime: '2 semaines' },
    ]);
  });

  it('reads no name from a sentence, an address or a label that is no cookie name', () => {
    const { entries } = readPolicy('Cookies\nhttps://example.org: our site\nNote : les cookies sont utiles\nNous utilisons des cookies : voir ci-dessous\n');
    expect(entries).toEqual([]);
  });
});

describe('what an empty reading says', () => {
  it('says why: not text, no mention of cookies, or cookies spoken of without names', () => {
    expect(readPolicy(42 as unknown as string)).toEqual({ language: 'en', entries: [], warnings: ['No cookie declared: it never mentions cookies.'] });
    expect(readPolicy('Bienvenue sur le portail.').warnings).toEqual(['No cookie declared: it never mentions cookies.']);
    expect(readPolicy('Ce site utilise des cookies.').warnings).toEqual(['No cookie declared: the policy speaks of cookies without naming any (no table or list of cookie names was found).']);
  });

  it('keeps at most 200 warnings, and 5,000 declarations with a warning for the rest', () => {
    const bad = readPolicy(html(['Nom', 'Fournisseur'], ...Array.from({ length: 300 }, (_, i) => ['', `Fournisseur ${i}`])));
    expect(bad.warnings).toHaveLength(200);
    expect(bad.warnings[199]).toBe('Table 1, row 200: no cookie name (Fournisseur 199); row skipped.');
    const many = readPolicy(html(['Nom', 'Finalité'], ...Array.from({ length: 5_002 }, (_, i) => [`c_${i}`, 'x'])));
    expect(many.entries).toHaveLength(5_000);
    expect(many.entries.at(-1)?.pattern).toBe('c_4999');
    expect(many.warnings).toEqual(['More than 5000 declarations: the rest were not read.']);
  });

  it('tells the language from the first words of a long page', () => {
    const english = 'The cookies you see here are for the portal and the site. '.repeat(400);
    const french = 'Les cookies sont pour vous et pour nous, avec les finalités des services. '.repeat(2_000);
    expect(readPolicy(`${english}\n${french}\nsessionid : session`).language).toBe('en');
    expect(readPolicy(`${french}\n${english}\nsessionid : session`).language).toBe('fr');
  });
});
