// The consent matrix from journeys' audits: the findings a data-protection authority would write.
import type { StateBlocker } from '../../src/core/vocabulary/consent.ts';
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { type JourneyRun, type JourneyState, consentMatrix } from '../../src/core/consent/consent-matrix.ts';
import type { CatalogueEntry, Cookie } from '../../src/core/types.ts';

const HOME = 'https://data.metropole.fr/';
const MAP = 'https://data.metropole.fr/explore/dataset/arbres/map/';
const entries: CatalogueEntry[] = [{ pattern: 'sessionid' }, { pattern: 'csrftoken' }, { pattern: '_pk_id.*', category: 'statistics' }, { pattern: 'old_tracker' }, { pattern: 'cookies_preferences' }];
const audit = (names: string[], exemption?: string) => {
  const result = auditJar({ cookies: names.map((name): Cookie => ({ name, value: 'v', domain: 'data.metropole.fr', path: '/' })), pageUrl: HOME, entries, now: new Date('2026-11-23T10:00:00Z') });
  return exemption ? { ...result, consentExemption: exemption } : result;
};
/** A run; `why` not reached: a blocker code (what findings are decided on) or words alone (which decide nothing). */
const run = (state: JourneyState, pages: [string, string[]][], reached = true, how = 'ok', exemption?: string, blocker?: StateBlocker): JourneyRun => ({ state, reached, how, ...(blocker ? { outcome: { kind: 'not-reached' as const, blocker } } : {}), pages: pages.map(([url, names]) => ({ url, timedOut: false, audit: audit(names, exemption) })) });
const ids = (m: ReturnType<typeof consentMatrix>) => m.findings.map((f) => `${f.severity} ${f.id}${f.cookie ? ` ${f.cookie}` : ''}${f.page ? ` ${f.page}` : ''}`);

describe('the consent matrix', () => {
  it('records where each cookie first appeared in each state, and the findings, refusals first', () => {
    const m = consentMatrix([
      run('no-choice', [[HOME, ['csrftoken']], [MAP, ['csrftoken', '_ga']]]),
      run('refuse-all', [[HOME, ['csrftoken', 'cookies_preferences', '_ga']], [MAP, ['csrftoken', 'cookies_preferences', '_ga']]]),
      run('accept-all', [[HOME, ['csrftoken', 'cookies_preferences', '_ga', '_pk_id.1.ab']], [MAP, ['csrftoken', '_ga', '_pk_id.1.ab', 'cookies_preferences']]]),
    ]);
    expect(m.rows.find((r) => r.name === '_ga')!.firstSeen).toEqual({ 'no-choice': MAP, 'refuse-all': HOME, 'accept-all': HOME });
    expect(ids(m)).toEqual([
      `defect tracker-after-refusal _ga ${HOME}`,
      `defect tracker-before-consent _ga ${MAP}`,
      `defect undeclared _ga ${MAP}`,
      'note declared-never-seen old_tracker',
    ]);
    expect(m.neverSeen).toEqual([{ pattern: 'sessionid', normallySet: 'login' }, { pattern: 'old_tracker', normallySet: null }]);
  });

  it('says which states could not be reached, and that trackers without any consent control are a finding', () => {
    const m = consentMatrix([
      run('no-choice', [[HOME, ['csrftoken', '_pk_id.1.ab']]]),
      run('refuse-all', [[HOME, ['csrftoken', '_pk_id.1.ab']]], false, 'no consent modal found, and no control opening one', undefined, 'no-dialog'),
      run('accept-all', [[HOME, ['csrftoken', '_pk_id.1.ab']]], false, 'no consent modal found, and no control opening one', undefined, 'no-dialog'),
    ]);
    expect(ids(m)).toEqual([
      `defect tracker-before-consent _pk_id.1.ab ${HOME}`,
      'defect no-consent-control',
      'note state-not-reached',
      'note state-not-reached',
      'note declared-never-seen old_tracker',
    ]);
    // Refusal was never recorded: the cookies seen in that journey are not "set despite refusal".
    expect(ids(m).some((f) => f.includes('tracker-after-refusal'))).toBe(false);
  });

  it('reads audience measurement before any choice as a caution when the policy claims the exemption, and says when accepting changed nothing', () => {
    const claim = "La mesure d'audience (Matomo) est exemptée de consentement.";
    const m = consentMatrix([
      run('no-choice', [[HOME, ['csrftoken', '_pk_id.1.ab']]], true, 'ok', claim),
      run('refuse-all', [[HOME, ['csrftoken', 'cookies_preferences']]], true, 'ok', claim),
      run('accept-all', [[HOME, ['csrftoken', 'cookies_preferences', '_pk_id.1.ab']]], true, 'ok', claim),
    ]);
    expect(ids(m)).toEqual([`caution exempt-audience-before-consent _pk_id.1.ab ${HOME}`, 'caution accept-changed-nothing', 'note declared-never-seen old_tracker']);
    expect(m.findings[0]!.detail).toContain(claim);
  });
});

