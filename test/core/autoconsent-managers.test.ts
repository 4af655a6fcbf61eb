// DuckDuckGo autoconsent's rules as the auditor uses them: which of the real rule set (the
// devDependency's rules.json, filtered as the build filters it) become managers on a portal, what
// bounds each one's clicks, and how the journey runner confirms a choice whose record it cannot read.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type AutoconsentRule, autoconsentManager, autoconsentManagers, readAutoconsentData, ruleSkipped } from '../../src/core/consent/autoconsent/autoconsent-managers.ts';
import { type JourneyDriver, runJourneys } from '../../src/core/consent/journey-runner.ts';
import { managerLabel } from '../../src/core/consent/manager-names.ts';
import { MANAGERS } from '../../src/core/consent/managers/index.ts';
import type { AuditResult } from '../../src/core/types.ts';

const require = createRequire(import.meta.url);
const ALL: AutoconsentRule[] = (require('@duckduckgo/autoconsent/rules/rules.json') as { autoconsent: AutoconsentRule[] }).autoconsent;
const GENERIC = ALL.filter((r) => !r.runContext?.urlPattern);
const PORTAL = 'https://data.toulouse-metropole.fr/pages/accueil/';

describe('autoconsent rules as managers', () => {
  it('takes every generic rule that can make a choice, and the two class-written ones, never one for a manager of our own', () => {
    const managers = autoconsentManagers(GENERIC, PORTAL);
    const names = managers.map((m) => m.name);
    for (const name of ['didomi', 'axeptio', 'Sirdata', 'iubenda', 'cookieyes', 'Complianz banner', 'quantcast', 'cookieconsent2', 'onetrust', 'cookiebot']) expect(names).toContain(name);
    for (const name of ['tarteaucitron.js', 'cookieconsent3']) expect(names).not.toContain(name);
    expect(managers.every((m) => m.id === `autoconsent:${m.name}` && m.confirmedBy === 'dialog-closed' && m.rule.steps)).toBe(true);
    // The cosmetic ones only hide a popup: they never make a choice.
    const cosmetic = GENERIC.filter((r) => r.cosmetic).map((r) => r.name);
    expect(cosmetic.length).toBeGreaterThan(10);
    expect(names.filter((n) => cosmetic.includes(n))).toEqual([]);
    expect(managers.length).toBe(GENERIC.filter((r) => ruleSkipped(r, PORTAL) === '').length + 2);
  });

  it('leaves the site-specific rules to their sites: none of the 441 listed portals matches one', () => {
    const portals = readFileSync('data/ods-portals/portals.csv', 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!).filter(Boolean);
    expect(portals.length).toBe(441);
    const specific = ALL.filter((r) => r.runContext?.urlPattern);
    expect(specific.length).toBeGreaterThan(100);
    const matched = portals.flatMap((url) => specific.filter((r) => ruleSkipped(r, `${url}/`) === '').map((r) => `${url} ${r.name}`));
    expect(matched).toEqual([]);
  });

  it('says why a rule is not used', () => {
    const rule: AutoconsentRule = { name: 'x', detectCmp: [{ exists: '#x' }], detectPopup: [{ visible: '#x' }], optOut: [{ click: '#no' }], optIn: [{ click: '#yes' }] };
    expect(ruleSkipped(rule, PORTAL)).toBe('');
    expect(ruleSkipped({ ...rule, runContext: { urlPattern: '^https://(www\\.)?example\\.com/' } }, PORTAL)).toBe('written for another site');
    expect(ruleSkipped({ ...rule, runContext: { urlPattern: '^https://data\\.toulouse-metropole\\.fr/' } }, PORTAL)).toBe('');
    expect(ruleSkipped({ ...rule, runContext: { urlPattern: '([' } }, PORTAL)).toBe('its address pattern does not parse');
    expect(ruleSkipped({ ...rule, runContext: { main: false, frame: true } }, PORTAL)).toBe('runs only in frames');
    expect(ruleSkipped({ ...rule, minimumRuleStepVersion: 3 }, PORTAL)).toBe('steps this driver does not know');
    expect(ruleSkipped({ ...rule, minimumRuleStepVersion: 2 }, PORTAL)).toBe('');
    expect(ruleSkipped({ ...rule, intermediate: true }, PORTAL)).toBe('one stage of a flow over several pages');
    for (const steps of ['detectCmp', 'detectPopup', 'optOut', 'optIn'] as const) {
      expect(ruleSkipped({ ...rule, [steps]: [] }, PORTAL), steps).toBe('no detection, opt-out or opt-in steps');
      expect(ruleSkipped({ ...rule, [steps]: undefined }, PORTAL), steps).toBe('no detection, opt-out or opt-in steps');
    }
    expect(ruleSkipped({ ...rule, name: 'Klaro' }, PORTAL)).toBe('a manager with a module of its own');
  });

  it('bounds the clicks by the containers the rule names: what it pre-hides, finds it by and shows as its popup (a chain by its first link, never an XPath)', () => {
    const didomi = autoconsentManager(GENERIC.find((r) => r.name === 'didomi')!);
    expect(didomi.rule.present).toContain('#didomi-host');
    expect(didomi.rule.present.some((s) => s.includes('#didomi-popup'))).toBe(true);
    const made = autoconsentManager({ name: 'm', prehideSelectors: ['#m'], detectCmp: [{ exists: ['my-cmp', '#inner'] }], detectPopup: [{ any: [{ visible: 'xpath///div[@id="p"]' }, { visible: '.popup' }] }], optOut: [], optIn: [] });
    expect(made.rule.present).toEqual(['#m', 'my-cmp', '.popup']);
    // Its own steps, and nothing of a record: none is known for it.
    const source = GENERIC.find((r) => r.name === 'didomi')!;
    expect(didomi.rule.steps).toEqual({ detectCmp: source.detectCmp, detectPopup: source.detectPopup, optOut: source.optOut, optIn: source.optIn });
    expect([didomi.consentCookies, didomi.keysOf([{ name: 'didomi_token', value: 'x' }]), didomi.recorded([{ name: 'didomi_token', value: 'x' }])]).toEqual([[], [], undefined]);
  });

  it('adds the rules restated from autoconsent\'s classes only where its file has none of the same name', () => {
    const step = { exists: '#x' };
    const own = { name: 'OneTrust', detectCmp: [step], detectPopup: [step], optOut: [{ click: '#no' }], optIn: [{ click: '#yes' }] };
    expect(autoconsentManagers([], PORTAL).map((m) => m.name)).toEqual(['onetrust', 'cookiebot']);
    expect(autoconsentManagers([own], PORTAL).map((m) => m.name)).toEqual(['OneTrust', 'cookiebot']);
  });

  it('reads the build\'s file, and anything else as no rules', () => {
    expect(readAutoconsentData({ version: '16.23.0', rules: [{ name: 'a' }, 3, null, { nope: 1 }] })).toEqual({ version: '16.23.0', rules: [{ name: 'a' }] });
    for (const bad of [undefined, null, 'rules', { rules: 'x' }, [], { length: 1, rules: { 0: { name: 'a' } } }]) expect(readAutoconsentData(bad)).toEqual({ version: '', rules: [] });
    expect(readAutoconsentData({ version: 16, rules: [{ name: 'a' }, { name: 7 }] })).toEqual({ version: '', rules: [{ name: 'a' }] });
  });
});

