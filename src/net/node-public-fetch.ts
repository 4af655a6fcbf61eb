// Node only (the CLI's own requests): the fetch for a portal on a public host. Every hop's name is
// checked before it is asked (fetch-text.ts), but a public name may resolve to a loopback, private
// or link-local address (DNS rebinding). Here the address is checked when the connection is made,
// on the very address connected to (no second lookup an attacker's DNS could answer differently).
// The extension cannot do this: the browser resolves names, out of the add-on's sight.
import { type LookupAddress, type LookupAllOptions, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { PRIVATE_ADDRESS, isPrivateHost } from './address-kind.ts';

type Resolve = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface PublicFetchOptions {
  /** DNS (the system's by default; a test's own map of names). */
  resolve?: Resolve;
  /** Which addresses are private (isPrivateHost by default; a test may call one loopback address public). */
  isPrivate?: (address: string) => boolean;
}

const asHost = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** A fetch that never connects to a private address, whatever a public name resolves to. GET only, no body sent, redirects not followed. */
export function publicOnlyFetch({ resolve = dnsLookup as unknown as Resolve, isPrivate = (a) => isPrivateHost(asHost(a)) }: PublicFetchOptions = {}): typeof fetch {
  const lookup = (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const usable = addresses.filter((a) => !isPrivate(a.address));
      if (usable.length === 0) {
        const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: PRIVATE_ADDRESS, address: addresses[0]?.address ?? '' });
        return callback(refused);
      }
      if (options.all) return callback(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
  // Its own connections: a socket kept alive by Node's shared agent was never checked here.
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!client) throw new TypeError(`fetch failed: ${url.protocol} is not http(s)`);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    return new Promise<Response>((resolvePromise, reject) => {
      const request = client.request(url, { method: 'GET', headers, lookup: lookup as never, agent: agents[url.protocol as 'http:' | 'https:'], ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) answer.append(name, v);
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 205 || status === 304;
        if (empty) res.resume();
        resolvePromise(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage ?? '', headers: answer }));
      });
      // As fetch fails: a TypeError whose cause carries the code (fetch-text.ts words it).
      request.on('error', (error: NodeJS.ErrnoException) => reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error })));
      request.end();
    });
  }) as typeof fetch;
}

/** The CLI's: the system's DNS, isPrivateHost's addresses. */
export const nodePublicFetch = publicOnlyFetch();
