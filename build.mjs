// Builds the extension for Chrome and Firefox from the one manifest.json, and the CLI.
//   node build.mjs             dist/chrome, dist/firefox, dist/cli
//   node build.mjs --if-stale  the same, only when a source is newer than the last build
//   node build.mjs --e2e       also dist/e2e-chrome and dist/e2e-firefox: the same code, with the
//                              local test portal's origins granted in the manifest (a test cannot
//                              click a permission prompt) and, for Firefox, the popup page reachable
//                              from them. Never packaged.
import { build } from 'esbuild';
import Papa from 'papaparse';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const args = new Set(process.argv.slice(2));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SOURCES = ['src', 'popup', 'options', 'data', '_locales', 'icons', 'manifest.json', 'build.mjs', 'package.json', 'package-lock.json'];
const stamp = join(root, 'dist', '.built');
const E2E_ORIGINS = ['*://127.0.0.1/*', '*://localhost/*', '*://*.localhost/*'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function manifestFor(browser, e2e) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  manifest.version = pkg.version;
  if (browser === 'chrome') {
    delete manifest.browser_specific_settings;
  } else {
    // Firefox runs MV3 background pages as event pages, declared as scripts.
    manifest.background = { scripts: ['background.js'] };
    delete manifest.minimum_chrome_version;
  }
  if (e2e) {
    manifest.host_permissions = E2E_ORIGINS;
    // What the popup asks at a recorded visit, granted ahead: a test cannot click the prompt.
    manifest.permissions = [...manifest.permissions, 'webRequest'];
    manifest.optional_permissions = manifest.optional_permissions.filter((p) => p !== 'webRequest');
    // Firefox's WebDriver BiDi will not navigate to moz-extension: pages; the test page does it.
    if (browser === 'firefox') manifest.web_accessible_resources = [{ resources: ['popup/popup.html'], matches: E2E_ORIGINS }];
  }
  return manifest;
}

/**
 * The Open Cookie Database as compact rows, [platform, category, name, domain, description,
 * retention, controller, wildcard], loaded by the background only when it has something to explain.
 */
function buildCookieDatabase() {
  const dir = join(root, 'data/open-cookie-database');
  const { data } = Papa.parse(readFileSync(join(dir, 'open-cookie-database.csv'), 'utf8'), { header: true, skipEmptyLines: true });
  const rows = data
    .filter((r) => r['Cookie / Data Key name']?.trim())
    .map((r) => [r.Platform ?? '', r.Category ?? '', r['Cookie / Data Key name'].trim(), r.Domain ?? '', r.Description ?? '', r['Retention period'] ?? '', r['Data Controller'] ?? '', r['Wildcard match'] === '1' ? 1 : 0]);
  const out = join(root, 'dist/data');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'open-cookie-database.json'), JSON.stringify(rows));
  // Apache-2.0, section 4: the licence and where the data came from travel with it.
  cpSync(join(dir, 'LICENSE'), join(out, 'open-cookie-database.LICENSE'));
  cpSync(join(dir, 'SOURCE.md'), join(out, 'open-cookie-database.SOURCE.md'));
}

/**
 * DuckDuckGo autoconsent's JSON rules (MPL-2.0), for the consent managers the auditor has no module
 * of its own for. Only the generic ones: the others carry a urlPattern for one site, and none of
 * the 441 listed portals matches any of them. What runs them: src/core/consent/autoconsent.
 */
