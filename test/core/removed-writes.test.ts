// Cookies written and gone before the audit: the writes say what the jar at the end cannot.
import type { StateBlocker } from '../../src/core/vocabulary/consent.ts';
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { consentMatrix, type JourneyRun } from '../../src/core/consent/consent-matrix.ts';
import type { CookieWrite } from '../../src/core/evidence/cookie-writes.ts';
import { removedWrites } from '../../src/core/evidence/removed-writes.ts';

const HOME = 'https://data.metropole.fr/';
const NEXT = 'https://data.metropole.fr/explore/';
const TAC = 'https://data.metropole.fr/tarteaucitron/tarteaucitron.js';
const w = (name: string, afterMs: number, extra: Partial<CookieWrite> = {}): CookieWrite => ({ kind: 'document.cookie', name, domain: 'data.metropole.fr', page: NEXT, afterMs, url: `${NEXT}`, ...extra });

describe('removedWrites', () => {
  it('names a cookie written then removed, who removed it and how long after', () => {
    const out = removedWrites([w('_ga', 10), w('_ga', 42, { removal: true, url: TAC })], [{ name: 'csrftoken', domain: 'data.metropole.fr' }], 'data.metropole.fr');
    expect(out).toEqual([{ name: '_ga', domain: 'data.metropole.fr', party: 'first', page: NEXT, setBy: expect.objectContaining({ how: 'document.cookie', url: NEXT, afterMs: 10, count: 1 }), removedBy: expect.objectContaining({ how: 'document.cookie', url: TAC, afterMs: 42 }), removedAfterMs: 32 }]);
  });
  it('keeps out what the jar still holds, removals alone, and says nothing of a removal it did not see', () => {
    expect(removedWrites([w('_ga', 10)], [{ name: '_ga', domain: '.data.metropole.fr' }], 'data.metropole.fr')).toEqual([]);
    expect(removedWrites([w('_ga', 10, { removal: true })], [], 'data.metropole.fr')).toEqual([]);
    const [gone] = removedWrites([w('_gid', 5, { domain: 'tracker.example' }), w('_gid', 9)], [], 'data.metropole.fr');
    expect(gone).toMatchObject({ name: '_gid', party: 'third' });
    expect(gone).not.toHaveProperty('removedBy');
    expect(gone).not.toHaveProperty('removedAfterMs');
  });
  it('gives no interval for a removal on another page', () => {
    const [gone] = removedWrites([w('_ga', 10, { page: HOME }), w('_ga', 3, { removal: true })], [], 'data.metropole.fr');
    expect(gone!.removedBy).toBeDefined();
    expect(gone).not.toHaveProperty('removedAfterMs');
  });
});

describe('the matrix with cookies written then removed', () => {
  const audit = (names: string[]) => auditJar({ cookies: names.map((name) => ({ name, value: 'v', domain: 'data.metropole.fr', path: '/' })), pageUrl: HOME, entries: [{ pattern: '_ga*' }, { pattern: 'tarteaucitron' }], now: new Date('2026-12-01T10:00:00Z') });
  const removed = removedWrites([w('_ga', 10), w('_ga', 25, { removal: true, url: TAC })], [], 'data.metropole.fr');
  const runs: JourneyRun[] = [
    { state: 'no-choice', reached: true, how: 'arrived', pages: [{ url: HOME, timedOut: false, audit: audit([]) }] },
    { state: 'refuse-all', reached: true, how: 'refused', via: 'dialog', manager: 'tarteaucitron', pages: [{ url: HOME, timedOut: false, audit: audit(['tarteaucitron']) }, { url: NEXT, timedOut: false, audit: audit(['tarteaucitron']), removed }] },
    { state: 'accept-all', reached: true, how: 'accepted', via: 'dialog', manager: 'tarteaucitron', pages: [{ url: HOME, timedOut: false, audit: audit(['tarteaucitron', '_ga']) }] },
  ];
  it('puts the write in the refusal column and says it was removed, by what and when', () => {
    const m = consentMatrix(runs, { managers: { drove: 'tarteaucitron', present: ['tarteaucitron'] } });
    const ga = m.rows.find((r) => r.name === '_ga')!;
    expect(ga.firstSeen).toEqual({ 'no-choice': null, 'refuse-all': NEXT, 'accept-all': HOME });
    expect(ga.pattern).toBe('_ga*');
    expect(ga.removed).toEqual({ 'refuse-all': { by: `script ${TAC}`, afterMs: 15 } });
    const finding = m.findings.find((f) => f.id === 'tracker-after-refusal')!;
    expect(finding).toMatchObject({ cookie: '_ga', page: NEXT, severity: 'defect' });
    expect(finding.detail).toBe(`_ga set although the visitor refused every tracker, then removed by script ${TAC} 15 ms later (written all the same: a tag sends its hit as it writes)`);
    expect(m.findings.some((f) => f.id === 'no-consent-control')).toBe(false);
  });
});

