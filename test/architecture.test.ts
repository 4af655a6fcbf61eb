// The layers the README's layout describes, held against the code's own imports: the pure core
// imports no adapter, the scan and the background share code only through what both belong to,
// and no feature of the background imports another back.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const files = (dir: string): string[] => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
/** The files of this tree a file imports, as paths from the root. */
const importsOf = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => relative(root, resolve(dirname(join(root, file)), m[1]!)));

describe('the layers', () => {
  it('the core imports nothing of the browser, the background, the scan, the CLI or the popup', () => {
    // The locale files are data (the reports' words), shared with the popup.
    const offending = files('src/core').flatMap((f) => importsOf(f).filter((i) => !i.startsWith('src/core/') && !i.startsWith('_locales/')).map((i) => `${f} -> ${i}`));
    expect(offending).toEqual([]);
  });

  it('the scan imports nothing from the background: what both need lives where both belong', () => {
    const offending = files('src/scan').flatMap((f) => importsOf(f).filter((i) => i.startsWith('src/background/') || i.startsWith('src/browser/')).map((i) => `${f} -> ${i}`));
    expect(offending).toEqual([]);
  });

  it('the background has no import cycle', () => {
    const graph = new Map(files('src/background').map((f) => [f, importsOf(f).filter((i) => i.startsWith('src/background/'))]));
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) return void cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('src has no import cycle, type-only imports included', () => {
    // A cycle of types is still two modules that cannot be understood apart; shared words live in
    // the leaves of src/core/vocabulary instead.
    const graph = new Map(files('src').map((f) => [f, importsOf(f).filter((i) => i.startsWith('src/'))]));
    const cycles = new Set<string>();
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void cycles.add([...path.slice(path.indexOf(file)), file].join(' -> '));
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect([...cycles]).toEqual([]);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    const found: string[] = [];
    const state = new Map<string, string>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(found).toEqual(['a -> b -> c -> a']);
  });

  it('the in-page consent driver brings nothing but itself and the core\'s types into the page', () => {
    // Its bundle runs in the portal's document: no browser API wrapper, no adapter, no runtime code of the core.
    const source = (f: string) => readFileSync(join(root, f), 'utf8');
    const offending = files('src/page/consent-driver').flatMap((f) => importsOf(f).filter((i) => !i.startsWith('src/page/consent-driver/') && !i.startsWith('src/core/')).map((i) => `${f} -> ${i}`));
    const valueImports = files('src/page/consent-driver').flatMap((f) => [...source(f).matchAll(/^import\s+(?!type\b)[^'"]*from\s+'(\.[^']+)'/gm)].filter((m) => m[1]!.includes('/core/')).map((m) => `${f} -> ${m[1]}`));
    expect(offending).toEqual([]);
    expect(valueImports).toEqual([]);
  });

  it('the vocabulary is a leaf: it imports nothing', () => {
    expect(files('src/core/vocabulary').flatMap((f) => importsOf(f).map((i) => `${f} -> ${i}`))).toEqual([]);
  });

  it('only the consent managers read a consent record: their readers are imported nowhere else', () => {
    const managers = 'src/core/consent/managers/';
    // Every reader a manager module exports (readTarteaucitron, readConsentValue, readJsonChoices…).
    const readers = files(managers).flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/^export (?:function|const) (read\w+)/gm)].map((m) => m[1]!));
    expect(readers.length).toBeGreaterThanOrEqual(4);
    const outside = [...files('src'), ...files('popup'), ...files('options')].filter((f) => !f.startsWith(managers));
    const offending = outside.flatMap((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      return readers.filter((r) => new RegExp(`\\b${r}\\b`).test(text)).map((r) => `${f} uses ${r}`);
    });
    expect(offending).toEqual([]);
  });

  it('only src/browser touches the WebExtensions API (the polyfill is imported once)', () => {
    const users = [...files('src'), ...files('popup'), ...files('options')].filter((f) => /from 'webextension-polyfill'/.test(readFileSync(join(root, f), 'utf8')));
    expect(users).toEqual(['src/browser/browser.ts']);
  });
});
