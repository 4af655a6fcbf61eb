// Files and URLs in, files out, each failure one line: bad input (exit 2) when what was named is
// not usable as input, an IoError (exit 4) when writing fails.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { cleanText } from '../core/text/clean-text.ts';
import { fetchText } from '../net/fetch-text.ts';
import { nodePublicFetch } from '../net/node-public-fetch.ts';
import { InputError } from './args.ts';

/** Reading or writing failed: a missing folder, a full disk, no permission. Exit status 4. */
export class IoError extends Error {}

/** The largest file the CLI reads: the extension fetches at most 5 MB; cookie files may be larger HARs. */
const MAX_FILE_BYTES = 50_000_000;

const reasonOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' ? 'no such file or folder' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : code === 'ENOSPC' ? 'no space left' : cleanText(String((error as Error)?.message ?? error));
};

/** A name from the command line or a file, safe to quote in a one-line message. */
export function quote(text: string, max = 120): string {
  const clean = cleanText(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export async function readSource(location: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(location)) {
    const result = await fetchText(location, { publicFetch: nodePublicFetch });
    if (!result.ok) throw new InputError(`${what} ${quote(location)}: ${result.reason}`);
    return result.text;
  }
  try {
    const info = await stat(location);
    if (info.isDirectory()) throw new InputError(`${what} ${quote(location)}: is a folder`);
    if (info.size > MAX_FILE_BYTES) throw new InputError(`${what} ${quote(location)}: larger than ${MAX_FILE_BYTES / 1e6} MB`);
    return await readFile(location, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what} ${quote(location)}: ${reasonOf(error)}`);
  }
}

/** Writes a file, its folder created when `createFolder`; any failure is an IoError naming the file. */
export async function writeOutput(file: string, text: string, createFolder = false): Promise<void> {
  try {
    if (createFolder) await mkdir(dirname(file), { recursive: true });
    else {
      const folder = await stat(dirname(file)).catch(() => undefined);
      if (!folder?.isDirectory()) throw Object.assign(new Error('folder missing'), { code: folder ? 'ENOTDIR' : 'ENOENT' });
    }
    // A temporary file beside it, renamed into place: the file appears whole, and a symlink in its
    // place is replaced, never followed (a file outside the folder is never written through it).
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
    try {
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, file);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  } catch (error) {
    throw new IoError(`cannot write ${quote(file)}: ${reasonOf(error)}`);
  }
}

export async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new IoError(`cannot create the folder ${quote(folder)}: ${reasonOf(error)}`);
  }
}
