// Who set each cookie: the writes a recorder saw during a visit (an HTTP response's Set-Cookie line,
// or a script's `document.cookie` / `cookieStore.set`), reduced to what a report may keep: the name,
// the domain it was written for, who wrote it and when. Values are dropped here, at the edge: a
// recorder hands a Set-Cookie line or a script's attributes in, and gets back a write without one.
import { parseSetCookie } from '../har/set-cookie.ts';
import type { WriteKind } from './setter-types.ts';

export type { WriteKind };

/** One write of a cookie, as a recorder saw it. Never a value. */
export interface CookieWrite {
  kind: WriteKind;
  name: string;
  /** The domain it was written for: its Domain attribute, else the response's or the document's host. */
  domain: string;
  /** The response's URL, or the script's (the first frame of its stack that is a web address). */
  url?: string;
  /** The page the visitor was on (the top-level document). */
  page: string;
  /** The document that wrote it, when a frame and not the page. */
  frame?: string;
  /** Milliseconds after the page's navigation started. */
  afterMs: number;
  /** The write removed the cookie (an expiry in the past): it set nothing. */
  removal?: boolean;
}

/** What the page's hook (src/page/hook-cookie-writes.ts) reports of a script's write; its value only to be removed (hookedValues). */
export interface HookedWrite {
  kind: 'document.cookie' | 'cookieStore';
  name: string;
  /** What followed the value (`path=/; max-age=…`), or the cookieStore options written as such. */
  attributes: string;
  stack: string;
  /** The document that wrote it. */
  document: string;
  /** Date.now() in the page. */
  at: number;
  /** What was written: only ever a value to remove from what is kept (hookedValues), never kept itself. */
  value?: string;
  /**
   * Read back at once, the document held no cookie of that name: the browser did not keep it (a
   * third-party frame whose cookies it blocks, a domain the page may not set). Not a write of the jar.
   */
  refused?: boolean;
}

/** Where a write happened, as the recorder knows it. */
export interface WriteContext {
  page: string;
  frame?: string;
  afterMs: number;
  /** Now, for expiry dates (ms since the epoch). */
  now?: number;
}

const withoutHash = (url: string) => url.replace(/#.*$/, '');
const removed = (expirationDate: number | undefined, now: number) => expirationDate !== undefined && expirationDate * 1000 <= now;

/** An HTTP response's Set-Cookie lines (one per line, as the DevTools protocol joins them) as writes. */
export function responseWrites(setCookie: string, responseUrl: string, context: WriteContext): CookieWrite[] {
  const now = context.now ?? Date.now();
  return setCookie.split('\n').flatMap((line) => {
    let cookie;
    try {
      cookie = line.trim() ? parseSetCookie(line, responseUrl, now) : undefined;
    } catch {
      return []; // not a web address: nothing a page could have been given
    }
    if (!cookie || !cookie.name) return [];
    return [write('response', cookie.name, cookie.domain, responseUrl, context, removed(cookie.expirationDate, now))];
  });
}

/**
 * The values of Set-Cookie lines, kept by a recorder in memory only: what must be removed from the
 * addresses and logs it writes (a tracker copies its identifier into its beacons).
 */
export function setCookieValues(setCookie: string): string[] {
  return setCookie.split('\n').flatMap((line) => {
    const value = /^[^=;]*=([^;]*)/.exec(line)?.[1]?.trim();
    return value ? [value] : [];
  });
}

/**
 * A script's write. `attributes` is what follows the value in a `document.cookie` assignment
 * (`path=/; max-age=…`): the hook in the page splits the value off before anything leaves it.
 */
export function scriptWrite(kind: 'document.cookie' | 'cookieStore', name: string, attributes: string, documentUrl: string, scriptUrl: string | undefined, context: WriteContext): CookieWrite | undefined {
  const now = context.now ?? Date.now();
  let cookie;
  try {
    cookie = parseSetCookie(`${name}=; ${attributes}`, documentUrl, now);
  } catch {
    return undefined;
  }
  if (!cookie?.name) return undefined;
  return write(kind, cookie.name, cookie.domain, scriptUrl, context, removed(cookie.expirationDate, now));
}

function write(kind: WriteKind, name: string, domain: string, url: string | undefined, context: WriteContext, removal: boolean): CookieWrite {
  return {
    kind,
    name,
    domain,
    ...(url ? { url } : {}),
    page: context.page,
    ...(context.frame && withoutHash(context.frame) !== withoutHash(context.page) ? { frame: withoutHash(context.frame) } : {}),
    afterMs: Math.max(0, Math.round(context.afterMs)),
    ...(removal ? { removal: true } : {}),
  };
}

/**
 * The script behind a write, from the stack the hook took: the first frame whose script has a web
 * address (the hook's own frame, the browser's and extensions' are skipped). Chromium writes
 * `    at f (https://x/a.js:1:2)`, Firefox `f@https://x/a.js:1:2`. Undefined when no frame has one
 * (code from `eval` or a string handed to a timer).
 */
export function scriptUrlOfStack(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(0, 40)) {
    // The address ends at the frame's `:line:column`; Chromium wraps it in parentheses after a name.
    const match = /(https?:\/\/[^\s()@]+?):\d+:\d+\)?\s*$/.exec(line.trim());
    if (match && !/^\s*at eval |eval at /.test(line)) return match[1];
  }
  return undefined;
}

/**
 * A hook's report as a write, or undefined when it is not one: the report comes from the page's own
 * world, where the page could forge it, so its shape and sizes are checked before anything is kept.
 */
export function hookedWrite(text: unknown, context: Omit<WriteContext, 'frame'>): CookieWrite | undefined {
  let h: Partial<HookedWrite>;
  try {
    h = typeof text === 'string' && text.length <= 10_000 ? (JSON.parse(text) as Partial<HookedWrite>) : {};
  } catch {
    return undefined;
  }
  if ((h.kind !== 'document.cookie' && h.kind !== 'cookieStore') || typeof h.name !== 'string' || typeof h.attributes !== 'string' || typeof h.document !== 'string' || !/^https?:/.test(h.document)) return undefined;
  // A write the browser refused set nothing: counting it would list a cookie no visitor ever held.
  if (h.refused === true) return undefined;
  const stack = typeof h.stack === 'string' ? h.stack : '';
  return scriptWrite(h.kind, h.name.slice(0, 256), h.attributes.slice(0, 512), h.document, scriptUrlOfStack(stack), { ...context, frame: h.document });
}
