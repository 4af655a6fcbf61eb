// What a visit shows beyond cookies, as recorders see it: each write to web storage (localStorage,
// sessionStorage, an IndexedDB database opened) with the script behind it, each request the page's
// frames make, and the storage keys the frames hold when the page is audited. Names and addresses
// only: a stored value is never read, and an address keeps its query's names, never their values.
import { scriptUrlOfStack } from '../evidence/cookie-writes.ts';
import { CappedLog } from '../evidence/write-log.ts';

import type { RequestType, StorageArea, TraceCoverage } from './tracker-types.ts';

export type { RequestType, StorageArea, TraceCoverage };

/** A script's write to web storage (or an IndexedDB database it opened). */
export interface StorageWrite {
  kind: StorageArea;
  /** The key, or the database's name. */
  name: string;
  /** The origin of the frame whose storage it is. */
  origin: string;
  /** The script behind it (the first web address of its stack), without query values. */
  script?: string;
  page: string;
  afterMs: number;
}

/** A request of the page's frames (the page's own navigation left out). */
export interface RequestSeen {
  kind: 'request';
  /** Its address without query values (`…/g/collect?v=&tid=&cid=`). */
  url: string;
  type: RequestType;
  /** The script that started it, when the recorder knows (the scan's DevTools protocol does). */
  script?: string;
  page: string;
  afterMs: number;
}

export type PageTrace = StorageWrite | RequestSeen;

/** A key (or database) a frame's storage holds when the page is audited. */
export interface HeldStorage {
  area: StorageArea;
  name: string;
  origin: string;
}

/** The hook's report of a storage write or a request (src/page/hook-cookie-writes.ts): never a value. */
export interface HookedTrace {
  kind: StorageArea | 'request';
  /** The key, the database's name, or the request's address without query values. */
  name: string;
  /** A request's initiator type (Resource Timing's `initiatorType`). */
  attributes?: string;
  stack?: string;
  document: string;
  at: number;
  /** What a storage write wrote: only ever a value to remove from what is kept (hookedValues). */
  value?: string;
}

/**
 * An address as a report may keep it: scheme, host, port and path, and the names of its query's
 * parameters with their values dropped (a tracker's hit carries the visitor's identifier there).
 * No credentials, no fragment. Anything that is not a web address comes back as ''.
 */
export function withoutQueryValues(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ws:' && u.protocol !== 'wss:') return '';
  const names = [...new Set([...u.searchParams.keys()])].slice(0, 40);
  const query = names.length ? `?${names.map((n) => `${encodeURIComponent(n).slice(0, 64)}=`).join('&')}` : '';
  return `${u.protocol}//${u.host}${u.pathname.slice(0, 512)}${query}`;
}

const RESOURCE_TIMING_TYPES: Record<string, RequestType> = {
  script: 'script', img: 'image', image: 'image', beacon: 'beacon', ping: 'beacon', fetch: 'fetch', xmlhttprequest: 'xhr', xhr: 'xhr',
  iframe: 'frame', frame: 'frame', subdocument: 'frame', document: 'frame', link: 'style', css: 'style', stylesheet: 'style', font: 'font',
  video: 'media', audio: 'media', media: 'media', websocket: 'websocket',
};

/** A request type from either source's word (Resource Timing's initiatorType, CDP's resource type). */
export function requestType(word: string | undefined): RequestType {
  return RESOURCE_TIMING_TYPES[(word ?? '').toLowerCase()] ?? 'other';
}

const originOf = (url: string) => {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A hook's report as a trace, or undefined when it is not one: it comes from the page's own world,
 * where the page could forge it, so its shape and sizes are checked and its address cleaned again.
 */
export function hookedTrace(text: unknown, context: { page: string; afterMs: number }): PageTrace | undefined {
  let h: Partial<HookedTrace>;
  try {
    h = typeof text === 'string' && text.length <= 10_000 ? (JSON.parse(text) as Partial<HookedTrace>) : {};
  } catch {
    return undefined;
  }
  if (typeof h.name !== 'string' || !h.name || typeof h.document !== 'string') return undefined;
  const origin = originOf(h.document);
  if (!origin) return undefined;
  const afterMs = Math.max(0, Math.round(context.afterMs));
  if (h.kind === 'request') {
    const url = withoutQueryValues(h.name);
    return url ? { kind: 'request', url, type: requestType(typeof h.attributes === 'string' ? h.attributes : undefined), page: context.page, afterMs } : undefined;
  }
  if (h.kind !== 'localStorage' && h.kind !== 'sessionStorage' && h.kind !== 'indexedDB') return undefined;
  const script = scriptUrlOfStack(typeof h.stack === 'string' ? h.stack : '');
  const cleanScript = script ? withoutQueryValues(script) : '';
  return { kind: h.kind, name: h.name.slice(0, 256), origin, ...(cleanScript ? { script: cleanScript } : {}), page: context.page, afterMs };
}

/** Beyond this many traces of one kind in a state, a page is flooding: the first ones are kept. */
export const MAX_TRACES_PER_KIND = 5_000;

/** The traces a recorder keeps, storage and requests each up to their own cap (as WriteLog does for cookies). */
export class TraceLog extends CappedLog<PageTrace, 'storage' | 'request'> {
  constructor(cap = MAX_TRACES_PER_KIND) {
    super((t) => (t.kind === 'request' ? 'request' : 'storage'), cap);
  }
}

/**
 * What of a stored value must be scrubbed from what is kept: the value, and where it is JSON (as
 * trackers store their state: `{"id":"…","created":…}`), each string and number in it, since a
 * tracker sends its identifier alone, not the JSON around it. Short parts are left to scrubList's floor.
 */
export function storedValueParts(value: string): string[] {
  const parts = [value];
  if (!/^\s*[[{]/.test(value) || value.length > 100_000) return parts;
  try {
    const walk = (v: unknown, depth: number): void => {
      if (depth > 8 || parts.length > 200) return;
      if (typeof v === 'string' || typeof v === 'number') parts.push(String(v));
      else if (v && typeof v === 'object') for (const child of Object.values(v)) walk(child, depth + 1);
    };
    walk(JSON.parse(value), 0);
  } catch {
    /* not JSON after all */
  }
  return parts;
}

/** How many written values a recording learns at most: a flooding page cannot grow it without end. */
export const MAX_HOOKED_VALUES = 10_000;

/**
 * The values a hook's report says were written (a cookie's, a storage item's, and a JSON value's
 * parts): kept in memory only, to be removed from every address, header and body the auditor keeps.
 * Of a forged report, at worst more text is removed; short values are never removed (scrubList).
 */
export function hookedValues(text: unknown): string[] {
  if (typeof text !== 'string' || text.length > 10_000 || !text.includes('"value"')) return [];
  try {
    const { kind, value } = JSON.parse(text) as { kind?: unknown; value?: unknown };
    if (typeof value !== 'string' || !value || value.length > 4096) return [];
    return kind === 'localStorage' || kind === 'sessionStorage' ? storedValueParts(value) : [value];
  } catch {
    return [];
  }
}
