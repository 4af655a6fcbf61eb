// The script hook of the evidence recorder, installed in the page's own world before any of its
// scripts runs (the scan: puppeteer's evaluateOnNewDocument; the extension: a main-world content
// script registered for the length of a Fresh visit or Check consent). It wraps the `document.cookie`
// setter and `cookieStore.set`/`delete`, `Storage.prototype.setItem` and `indexedDB.open`, and
// reports each write's name, attributes and stack: the value is split off here, in the page, and
// never leaves it. Writes still go through unchanged. It also lists the document's requests.
// Self-contained: serialised into the page, it may use nothing from outside itself.
import type { HookedWrite } from '../core/evidence/cookie-writes.ts';
import type { HookedTrace } from '../core/trackers/traces.ts';
import type { HookedWindow } from '../core/evidence/hooked-window.ts';

/** The channel's name for the extension's relay (a DOM event on the document). */
export const HOOK_EVENT = 'ods-cookie-auditor:cookie-write';
/**
 * The hook and the relay run in two worlds at document start, in no set order: each announces
 * itself (`${HOOK_EVENT}:hook` / `:relay`), and the hook keeps what it saw until the relay listens.
 */
export const HOOK_READY = `${HOOK_EVENT}:hook`;
export const RELAY_READY = `${HOOK_EVENT}:relay`;

/**
 * Installs the hook once per document. `channel` names a function on `window` to call (the scan's
 * binding), or, when there is none, the DOM event to dispatch on the document (the extension's relay
 * listens in its own world). `reportRequests`: the document's requests too (the scan sees them at
 * the network layer instead).
 */