function buildAutoconsentRules() {
  const dir = join(root, 'node_modules/@duckduckgo/autoconsent');
  const { autoconsent } = JSON.parse(readFileSync(join(dir, 'rules/rules.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rules = autoconsent.filter((r) => !r.runContext?.urlPattern).map(({ _metadata, test, ...rule }) => rule);
  const out = join(root, 'dist/data');
  writeFileSync(join(out, 'autoconsent-rules.json'), JSON.stringify({ version, rules }));
  // MPL-2.0, section 3.2: the licence travels with the rules, and where their source is.
  cpSync(join(dir, 'LICENSE'), join(out, 'autoconsent-rules.LICENSE'));
  writeFileSync(join(out, 'autoconsent-rules.SOURCE.md'), `From @duckduckgo/autoconsent ${version} (https://github.com/duckduckgo/autoconsent, rules/rules.json): the rules without a urlPattern, their _metadata and test fields left out. Licence: MPL-2.0 (autoconsent-rules.LICENSE).\n`);
}

/**
 * third-party-web's entities (MIT), as compact rows [name, company, category, domains]: who a
 * request goes to (src/core/trackers/organisations.ts). Its statistics and homepages left out.
 */
function buildOrganisations() {
  const dir = join(root, 'node_modules/third-party-web');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entities = JSON.parse(readFileSync(join(dir, 'dist/entities-nostats.json'), 'utf8'));
  const rows = entities.map((e) => [e.name, e.company ?? '', e.category ?? 'other', e.domains ?? []]);
  const out = join(root, 'dist/data');
  writeFileSync(join(out, 'organisations.json'), JSON.stringify({ version, rows }));
  // MIT: the copyright notice and the licence travel with the data.
  cpSync(join(dir, 'LICENSE'), join(out, 'organisations.LICENSE'));
  writeFileSync(join(out, 'organisations.SOURCE.md'), `From third-party-web ${version} (https://github.com/patrickhulce/third-party-web, dist/entities-nostats.json): each entity's name, company, category and domains. Licence: MIT (organisations.LICENSE).\n`);
}

/**
 * The Public Suffix List for the extension's background, as data it reads when first needed (a
 * service worker cannot import code lazily): the rules of tldts' own copy, read out of its trie,
 * so the extension and Node (which use tldts itself) answer alike.
 */
async function buildPublicSuffixes() {
  const trie = await import(pathToFileURL(join(root, 'node_modules/tldts/dist/es6/src/data/trie.js')).href);
  const offsets = [];
  for (let e = 0, o = 0; e < trie.edgeLength.length; e++) {
    offsets.push(o);
    o += trie.edgeLength[e];
  }
  const collect = (start) => {
    const found = [];
    const walk = (node, path) => {
      for (let e = trie.edgeStart[node]; e < trie.edgeStart[node + 1]; e++) {
        const next = [trie.labelText.slice(offsets[e], offsets[e] + trie.edgeLength[e]), ...path];
        if (trie.nodeFlags[trie.edgeChild[e]] !== 0) found.push(next.join('.'));
        walk(trie.edgeChild[e], next);
      }
    };
    walk(start, []);
    return found.sort();
  };
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules/tldts/package.json'), 'utf8'));
  writeFileSync(join(root, 'dist/data/public-suffix.json'), JSON.stringify({ source: `tldts ${version}`, rules: collect(trie.rulesRoot), exceptions: collect(trie.exceptionsRoot) }));
}

async function buildExtension() {
  const common = { bundle: true, minify: true, sourcemap: false, target: ['chrome120', 'firefox140'], legalComments: 'none', logLevel: 'warning', define: { __VERSION__: JSON.stringify(pkg.version) } };
  const out = join(root, 'dist', 'ext');
  rmSync(out, { recursive: true, force: true });
  await build({ ...common, entryPoints: { background: join(root, 'src/background.ts') }, outdir: out, format: 'iife' });
  await build({ ...common, entryPoints: { 'popup/popup': join(root, 'popup/main.tsx') }, outdir: out, format: 'iife', jsx: 'automatic', jsxImportSource: 'preact' });
  await build({ ...common, entryPoints: { 'options/options': join(root, 'options/main.tsx') }, outdir: out, format: 'iife', jsx: 'automatic', jsxImportSource: 'preact' });
  // The evidence recorder's page hook and its relay, registered during a Fresh visit or Check consent.
  await build({ ...common, entryPoints: { 'page/cookie-hook': join(root, 'src/page/entries/cookie-hook.ts'), 'page/cookie-relay': join(root, 'src/page/entries/cookie-relay.ts') }, outdir: out, format: 'iife' });
  // The in-page consent driver, injected once per document by Check consent and by the scan's journeys.
  await build({ ...common, entryPoints: { 'page/consent-driver': join(root, 'src/page/entries/consent-driver.ts') }, outdir: out, format: 'iife' });
  cpSync(join(root, 'options/options.html'), join(out, 'options/options.html'));
  cpSync(join(root, 'options/options.css'), join(out, 'options/options.css'));
  cpSync(join(root, 'popup/popup.html'), join(out, 'popup/popup.html'));
  cpSync(join(root, 'popup/popup.css'), join(out, 'popup/popup.css'));
  cpSync(join(root, '_locales'), join(out, '_locales'), { recursive: true });
  cpSync(join(root, 'icons'), join(out, 'icons'), { recursive: true });
  cpSync(join(root, 'dist/data'), join(out, 'data'), { recursive: true });
  const targets = [['chrome', false], ['firefox', false]];
  if (args.has('--e2e')) targets.push(['chrome', true], ['firefox', true]);
  for (const [browser, e2e] of targets) {
    const dir = join(root, 'dist', e2e ? `e2e-${browser}` : browser);
    rmSync(dir, { recursive: true, force: true });
    cpSync(out, dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifestFor(browser, e2e), null, 2));
  }
  rmSync(out, { recursive: true, force: true });
}

async function buildCli() {
  await build({
    entryPoints: [join(root, 'src/cli/ods-cookie-audit.ts')],
    outfile: join(root, 'dist/cli/ods-cookie-audit.mjs'),
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    // puppeteer-core loads parts of itself at run time: use it from node_modules as it ships.
    external: ['puppeteer-core'],
    define: { __VERSION__: JSON.stringify(pkg.version) },
  });
}

const stale = !existsSync(stamp) || Math.max(...SOURCES.map((s) => newest(join(root, s)))) > statSync(stamp).mtimeMs
  || (args.has('--e2e') && !existsSync(join(root, 'dist/e2e-chrome')));
if (args.has('--if-stale') && !stale) process.exit(0);
mkdirSync(join(root, 'dist'), { recursive: true });
buildCookieDatabase();
buildAutoconsentRules();
buildOrganisations();
await buildPublicSuffixes();
await Promise.all([buildExtension(), buildCli()]);
writeFileSync(stamp, new Date().toISOString());
