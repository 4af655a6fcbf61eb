// What classifies a page's requests and storage keys in a scan: the extension's own data files
// (organisations from third-party-web, the Open Cookie Database), read once from its folder, so a
// scan and the popup name the same organisations.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../core/explain/known-cookies.ts';
import type { TrackerKnowledge } from '../core/trackers/beyond-cookies.ts';
import { Organisations } from '../core/trackers/organisations.ts';

export async function trackerData(extensionDir: string): Promise<TrackerKnowledge> {
  const read = (name: string) => readFile(join(extensionDir, 'data', name), 'utf8').then(JSON.parse).catch(() => undefined);
  const [organisations, cookies] = await Promise.all([read('organisations.json'), read('open-cookie-database.json')]);
  return { organisations: Organisations.fromData(organisations), knowledge: new CookieKnowledge(fromCompactRows(Array.isArray(cookies) ? (cookies as CompactRow[]) : [])) };
}
