// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://data.example.fr/explore/" }
// The evidence recorder's page hook on a DOM: a write the browser refused (read back at once, the
// document holds no such cookie) is reported as refused, and then counts as no write at all; a
// removal, or a cookie for a path this page is outside of, is not taken for a refusal.
import { describe, expect, it } from 'vitest';
import { hookedWrite } from '../../src/core/evidence/cookie-writes.ts';
import { hookCookieWrites } from '../../src/page/hook-cookie-writes.ts';
import { hookedTrace, hookedValues } from '../../src/core/trackers/traces.ts';
import { hookedWindow } from '../../src/core/evidence/hooked-window.ts';

describe('the cookie hook', () => {
  it('reports each write by name, says which the browser refused, and a refused write sets nothing', () => {
    // The hook wraps Document.prototype's accessor, where a browser keeps it; happy-dom's global
    // Document is another class than the one its documents are made of: the test names that one.
    let proto: object | null = document;
    while (proto && !Object.getOwnPropertyDescriptor(proto, 'cookie')) proto = Object.getPrototypeOf(proto);
    (globalThis as unknown as { Document: unknown }).Document = (proto as { constructor: unknown }).constructor;
    const reports: string[] = [];
    (window as unknown as Record<string, unknown>).__testChannel = (text: string) => reports.push(text);
    hookCookieWrites('__testChannel');
    document.cookie = '_ga=GA1.1.1; path=/; max-age=3600';
    document.cookie = 'elsewhere=1; domain=other.example';
    document.cookie = 'deep=1; path=/other/';
    document.cookie = '_ga=; path=/; max-age=0';
    // tarteaucitron's removal: a date in the past, not 1970.
    document.cookie = '_gid=; expires=Thu, 01 Jan 2000 00:00:00 GMT; path=/;';
    const seen = reports.map((r) => JSON.parse(r) as { name: string; refused?: boolean });
    expect(seen.map((r) => [r.name, r.refused === true])).toEqual([['_ga', false], ['elsewhere', true], ['deep', false], ['_ga', false], ['_gid', false]]);
    // The value goes to the recorder only to be removed from what it keeps: never into a write.
    const context = { page: 'https://data.example.fr/explore/', afterMs: 0 };
    expect(reports.map((r) => hookedWrite(r, context)?.name)).toEqual(['_ga', undefined, 'deep', '_ga', '_gid']);
    expect(JSON.stringify(reports.map((r) => hookedWrite(r, context)))).not.toContain('GA1.1.1');
    expect(hookedValues(reports[0])).toEqual(['GA1.1.1']);
    // A removal writes no value.
    expect(hookedValues(reports[3])).toEqual([]);
    // A flood is not followed write by write: the page's writes go through, the reports stop.
    for (let i = 0; i < 6_000; i++) document.cookie = `junk${i % 50}=x; path=/`;
    expect(reports.length).toBe(5_000);
    expect(document.cookie).toContain('junk49=x');
  });
});