describe('the matrix in detail', () => {
  const on = (domain: string, names: string[]) => {
    const result = auditJar({ cookies: names.map((name): Cookie => ({ name, value: 'v', domain, path: '/' })), pageUrl: HOME, entries, now: new Date('2026-11-23T10:00:00Z') });
    return result;
  };

  it('takes one cookie on ".host" and "HOST" for one row, and the same name on another host for another', () => {
    const m = consentMatrix([
      { state: 'no-choice', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: on('.data.metropole.fr', ['csrftoken']) }, { url: MAP, timedOut: false, audit: on('DATA.metropole.fr', ['csrftoken']) }] },
      { state: 'accept-all', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: on('cdn.example', ['csrftoken']) }] },
    ]);
    expect(m.rows.map((r) => [r.domain, r.firstSeen['no-choice'], r.firstSeen['accept-all']])).toEqual([['.data.metropole.fr', HOME, null], ['cdn.example', null, HOME]]);
  });

  it('lists undeclared cookies first, then by name, and skips pages that timed out', () => {
    const m = consentMatrix([{ state: 'no-choice', reached: true, how: 'ok', pages: [
      { url: HOME, timedOut: false, audit: audit(['sessionid', 'zz_x', 'csrftoken', 'aa_x']) },
      { url: MAP, timedOut: true },
    ] }]);
    expect(m.rows.map((r) => r.name)).toEqual(['aa_x', 'zz_x', 'csrftoken', 'sessionid']);
    expect(m.states[0]!.pages).toEqual([{ url: HOME, timedOut: false }, { url: MAP, timedOut: true }]);
    expect(m.findings.filter((f) => f.id === 'undeclared').map((f) => [f.detail, f.state, f.page])).toEqual([
      ['aa_x (data.metropole.fr) set but not declared', 'no-choice', HOME],
      ['zz_x (data.metropole.fr) set but not declared', 'no-choice', HOME],
    ]);
  });

  it('names the state an undeclared cookie first appeared in, in the order of the journeys', () => {
    const m = consentMatrix([run('no-choice', [[HOME, ['csrftoken']]]), run('refuse-all', [[HOME, ['csrftoken']]]), run('accept-all', [[MAP, ['csrftoken', 'late_x']]])]);
    expect(m.findings.find((f) => f.id === 'undeclared')).toMatchObject({ cookie: 'late_x', state: 'accept-all', page: MAP });
  });

  it('says why a state was not audited, in the journey’s own words', () => {
    const m = consentMatrix([run('no-choice', [[HOME, ['csrftoken']]]), run('refuse-all', [], false, 'the dialog had no refuse button')]);
    expect(m.findings.find((f) => f.id === 'state-not-reached')).toEqual({ id: 'state-not-reached', severity: 'note', state: 'refuse-all', detail: '"refuse-all" not audited: the dialog had no refuse button', source: expect.stringContaining('CNIL method') });
  });

  it('keeps a tracker that may not be exempt a defect, whatever the policy claims', () => {
    const m = consentMatrix([run('no-choice', [[HOME, ['csrftoken', '_ga']]], true, 'ok', 'La mesure d’audience est exemptée.')]);
    expect(m.findings.find((f) => f.cookie === '_ga' && f.state === 'no-choice')).toMatchObject({ id: 'tracker-before-consent', severity: 'defect', detail: '_ga set before any consent choice', source: expect.stringContaining('ePrivacy') });
  });

  it('says when a refusal was set directly in the consent record rather than through the dialog', () => {
    const refused = (via: 'dialog' | 'direct') => consentMatrix([{ ...run('refuse-all', [[HOME, ['_ga']]]), via }]).findings.find((f) => f.id === 'tracker-after-refusal')!.detail;
    expect(refused('dialog')).toBe('_ga set although the visitor refused every tracker');
    expect(refused('direct')).toBe("_ga set although the visitor refused every tracker (the refusal set directly in the consent record, not through the portal's dialog)");
  });

  it('says accepting changed nothing only when the policy declares trackers and accepting set no new one', () => {
    const journeys = (accepted: string[], catalogue: CatalogueEntry[]) => {
      const a = (names: string[]) => auditJar({ cookies: names.map((name): Cookie => ({ name, value: 'v', domain: 'data.metropole.fr', path: '/' })), pageUrl: HOME, entries: catalogue, now: new Date('2026-11-23T10:00:00Z') });
      return consentMatrix([
        { state: 'no-choice', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: a(['csrftoken']) }] },
        { state: 'accept-all', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: a(accepted) }] },
      ]).findings.some((f) => f.id === 'accept-changed-nothing');
    };
    expect(journeys(['csrftoken'], [{ pattern: 'csrftoken' }])).toBe(false);
    expect(journeys(['csrftoken'], [{ pattern: 'csrftoken' }, { pattern: '_pk_id.*' }])).toBe(true);
    expect(journeys(['csrftoken'], [{ pattern: 'csrftoken' }, { pattern: 'pub', category: 'advertising' }])).toBe(true);
    expect(journeys(['csrftoken'], [{ pattern: 'csrftoken' }, { pattern: 'stat', category: 'statistics' }])).toBe(true);
    expect(journeys(['csrftoken', '_pk_id.1.ab'], [{ pattern: 'csrftoken' }, { pattern: '_pk_id.*' }])).toBe(false);
    // A tracker set whatever the choice does not show that accepting works.
    const both = consentMatrix([run('refuse-all', [[HOME, ['_pk_id.1.ab']]]), run('accept-all', [[HOME, ['_pk_id.1.ab']]])]);
    expect(both.findings.some((f) => f.id === 'accept-changed-nothing')).toBe(true);
  });

  it('finds no consent control when the portal has none, or when no journey found a dialog, only with trackers before consent', () => {
    const trackers = [run('no-choice', [[HOME, ['_ga']]]), run('refuse-all', [[HOME, []]])];
    expect(consentMatrix(trackers, { consentControl: false }).findings.some((f) => f.id === 'no-consent-control')).toBe(true);
    expect(consentMatrix(trackers).findings.some((f) => f.id === 'no-consent-control')).toBe(false);
    expect(consentMatrix([run('no-choice', [[HOME, ['csrftoken']]])], { consentControl: false }).findings.some((f) => f.id === 'no-consent-control')).toBe(false);
    expect(consentMatrix([run('no-choice', [[HOME, ['_ga']]]), run('refuse-all', [], false, 'the dialog did not close', undefined, 'dialog-stayed-open')]).findings.some((f) => f.id === 'no-consent-control')).toBe(false);
    expect(consentMatrix([run('no-choice', [[HOME, ['_ga']]]), run('refuse-all', [], false, 'no consent manager found', undefined, 'no-manager')]).findings.some((f) => f.id === 'no-consent-control')).toBe(true);
    // Decided on the code, never on the words: a sentence that says "no consent manager" decides nothing.
    expect(consentMatrix([run('no-choice', [[HOME, ['_ga']]]), run('refuse-all', [], false, 'no consent manager found', undefined, 'undriven-dialog')]).findings.some((f) => f.id === 'no-consent-control')).toBe(false);
    expect(consentMatrix([run('no-choice', [[HOME, ['_ga']]]), run('refuse-all', [], false, 'aucun gestionnaire', undefined, 'no-manager')]).findings.some((f) => f.id === 'no-consent-control')).toBe(true);
  });

  it('carries what set each cookie into its row, per state, and into the findings', () => {
    const script = (url: string) => ({ how: 'document.cookie' as const, url, page: HOME, afterMs: 10, count: 1 });
    const withSetter = (names: string[], url: string) => {
      const result = audit(names);
      return { ...result, cookies: result.cookies.map((c) => ({ ...c, setBy: script(url) })) };
    };
    const m = consentMatrix([
      { state: 'no-choice', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: withSetter(['_ga'], 'https://a.example/first.js') }, { url: MAP, timedOut: false, audit: withSetter(['_ga'], 'https://a.example/second.js') }] },
      { state: 'refuse-all', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: withSetter(['_ga'], 'https://a.example/refused.js') }] },
      { state: 'accept-all', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false, audit: audit(['_ga']) }] },
    ]);
    expect(m.rows[0]!.setBy).toEqual({ 'no-choice': script('https://a.example/first.js'), 'refuse-all': script('https://a.example/refused.js') });
    expect(m.findings.filter((f) => f.id !== 'declared-never-seen').map((f) => [f.id, f.setBy?.url])).toEqual([
      ['tracker-after-refusal', 'https://a.example/refused.js'],
      ['tracker-before-consent', 'https://a.example/first.js'],
      ['undeclared', 'https://a.example/first.js'],
      ['accept-changed-nothing', undefined],
    ]);
  });

  it('keeps how each state was reached, and the managers, as the journeys told it', () => {
    const m = consentMatrix([{ ...run('accept-all', [[HOME, ['csrftoken']]]), via: 'dialog', manager: 'opendatasoft', dialogTitle: 'Cookies', controls: ['Tout accepter'], screenshots: { found: 'a.png', chosen: 'b.png' } }, run('no-choice', [[HOME, []]])], { managers: { drove: 'opendatasoft', present: ['opendatasoft'] } });
    expect(m.states).toEqual([
      { state: 'accept-all', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false }], via: 'dialog', manager: 'opendatasoft', dialogTitle: 'Cookies', controls: ['Tout accepter'], screenshots: { found: 'a.png', chosen: 'b.png' } },
      { state: 'no-choice', reached: true, how: 'ok', pages: [{ url: HOME, timedOut: false }] },
    ]);
    expect(m.managers).toEqual({ drove: 'opendatasoft', present: ['opendatasoft'] });
    expect('managers' in consentMatrix([])).toBe(false);
  });
});