export function hookCookieWrites(channel: string, reportRequests = true): void {
  const w = window as unknown as Record<string, unknown>;
  const installed = `${channel}:installed`;
  if (w[installed]) return;
  // A same-origin about:blank frame of a hooked page: the parent hooks it the moment it reaches into
  // it, and reports through its own channel (this frame may have neither the binding nor a relay).
  if (!/^https?:/.test(location.href)) {
    try {
      if (window.parent !== window && (window.parent as unknown as Record<string, unknown>)[installed]) return;
    } catch {
      /* another origin's frame */
    }
  }

  // The relay's handshake (see HOOK_READY): writes wait in `held` until it listens; the names
  // are spelt out here because this function is serialised alone.
  const held: string[] = [];
  let relayed = false;
  const send = (text: string) => document.dispatchEvent(new CustomEvent(channel, { detail: text }));
  if (typeof w[channel] !== 'function') {
    document.addEventListener(`${channel}:relay`, () => {
      relayed = true;
      for (const text of held.splice(0)) send(text);
    });
    document.dispatchEvent(new CustomEvent(`${channel}:hook`));
  }
  // A page that floods document.cookie is not followed write by write: past this many reports, the
  // recorder keeps no more anyway (write-log.ts), and each report costs the auditor a message.
  const MAX_WRITES = 5_000;
  const reported = { write: 0, request: 0 };
  // Whether a write of this name and these attributes was kept by the browser, as read back once.
  const verdicts = new Map<string, boolean>();
  // `value`: what was written, so the auditor can remove it from every address and header it keeps
  // (a tracker sends the id it just wrote, then deletes the cookie); never kept as evidence.
  const report = (kind: HookedWrite['kind'] | HookedTrace['kind'] | HookedWindow['kind'], name: string, attributes: string, documentUrl: string, refused = false, value?: string) => {
    try {
      // Requests counted apart: a page's many requests never silence its cookie and storage writes.
      const counter = kind === 'request' ? 'request' : 'write';
      if (!name || reported[counter] >= MAX_WRITES) return;
      reported[counter]++;
      const write: HookedWrite | HookedTrace = kind === 'request'
        ? { kind, name: name.slice(0, 2048), attributes: attributes.slice(0, 32), document: documentUrl, at: Date.now() }
        : { kind, name: name.slice(0, 256), attributes: attributes.slice(0, 512), stack: String(new Error().stack ?? '').slice(0, 4000), document: documentUrl, at: Date.now(), ...(refused ? { refused } : {}), ...(value ? { value: value.slice(0, 4096) } : {}) } as HookedWrite | HookedTrace;
      const text = JSON.stringify(write);
      const binding = w[channel];
      if (typeof binding === 'function') (binding as (text: string) => void)(text);
      else if (relayed) send(text);
      else if (held.length < 500) held.push(text);
    } catch {
      // The page's write matters more than our record of it.
    }
  };

  // A realm (this window, or a same-origin frame's) whose cookie writes are reported. A frame made
  // by script (about:blank) runs no injected script of its own: it is hooked from here, the moment
  // its parent reaches into it (contentWindow, contentDocument), before it can write anything.
  // Marked on the realm itself: a frame whose own document was hooked at its start is not hooked twice.
  const hookRealm = (realm: Window & typeof globalThis) => {
    if ((realm as unknown as Record<string, unknown>)[installed]) return;
    Object.defineProperty(realm, installed, { value: true });
    // An about:blank frame's cookies are its creator's: its writes are said of the creator's document.
    const where = () => (/^https?:/.test(realm.location.href) ? realm.location : location);
    const cookie = Object.getOwnPropertyDescriptor(realm.Document.prototype, 'cookie');
    if (cookie?.get && cookie.set) {
      const { get, set } = cookie;
      Object.defineProperty(realm.Document.prototype, 'cookie', {
        configurable: true,
        enumerable: cookie.enumerable ?? true,
        get() {
          return get.call(this);
        },
        set(text: unknown) {
          const line = String(text);
          const semicolon = line.indexOf(';');
          const pair = semicolon < 0 ? line : line.slice(0, semicolon);
          const eq = pair.indexOf('=');
          set.call(this, text);
          // `name=value; attributes`: the name and the attributes kept, the value only to be removed; a line without
          // `=` is a value without a name, and says nothing of who set a named cookie.
          if (eq <= 0) return;
          const name = pair.slice(0, eq).trim();
          const attributes = semicolon < 0 ? '' : line.slice(semicolon + 1);
          // Read back: a cookie this document should now see and does not was refused by the browser.
          // Only where the document could see it: not a removal, not a path this page is outside of.
          const path = /(?:^|;)\s*path\s*=\s*([^;]*)/i.exec(attributes)?.[1]?.trim();
          const maxAge = /(?:^|;)\s*max-age\s*=\s*([^;]*)/i.exec(attributes)?.[1];
          const expires = /(?:^|;)\s*expires\s*=\s*([^;]*)/i.exec(attributes)?.[1];
          const removal = maxAge !== undefined ? !(Number(maxAge) > 0) : expires !== undefined && !(Date.parse(expires) > Date.now());
          let refused = false;
          // Reading the jar back is a round trip to the browser's cookie store (some 70 times the
          // write's cost): once per name and attributes, and not past the reports' cap, so that a
          // page flooding document.cookie runs at nearly its own speed.
          const key = `${name};${attributes}`;
          const known = verdicts.get(key);
          if (known !== undefined) refused = known;
          else if (!removal && reported.write < MAX_WRITES && (!path || where().pathname.startsWith(path))) {
            try {
              refused = !String(get.call(this)).split(';').some((c) => c.trim().startsWith(`${name}=`) || c.trim() === name);
              if (verdicts.size < 1_000) verdicts.set(key, refused);
            } catch {
              /* a sandboxed document that cannot read its cookies: said nothing of */
            }
          }
          report('document.cookie', name, attributes, where().href, refused, pair.slice(eq + 1).trim());
        },
      });
    }

    const store = ((realm as unknown as Record<string, unknown>).CookieStore as { prototype?: Record<string, unknown> } | undefined)?.prototype;
    const options = (a: unknown) => (typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : { name: a });
    const attributesOf = (o: Record<string, unknown>, removal: boolean) =>
      [typeof o.domain === 'string' ? `domain=${o.domain}` : '', typeof o.path === 'string' ? `path=${o.path}` : '', removal ? 'max-age=0' : typeof o.expires === 'number' ? `expires=${new Date(o.expires).toUTCString()}` : ''].filter(Boolean).join('; ');
    for (const method of ['set', 'delete'] as const) {
      const original = store?.[method];
      if (!store || typeof original !== 'function') continue;
      store[method] = function (this: unknown, ...args: unknown[]) {
        const o = options(args[0]);
        report('cookieStore', String(o.name ?? ''), attributesOf(o, method === 'delete'), where().href, false, typeof o.value === 'string' ? o.value : typeof args[1] === 'string' ? args[1] : undefined);
        return Reflect.apply(original, this, args);
      };
    }
    // Web storage: which key a script writes, and which IndexedDB database it opens; the value only to be removed.
    const storage = (realm as unknown as { Storage?: { prototype: Storage } }).Storage?.prototype;
    const setItem = storage?.setItem;
    if (storage && typeof setItem === 'function') {
      storage.setItem = function (this: Storage, ...args: [string, string]) {
        const result = Reflect.apply(setItem, this, args);
        let area: 'localStorage' | 'sessionStorage' | undefined;
        try {
          area = this === realm.localStorage ? 'localStorage' : this === realm.sessionStorage ? 'sessionStorage' : undefined;
          // Where the storage object is a wrapper of the one the method sees (some DOM implementations),
          // the area is the one now holding what was just written (read in the page; it never leaves).
          if (!area) area = realm.sessionStorage.getItem(String(args[0])) === String(args[1]) ? 'sessionStorage' : realm.localStorage.getItem(String(args[0])) === String(args[1]) ? 'localStorage' : undefined;
        } catch {
          /* storage denied to this document */
        }
        if (area) report(area, String(args[0]), '', where().href, false, String(args[1]));
        return result;
      };
    }
    const idb = (realm as unknown as { IDBFactory?: { prototype: IDBFactory } }).IDBFactory?.prototype;
    const open = idb?.open;
    if (idb && typeof open === 'function') {
      idb.open = function (this: IDBFactory, ...args: [string, number?]) {
        const request = Reflect.apply(open, this, args) as IDBOpenDBRequest;
        report('indexedDB', String(args[0]), '', where().href);
        return request;
      };
    }
    // A window the page asks for: its address, so that Check consent names one the popup blocker
    // stopped too (no browser event tells of it). A page may go round this report; what refuses the
    // window is the browser (its popup blocker, the check's rules), never this.
    const openWindow = realm.open;
    if (typeof openWindow === 'function') {
      realm.open = function (this: unknown, ...args: unknown[]) {
        let address = 'about:blank';
        try {
          if (args[0] !== undefined && args[0] !== null && String(args[0]) !== '') address = new URL(String(args[0]), realm.document.baseURI).href;
        } catch {
          address = String(args[0]);
        }
        report('window.open', address, '', where().href);
        return Reflect.apply(openWindow, this, args) as Window | null;
      };
    }
    for (const [element, property] of [['HTMLIFrameElement', 'contentWindow'], ['HTMLIFrameElement', 'contentDocument'], ['HTMLFrameElement', 'contentWindow'], ['HTMLFrameElement', 'contentDocument'], ['HTMLObjectElement', 'contentDocument']] as const) {
      const proto = (realm as unknown as Record<string, { prototype: object } | undefined>)[element]?.prototype;
      const descriptor = proto ? Object.getOwnPropertyDescriptor(proto, property) : undefined;
      if (!proto || !descriptor?.get) continue;
      const read = descriptor.get;
      Object.defineProperty(proto, property, {
        ...descriptor,
        get(this: unknown) {
          const value = read.call(this) as (Window & typeof globalThis) | Document | null;
          try {
            const child = value && 'defaultView' in value ? value.defaultView : value;
            if (child) hookRealm(child as Window & typeof globalThis);
          } catch {
            /* another origin's frame: hooked by its own injection */
          }
          return value;
        },
      });
    }
  };
  hookRealm(window as Window & typeof globalThis);

  // The document's requests (scripts, images, beacons, fetch and XHR, frames), as Resource Timing
  // lists them: the address without its query's values (a hit carries the visitor's identifier).
  // The extension has no other view of requests to sites it was not granted.
  if (reportRequests && typeof PerformanceObserver === 'function') {
    const bare = (url: string) => {
      try {
        const u = new URL(url);
        if (!/^(?:https?|wss?):$/.test(u.protocol)) return '';
        const names = [...new Set([...u.searchParams.keys()])].slice(0, 40);
        return `${u.protocol}//${u.host}${u.pathname.slice(0, 512)}${names.length ? `?${names.map((n) => `${encodeURIComponent(n).slice(0, 64)}=`).join('&')}` : ''}`;
      } catch {
        return '';
      }
    };
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
          const url = bare(entry.name);
          if (url) report('request', url, entry.initiatorType, location.href);
        }
      }).observe({ type: 'resource', buffered: true });
    } catch {
      /* no Resource Timing here: the recorder says requests were not observed */
    }
  }
}
