// The README and docs/ say the same as the code and its data: every count they give is computed
// here from its source, every link they make opens a file of the repository, and none cites a
// file a reader of the repository cannot open.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { autoconsentManagers, readAutoconsentData } from '../src/core/consent/autoconsent/autoconsent-managers.ts';
import { MANAGERS } from '../src/core/consent/managers/index.ts';
import { readPortalList } from '../src/core/portals/portal-list.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const { rules } = readAutoconsentData(JSON.parse(read('dist/data/autoconsent-rules.json')));
const ruleManagers = autoconsentManagers(rules, 'https://example.org/').length;

describe('the docs say what the code does', () => {
  it('counts the consent managers as the code has them', () => {
    expect(read('README.md')).toContain(`| ${ruleManagers} more: Didomi`);
    // The journeys page: the rules' managers less the two autoconsent writes as classes (OneTrust, Cookiebot).
    const journeys = read('docs/consent-journeys.md');
    expect(journeys).toContain(`| ${ruleManagers - 2} others, from DuckDuckGo autoconsent's rules`);
    expect(journeys).toContain(`The build ships the ${rules.length} generic rules`);
    for (const manager of MANAGERS) expect(read('docs/architecture.md')).toContain(manager.id);
  });

  it('counts the shipped portals as the list has them: its catalogues, and the distinct portals a scan visits', () => {
    const list = read('data/ods-portals/portals.csv');
    const catalogues = list.trim().split('\n').length - 1;
    const portals = readPortalList(list).portals.length;
    expect(read('docs/data-and-licences.md')).toContain(`the ${catalogues} catalogues tagged Opendatasoft`);
    expect(read('docs/data-and-licences.md')).toContain(`(${portals} portals:`);
    expect(read('docs/consent-journeys.md')).toContain(`none of the ${catalogues} listed portals`);
    expect(read('src/cli/args.ts')).toContain(`the ${portals} Opendatasoft portals`);
  });

  it('links only files of the repository, and cites none from outside it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = read(page);
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        if (!existsSync(resolve(root, dirname(page), target!))) broken.push(`${page} → ${target}`);
      }
      if (/\.\.\/shared\/|ods-platform-facts/.test(text)) broken.push(`${page} cites the team's research notes, not in the repository`);
    }
    expect(broken).toEqual([]);
  });

  it('states how long the test suite takes here, and what it needs', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/`npm test` takes about \d+ minutes on an idle 2-core machine/);
    for (const needed of ['chromium', 'firefox-esr', 'NO_FIREFOX=1', 'CHROMIUM_PATH', 'FIREFOX_PATH']) expect(readme).toContain(needed);
  });
});

describe('the locale files', () => {
  const en = JSON.parse(read('_locales/en/messages.json')) as Record<string, { message: string; placeholders?: Record<string, unknown> }>;
  const fr = JSON.parse(read('_locales/fr/messages.json')) as typeof en;

  it('load in Chrome: no `$name$` placeholder that is not declared (two numbered ones side by side read as one)', () => {
    const bad = [...Object.entries(en), ...Object.entries(fr)].flatMap(([key, m]) => [...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].filter((p) => !m.placeholders?.[p[1]!.toLowerCase()]).map((p) => `${key}: ${p[0]}`));
    expect(bad).toEqual([]);
    expect(Object.keys(en).filter((k) => !/^[A-Za-z0-9_@]+$/.test(k))).toEqual([]);
  });

  it('say every message in both languages, with the same substitutions', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const slots = (m: string) => [...new Set(m.match(/\$\d/g) ?? [])].sort().join();
    expect(Object.keys(en).filter((k) => slots(en[k]!.message) !== slots(fr[k]!.message))).toEqual([]);
  });
});