describe('no-consent-control only where no control exists', () => {
  const audit = (names: string[]) => auditJar({ cookies: names.map((name) => ({ name, value: 'v', domain: 'data.metropole.fr', path: '/' })), pageUrl: HOME, entries: [{ pattern: '_ga*' }], now: new Date('2026-12-01T10:00:00Z') });
  /** The refusal and acceptance not reached for `blocker` (or reached, through the dialog); `how` is only their English trace. */
  const runs = (how: string, reached = false, blocker?: StateBlocker): JourneyRun[] => [
    { state: 'no-choice', reached: true, how: 'arrived', pages: [{ url: HOME, timedOut: false, audit: audit(['_ga']) }] },
    { state: 'refuse-all', reached, how, ...(blocker ? { outcome: { kind: 'not-reached' as const, blocker } } : {}), ...(reached ? { via: 'dialog' as const } : {}), pages: [] },
    { state: 'accept-all', reached, how, ...(blocker ? { outcome: { kind: 'not-reached' as const, blocker } } : {}), ...(reached ? { via: 'dialog' as const } : {}), pages: [] },
  ];
  const ids = (m: ReturnType<typeof consentMatrix>) => m.findings.map((f) => `${f.severity} ${f.id}`);
  it('an unknown dialog is a caution that names it, never "no consent control"', () => {
    const m = consentMatrix(runs('a consent dialog is present but could not be driven (div#cmp "Nous utilisons des cookies")', false, 'undriven-dialog'), { consentControl: false, managers: { present: [], unknownDialog: 'div#cmp "Nous utilisons des cookies"' } });
    expect(ids(m)).toContain('caution consent-not-driven');
    expect(ids(m)).not.toContain('defect no-consent-control');
    expect(m.findings.find((f) => f.id === 'consent-not-driven')!.detail).toContain('div#cmp "Nous utilisons des cookies"');
  });
  it('a manager of the site present, or a choice made through a dialog, is a consent control even where the platform has none', () => {
    expect(ids(consentMatrix(runs('no consent dialog shown', false, 'no-dialog'), { consentControl: false, managers: { present: ['tarteaucitron'] } }))).not.toContain('defect no-consent-control');
    expect(ids(consentMatrix(runs('refused', true), { consentControl: false, managers: { drove: 'tarteaucitron', present: ['tarteaucitron'] } }))).not.toContain('defect no-consent-control');
    expect(ids(consentMatrix(runs('refused', true), { consentControl: false }))).not.toContain('defect no-consent-control');
  });
  it('with nothing at all, trackers and no control is the defect', () => {
    expect(ids(consentMatrix(runs('no consent manager found in the page', false, 'no-manager'), { consentControl: false, managers: { present: [] } }))).toContain('defect no-consent-control');
    expect(ids(consentMatrix(runs('no consent manager found in the page', false, 'no-manager'), { managers: { present: [] } }))).toContain('defect no-consent-control');
  });
});
