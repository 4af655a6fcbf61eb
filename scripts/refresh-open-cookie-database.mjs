// Refreshes data/open-cookie-database from the upstream repository at a commit (default: main),
// checks that it still has the columns the build reads, and records the commit in SOURCE.md.
//   node scripts/refresh-open-cookie-database.mjs [commit]
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';

const commit = process.argv[2] ?? 'main';
const base = `https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/${commit}`;
const dir = new URL('../data/open-cookie-database/', import.meta.url);
const COLUMNS = ['Platform', 'Category', 'Cookie / Data Key name', 'Domain', 'Description', 'Retention period', 'Data Controller', 'Wildcard match'];

const response = await fetch(`${base}/open-cookie-database.csv`);
if (!response.ok) throw new Error(`${base}/open-cookie-database.csv: HTTP ${response.status}`);
const csv = await response.text();
const { data, meta, errors } = Papa.parse(csv, { header: true, skipEmptyLines: true });
const missing = COLUMNS.filter((c) => !meta.fields.includes(c));
if (missing.length || errors.length > 5) throw new Error(`unexpected CSV: missing ${missing.join(', ')}; ${errors.length} parse errors`);
const licence = await fetch(`${base}/LICENSE`);
if (!licence.ok) throw new Error(`${base}/LICENSE: HTTP ${licence.status}`);

writeFileSync(new URL('open-cookie-database.csv', dir), csv);
writeFileSync(new URL('LICENSE', dir), await licence.text());
const source = readFileSync(new URL('SOURCE.md', dir), 'utf8').replace(/commit [0-9a-f]{7,40}|commit main/, `commit ${commit}`);
writeFileSync(new URL('SOURCE.md', dir), source);
console.log(`${data.length} cookies from ${commit}; run npm test before committing.`);
