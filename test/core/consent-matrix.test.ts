// The consent matrix from journeys' audits: the findings a data-protection authority would write.
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
const run = (state: JourneyState, pages: [string, string[]][], reached = true, how = 'ok', exemption?: string): JourneyRun => ({ state, reached, how, pages: pages.map(([url, names]) => ({ url, timedOut: false, audit: audit(names, exemption) })) });
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
      run('refuse-all', [[HOME, ['csrftoken', '_pk_id.1.ab']]], false, 'no consent modal found, and no control opening one'),
      run('accept-all', [[HOME, ['csrftoken', '_pk_id.1.ab']]], false, 'no consent modal found, and no control opening one'),
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
