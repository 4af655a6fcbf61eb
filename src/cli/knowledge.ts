// What every command shares of the build: its version, its folder, the Open Cookie Database.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CookieKnowledge } from '../core/explain/explain-cookie.ts';
import { type CompactRow, fromCompactRows } from '../core/explain/known-cookies.ts';

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
/** The project's folder: the bundle lives in dist/cli/. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The Open Cookie Database as the build writes it (dist/data), to explain undeclared cookies. */
export async function loadKnowledge(): Promise<CookieKnowledge> {
  try {
    return new CookieKnowledge(fromCompactRows(JSON.parse(await readFile(join(ROOT, 'dist/data/open-cookie-database.json'), 'utf8')) as CompactRow[]));
  } catch {
    return new CookieKnowledge([]);
  }
}
