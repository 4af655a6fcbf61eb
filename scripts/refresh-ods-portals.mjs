// Refreshes data/ods-portals/portals.csv (the default list of `scan --all-known-portals`) from a
// checkout of the Common Data Index's dataportals-registry: every catalogue whose software is
// Opendatasoft, one row each (link, name, country). Its LICENSE (MIT) is copied along.
//   git clone https://github.com/commondataio/dataportals-registry /tmp/registry
//   node scripts/refresh-ods-portals.mjs /tmp/registry [commit]
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const [registry, commit = 'unknown commit'] = process.argv.slice(2);
if (!registry || !existsSync(join(registry, 'data/entities'))) {
  console.error('usage: node scripts/refresh-ods-portals.mjs <dataportals-registry checkout> [commit]');
  process.exit(2);
}
// The readers are the project's own TypeScript: bundled for Node on the fly, as the benchmarks are.
const bundle = new URL('../dist/scripts/portals.mjs', import.meta.url);
await build({
  stdin: { contents: "export * from './src/core/portals/registry-entry.ts'; export * from './src/core/portals/portal-list.ts';", resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' },
  outfile: bundle.pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const { readRegistryEntry, portalsCsv, portalKey } = await import(bundle.href);

const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) files.push(path);
  }
};
walk(join(registry, 'data/entities'));
const portals = new Map();
for (const file of files) {
  const portal = readRegistryEntry(readFileSync(file, 'utf8'));
  if (portal && !portals.has(portalKey(portal.url))) portals.set(portalKey(portal.url), portal);
}
const dir = new URL('../data/ods-portals/', import.meta.url);
writeFileSync(new URL('portals.csv', dir), portalsCsv([...portals.values()]));
if (existsSync(join(registry, 'LICENSE'))) copyFileSync(join(registry, 'LICENSE'), new URL('LICENSE', dir));
const source = readFileSync(new URL('SOURCE.md', dir), 'utf8')
  .replace(/commit [0-9a-f]{7,40}[^,)]*/, `commit ${commit}`)
  .replace(/\b\d+ portals\b/, `${portals.size} portals`);
writeFileSync(new URL('SOURCE.md', dir), source);
console.log(`${portals.size} Opendatasoft portals out of ${files.length} catalogues; run npm test before committing.`);
