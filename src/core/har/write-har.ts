// A HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/) of one state's page loads, for the
// evidence bundle: every request and its response headers, with what a case file must not hold
// removed. Cookie values go from Cookie and Set-Cookie headers (the names stay: they are the
// evidence), credentials from Authorization headers, and any value the visit's cookies held from
// every other string (a tracker copies its identifier into its beacons' addresses). Request and
// response bodies are never recorded.

/** One request as a recorder saw it. */
export interface NetEntry {
  /** The page (top-level document) it belongs to. */
  page: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  timeMs: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  resourceType?: string;
  status?: number;
  statusText?: string;
  httpVersion?: string;
  /** Set-Cookie lines joined by newlines, as puppeteer gives them. */
  responseHeaders?: Record<string, string>;
  /** Why no response came (blocked, aborted, a network error). */
  failed?: string;
}

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    browser?: { name: string; version: string };
    pages: { startedDateTime: string; id: string; title: string; pageTimings: { onContentLoad: number; onLoad: number }; comment?: string }[];
    entries: HarEntry[];
    comment: string;
  };
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; cookies: HarCookie[]; headers: HarHeader[]; queryString: HarHeader[]; headersSize: -1; bodySize: number };
  response: { status: number; statusText: string; httpVersion: string; cookies: HarCookie[]; headers: HarHeader[]; content: { size: number; mimeType: string; comment?: string }; redirectURL: string; headersSize: -1; bodySize: -1; _error?: string };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _resourceType?: string;
}

export const REMOVED = '[removed]';
/** Shorter values ("1", "fr", "true") are words, not identifiers: removing them everywhere would say nothing and break addresses. */
const MIN_SCRUBBED = 5;

/** Replaces every occurrence of the given values, longest first, in `text`. */
export function scrubValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REMOVED);
  return out;
}

/** The values worth scrubbing, in both their raw and URL-encoded forms, longest first. */
export function scrubList(values: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const v of values) {
    if (v.length < MIN_SCRUBBED) continue;
    all.add(v);
    try {
      all.add(encodeURIComponent(v));
      all.add(decodeURIComponent(v));
    } catch {
      // not URL-encoded: the raw form is enough
    }
  }
  return [...all].filter((v) => v.length >= MIN_SCRUBBED).sort((a, b) => b.length - a.length);
}

/** `a=1; b=2` → names only. */
function requestCookies(header: string | undefined): HarCookie[] {
  if (!header) return [];
  return header.split(';').flatMap((pair) => {
    const name = pair.slice(0, pair.includes('=') ? pair.indexOf('=') : 0).trim();
    return name ? [{ name, value: '' }] : [];
  });
}

/** A Set-Cookie line without its value: `name=; Path=/; …`, and its HAR cookie. */
function setCookieWithoutValue(line: string): { header: string; cookie?: HarCookie } {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return { header: attributes.join(';').trim() ? `;${attributes.join(';')}` : '' };
  const name = pair.slice(0, eq).trim();
  const cookie: HarCookie = { name, value: '' };
  for (const attribute of attributes) {
    const [k = '', ...rest] = attribute.split('=');
    const key = k.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'path') cookie.path = value;
    else if (key === 'domain') cookie.domain = value;
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(Date.parse(value)).toISOString();
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
  }
  return { header: [`${name}=`, ...attributes].join(';'), cookie };
}

const CREDENTIALS = new Set(['authorization', 'proxy-authorization', 'x-csrftoken', 'x-xsrf-token']);

function headersOf(record: Record<string, string> | undefined, kind: 'request' | 'response'): { headers: HarHeader[]; cookies: HarCookie[] } {
  const headers: HarHeader[] = [];
  const cookies: HarCookie[] = [];
  for (const [rawName, value] of Object.entries(record ?? {})) {
    const name = rawName.toLowerCase();
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers are not headers
    if (kind === 'request' && name === 'cookie') {
      const names = requestCookies(value);
      cookies.push(...names);
      headers.push({ name: rawName, value: names.map((c) => `${c.name}=`).join('; ') });
    } else if (kind === 'response' && name === 'set-cookie') {
      for (const line of value.split('\n')) {
        const { header, cookie } = setCookieWithoutValue(line);
        if (cookie) cookies.push(cookie);
        if (header) headers.push({ name: rawName, value: header });
      }
    } else headers.push({ name: rawName, value: CREDENTIALS.has(name) ? REMOVED : value });
  }
  return { headers, cookies };
}

function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** Every string of a JSON-able value with the values scrubbed. */
function scrubDeep<T>(value: T, values: readonly string[]): T {
  if (typeof value === 'string') return scrubValues(value, values) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, values)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, values)])) as T;
  return value;
}

export interface HarOptions {
  creator: { name: string; version: string };
  browser?: { name: string; version: string };
  /** Cookie values the visit met: removed wherever they appear. */
  values?: Iterable<string>;
  /** What the log is of ("no-choice: the home page and the catalogue"). */
  comment: string;
}

/** The HAR of `entries`, one page per top-level document, in the order first met. */
export function buildHar(entries: readonly NetEntry[], options: HarOptions): Har {
  const pages = new Map<string, { id: string; startedAt: number }>();
  for (const e of entries) if (!pages.has(e.page)) pages.set(e.page, { id: `page_${pages.size + 1}`, startedAt: e.startedAt });
  const harEntries = [...entries].sort((a, b) => a.startedAt - b.startedAt).map((e): HarEntry => {
    const request = headersOf(e.requestHeaders, 'request');
    const response = headersOf(e.responseHeaders, 'response');
    const mimeType = Object.entries(e.responseHeaders ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'x-unknown';
    const time = Math.max(0, Math.round(e.timeMs));
    return {
      pageref: pages.get(e.page)!.id,
      startedDateTime: new Date(e.startedAt).toISOString(),
      time,
      request: { method: e.method, url: e.url, httpVersion: e.httpVersion ?? 'HTTP/1.1', cookies: request.cookies, headers: request.headers, queryString: queryOf(e.url), headersSize: -1, bodySize: e.method === 'GET' || e.method === 'HEAD' ? 0 : -1 },
      response: {
        status: e.status ?? 0,
        statusText: e.statusText ?? '',
        httpVersion: e.httpVersion ?? 'HTTP/1.1',
        cookies: response.cookies,
        headers: response.headers,
        content: { size: -1, mimeType, comment: 'bodies are not recorded' },
        redirectURL: Object.entries(e.responseHeaders ?? {}).find(([k]) => k.toLowerCase() === 'location')?.[1] ?? '',
        headersSize: -1,
        bodySize: -1,
        ...(e.failed ? { _error: e.failed } : {}),
      },
      cache: {},
      timings: { send: 0, wait: time, receive: 0 },
      ...(e.resourceType ? { _resourceType: e.resourceType } : {}),
    };
  });
  const har: Har = {
    log: {
      version: '1.2',
      creator: options.creator,
      ...(options.browser ? { browser: options.browser } : {}),
      pages: [...pages].map(([url, p]) => ({ startedDateTime: new Date(p.startedAt).toISOString(), id: p.id, title: url, pageTimings: { onContentLoad: -1, onLoad: -1 } })),
      entries: harEntries,
      comment: `${options.comment}. Cookie values, credentials and request bodies removed; response bodies not recorded.`,
    },
  };
  const scrubbed = scrubDeep(har, scrubList(options.values ?? []));
  // An address stays a valid URI: the mark is percent-encoded there.
  for (const entry of scrubbed.log.entries) entry.request.url = entry.request.url.split(REMOVED).join(encodeURIComponent(REMOVED));
  return scrubbed;
}