describe('the hook beyond cookies', () => {
  it('reports web-storage writes and databases opened by name, with the writing script, never the value; and the requests without query values', () => {
    const w = window as unknown as Record<string, unknown>;
    // IndexedDB and Resource Timing as a browser has them (happy-dom has neither): the hook wraps the
    // factory's prototype, and observes `resource` entries.
    class IDBFactory {
      open(name: string) {
        return { name };
      }
    }
    w.IDBFactory = IDBFactory;
    w.indexedDB = new IDBFactory();
    let observed: ((list: { getEntries(): unknown[] }) => void) | undefined;
    let observedType: string | undefined;
    w.PerformanceObserver = class {
      constructor(callback: (list: { getEntries(): unknown[] }) => void) {
        observed = callback;
      }
      observe(options: { type: string }) {
        observedType = options.type;
      }
    };
    const reports: string[] = [];
    w.__beyondChannel = (text: string) => reports.push(text);
    hookCookieWrites('__beyondChannel');
    localStorage.setItem('_hjSessionUser_3712', '{"id":"secret-user-id"}');
    sessionStorage.setItem('_hjSession_3712', 'secret-session-id');
    (w.indexedDB as IDBFactory).open('hotjar-db');
    expect(observedType).toBe('resource');
    observed!({ getEntries: () => [
      { name: 'https://www.google-analytics.com/g/collect?v=2&tid=G-1&cid=555.1700&en=page_view', initiatorType: 'beacon' },
      { name: 'data:image/gif;base64,R0lGOD', initiatorType: 'img' },
    ] });
    const seen = reports.map((r) => JSON.parse(r) as { kind: string; name: string; attributes?: string });
    expect(seen.map((r) => [r.kind, r.name])).toEqual([
      ['localStorage', '_hjSessionUser_3712'],
      ['sessionStorage', '_hjSession_3712'],
      ['indexedDB', 'hotjar-db'],
      ['request', 'https://www.google-analytics.com/g/collect?v=&tid=&cid=&en='],
    ]);
    // Writes still go through; a request's query values never leave the page; a stored value goes
    // to the recorder only to be removed from what it keeps (a JSON value part by part), never into a trace.
    expect(localStorage.getItem('_hjSessionUser_3712')).toBe('{"id":"secret-user-id"}');
    for (const secret of ['555.1700', 'G-1']) expect(reports.join('')).not.toContain(secret);
    expect(reports.map((r) => hookedValues(r))).toEqual([['{"id":"secret-user-id"}', 'secret-user-id'], ['secret-session-id'], [], []]);
    const context = { page: 'https://data.example.fr/explore/', afterMs: 12 };
    for (const secret of ['secret-user-id', 'secret-session-id']) expect(JSON.stringify(reports.map((r) => hookedTrace(r, context)))).not.toContain(secret);
    expect(reports.map((r) => hookedTrace(r, context))).toMatchObject([
      { kind: 'localStorage', name: '_hjSessionUser_3712', origin: 'https://data.example.fr' },
      { kind: 'sessionStorage', name: '_hjSession_3712' },
      { kind: 'indexedDB', name: 'hotjar-db' },
      { kind: 'request', url: 'https://www.google-analytics.com/g/collect?v=&tid=&cid=&en=', type: 'beacon' },
    ]);
    // None is a cookie write.
    expect(reports.map((r) => hookedWrite(r, context))).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('the hook and the windows a page asks for', () => {
  it('reports each window.open with its address resolved against the page, and still opens it; a forged or other report is no window', () => {
    const w = window as unknown as Record<string, unknown>;
    const opened: unknown[][] = [];
    // The browser's own, which the popup blocker may answer with null.
    w.open = (...args: unknown[]) => (opened.push(args), null);
    const reports: string[] = [];
    w.__windowChannel = (text: string) => reports.push(text);
    hookCookieWrites('__windowChannel');
    expect(window.open('/account/delete', '_blank', 'popup')).toBeNull();
    window.open();
    expect(opened).toEqual([['/account/delete', '_blank', 'popup'], []]);
    expect(reports.map(hookedWindow)).toEqual(['https://data.example.fr/account/delete', 'about:blank']);
    // Not a cookie, not a trace: a window is said only as what a control set off.
    const context = { page: 'https://data.example.fr/explore/', afterMs: 0 };
    expect(reports.map((r) => hookedWrite(r, context) ?? hookedTrace(r, context))).toEqual([undefined, undefined]);
    expect(hookedWindow(JSON.stringify({ kind: 'localStorage', name: 'window.open' }))).toBeUndefined();
    expect(hookedWindow('{"kind":"window.open"')).toBeUndefined();
    expect(hookedWindow(JSON.stringify({ kind: 'window.open', name: '' }))).toBeUndefined();
    expect(hookedWindow(JSON.stringify({ kind: 'window.open', name: 42 }))).toBeUndefined();
    expect(hookedWindow({ kind: 'window.open', name: 'https://elsewhere.example/' })).toBeUndefined();
    // A report past the hook's own sizes is forged: no window; an address is kept to 2,048 characters.
    expect(hookedWindow(JSON.stringify({ kind: 'window.open', name: `https://e.example/${'a'.repeat(10_000)}` }))).toBeUndefined();
    expect(hookedWindow(JSON.stringify({ kind: 'window.open', name: `https://e.example/${'a'.repeat(5_000)}` }))).toHaveLength(2048);
  });
});
