// The journeys' codes in words, in each language: what the popup, the reports and the terminal say
// of each state and finding comes from here and _locales, never from a sentence the runner made.
import { describe, expect, it } from 'vitest';
import { findingSource, findingWords, refusalWords, stateWords } from '../../src/core/consent/journey-words.ts';
import type { JourneyFinding } from '../../src/core/consent/consent-matrix.ts';
import { reportText } from '../../src/core/report/report-strings.ts';

const en = reportText('en');
const fr = reportText('fr');
const label = (t: typeof en) => (state: string) => t(`state_${state.replace(/-/g, '_')}` as never);

describe('a state in words', () => {
  it('says how each choice was made, in the reader\'s language', () => {
    expect(stateWords({ state: 'no-choice', how: 'x', outcome: { kind: 'untouched' } }, en)).toBe('arrived and touched nothing');
    expect(stateWords({ state: 'no-choice', how: 'x', outcome: { kind: 'untouched' } }, fr)).toBe('arrivé sans rien toucher');
    const switches = { state: 'refuse-all' as const, how: 'x', outcome: { kind: 'chosen' as const, via: 'dialog' as const, method: 'switches' as const, switches: 2, opened: true } };
    expect(stateWords(switches, en)).toBe("opened with its own control, then every optional switch off (2), then the dialog's save control");
    expect(stateWords(switches, fr)).toBe('ouverte avec son propre bouton, puis chaque interrupteur facultatif désactivé (2), puis le bouton d’enregistrement de la fenêtre');
    expect(stateWords({ state: 'accept-all', how: 'x', outcome: { kind: 'chosen', via: 'dialog', method: 'rule-steps', byClosing: true } }, en)).toBe("the autoconsent rule's opt-in steps; its dialog closed (its record is not one the auditor reads)");
  });

  it('says why a state was not reached, quoting only data', () => {
    const unsafe = { state: 'refuse-all' as const, how: 'x', outcome: { kind: 'not-reached' as const, blocker: 'unsafe-control' as const, refusal: { danger: 'form-submission' as const, detail: 'post https://p.fr/account/delete' } } };
    expect(stateWords(unsafe, en)).toBe('the control would leave the page (a form submission (post https://p.fr/account/delete))');
    expect(stateWords(unsafe, fr)).toBe('le bouton quitterait la page (un envoi de formulaire (post https://p.fr/account/delete))');
    const notRecorded = { state: 'refuse-all' as const, how: 'x', outcome: { kind: 'not-reached' as const, blocker: 'not-recorded' as const, method: 'all-control' as const, records: ['tarteaucitron'] } };
    expect(stateWords(notRecorded, en)).toBe("the dialog's refuse-all control, but no choice was recorded in tarteaucitron");
    expect(stateWords({ state: 'accept-all', how: 'x', outcome: { kind: 'not-reached', blocker: 'no-dialog', miss: 'needs-page-script', detail: 'EVAL_DIDOMI' } }, fr)).toBe('ses étapes autoconsent exigent d’exécuter le script du gestionnaire dans la page (EVAL_DIDOMI), ce que l’auditeur ne fait jamais');
    expect(stateWords({ state: 'refuse-all', how: 'x', outcome: { kind: 'chosen', via: 'direct', blocker: 'no-manager' } }, en)).toBe("set directly, not through the portal's dialog (no consent manager found in the page)");
  });

  it('words a report made before the codes from its English trace', () => {
    expect(stateWords({ state: 'refuse-all', how: 'an old sentence' }, fr)).toBe('an old sentence');
  });

  it('words every kind of refused control', () => {
    for (const danger of ['outside-dialog', 'download', 'javascript-link', 'link-elsewhere', 'new-window', 'form-submission', 'navigation', 'request'] as const) {
      const words = refusalWords({ danger, detail: 'X' }, fr);
      expect(words, danger).not.toMatch(/^danger_/);
      expect(words).not.toBe(refusalWords({ danger, detail: 'X' }, en));
    }
  });
});

describe('a finding in words', () => {
  const f = (more: Partial<JourneyFinding>): JourneyFinding => ({ id: 'tracker-after-refusal', severity: 'defect', detail: 'English trace', source: 'English source', ...more });

  it('names the cookie, its removal and a refusal set directly, in each language', () => {
    const after = f({ cookie: '_ga', removed: { by: 'script https://t.fr/tac.js', afterMs: 12 }, direct: true });
    expect(findingWords(after, en, label(en))).toBe("_ga set although the visitor refused every tracker, then removed by script https://t.fr/tac.js 12 ms later (written all the same: a tag sends its hit as it writes) (the refusal set directly in the consent record, not through the portal's dialog)");
    expect(findingWords(after, fr, label(fr))).toContain('_ga déposé alors que le visiteur a refusé tous les traceurs, puis supprimé par script https://t.fr/tac.js 12 ms plus tard');
    expect(findingWords(f({ id: 'undeclared', cookie: 'x', domain: 'p.fr' }), fr, label(fr))).toBe('x (p.fr) déposé mais non déclaré');
    expect(findingWords(f({ id: 'state-not-reached', state: 'accept-all', outcome: { kind: 'not-reached', blocker: 'no-manager' } }), fr, label(fr))).toBe('« Tout accepter » non audité : aucun gestionnaire de consentement trouvé dans la page');
  });

  it('gives each finding\'s rule in the reader\'s language', () => {
    for (const id of ['tracker-before-consent', 'exempt-audience-before-consent', 'tracker-after-refusal', 'undeclared', 'declared-never-seen', 'accept-changed-nothing', 'no-consent-control', 'consent-not-driven', 'state-not-reached'] as const) {
      expect(findingSource({ id }, fr), id).not.toBe(findingSource({ id }, en));
      expect(findingSource({ id }, fr), id).not.toMatch(/^source_/);
      expect(findingWords(f({ id, cookie: 'c', domain: 'd', exemption: 'e', dialog: 'g', state: 'refuse-all', outcome: { kind: 'not-reached', blocker: 'left-page' } }), fr, label(fr)), id).not.toMatch(/^finding_/);
    }
  });
});