describe('the journey runner with a manager known from a rule', () => {
  const audit = (url: string) => ({ pageUrl: url, cookies: [] }) as unknown as AuditResult;
  const didomi = autoconsentManager(GENERIC.find((r) => r.name === 'didomi')!);
  const driver = (closed: boolean, outcome: 'chosen' | 'not-found' = 'chosen'): JourneyDriver => ({
    clean: async () => undefined,
    load: async () => 'complete',
    quiet: async () => undefined,
    pause: async () => undefined,
    where: async () => ({ url: PORTAL, sameDocument: true }),
    detect: async () => ({ present: [{ id: 'opendatasoft', dialog: false }, { id: didomi.id, dialog: true }] }),
    choose: async (_rule, choice) => (outcome === 'chosen' ? { outcome, method: 'rule-steps', closed, choice, labels: [], mark: 'm' } : { outcome, miss: 'rule-incomplete', choice, labels: [], mark: 'm' }),
    portalCookies: async () => [],
    writeCookie: async () => true,
    audit: async () => audit(PORTAL),
  });

  it('drives the manager whose popup shows over a platform control that shows none, and counts the choice once its popup is gone', async () => {
    const outcome = await runJourneys(driver(true), PORTAL, { managers: [...MANAGERS, didomi] });
    expect(outcome.managers).toEqual({ drove: 'autoconsent:didomi', present: ['opendatasoft', 'autoconsent:didomi'] });
    expect(outcome.runs[1]).toMatchObject({ reached: true, via: 'dialog', manager: 'autoconsent:didomi', how: "the autoconsent rule's opt-out steps; its dialog closed (its record is not one the auditor reads)" });
  });

  it('does not count a choice after which the popup stayed, and has no record of its own to set directly', async () => {
    const open = await runJourneys(driver(false), PORTAL, { managers: [...MANAGERS, didomi] });
    expect(open.runs[1]).toMatchObject({ reached: false, how: "the autoconsent rule's opt-out steps, but its consent dialog stayed open", manager: 'autoconsent:didomi' });
    const fallback = await runJourneys(driver(false, 'not-found'), PORTAL, { managers: [...MANAGERS, didomi], fallback: true });
    expect(fallback.runs[2]).toMatchObject({ reached: false, how: 'its autoconsent opt-in steps did not complete in the consent dialog; no record of its own is known to set directly' });
  });
});

describe('manager names as people know them', () => {
  it('names our own managers, and one known from a rule by its rule, in the reader\'s words', () => {
    expect(['opendatasoft', 'cookieconsent', 'klaro'].map((id) => managerLabel(id))).toEqual(['Opendatasoft', 'vanilla-cookieconsent', 'Klaro']);
    expect(managerLabel('autoconsent:didomi')).toBe('didomi (autoconsent rule)');
    expect(managerLabel('autoconsent:onetrust', (name) => `${name} (règle autoconsent)`)).toBe('onetrust (règle autoconsent)');
  });
});
