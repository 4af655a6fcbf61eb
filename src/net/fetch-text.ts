// Fetches a policy or portal page safely, in the extension and in Node alike: no credentials,
// a timeout, a size cap, a content-type check, a bounded number of redirects that stay on http(s)
// and never lead from a public host to a private one, and the page's own character set.
import { PRIVATE_ADDRESS, isPrivateHost } from './address-kind.ts';
import { decodeText } from './decode-text.ts';

export type FetchTextResult =
  | { ok: true; text: string; url: string; contentType: string }
  | { ok: false; reason: string; status?: number };

export interface FetchTextOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  fetchImpl?: typeof fetch;
  /** `json` for an API answer (application/json); pages and policies are text or HTML. */
  expect?: 'text' | 'json';
  /**
   * Whether the first URL and every hop may be a loopback, private or link-local address: only when
   * the portal itself is on one (the demo, a portal on an intranet). Defaults to whether the first
   * URL is, for an address a user typed; a URL read from a page must pass the page's answer.
   */
  allowPrivate?: boolean;
  /**
   * The fetch for a portal on a public host, when the caller has one that checks the address a name
   * resolves to at connection (Node: node-public-fetch.ts); `fetchImpl` otherwise.
   */
  publicFetch?: typeof fetch;
}

/**
 * Browsers answer a 'manual' fetch of a redirect with an opaque response that hides its target.
 * Learnt on the first such answer, so that later fetches let the browser follow (it caps at 20)
 * instead of asking every redirected URL twice.
 */
let redirectsHidden = false;

const TEXT_TYPES = /^(?:text\/html|text\/plain|text\/markdown|application\/xhtml\+xml)\b/i;
const JSON_TYPES = /^application\/(?:[\w.+-]*\+)?json\b/i;

/** Lets go of a body we will not read: otherwise the connection stays open (and Node waits for it). */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/** Why a fetch may not go on to `to` (a redirect), or undefined when it may. */
function refusedHop(to: URL, allowPrivate: boolean): string | undefined {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return `redirected to a ${to.protocol} address`;
  if (!allowPrivate && isPrivateHost(to.hostname)) return `redirected from a public host to a private address (${to.host})`;
  return undefined;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

export async function fetchText(url: string, options: FetchTextOptions = {}): Promise<FetchTextResult> {
  const { timeoutMs = 10_000, maxBytes = 5_000_000, maxRedirects = 5, fetchImpl = fetch, expect = 'text' } = options;
  const types = expect === 'json' ? JSON_TYPES : TEXT_TYPES;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  try {
    const start = new URL(url);
    if (start.protocol !== 'http:' && start.protocol !== 'https:') return { ok: false, reason: `not an http(s) address (${start.protocol})` };
    const allowPrivate = options.allowPrivate ?? isPrivateHost(start.hostname);
    if (!allowPrivate && isPrivateHost(start.hostname)) return { ok: false, reason: `a private address (${start.host}), not fetched for a portal on a public host` };
    const get = !allowPrivate && options.publicFetch ? options.publicFetch : fetchImpl;
    for (let hop = 0; ; hop++) {
      const init: RequestInit = { credentials: 'omit', signal, headers: { accept: expect === 'json' ? 'application/json' : 'text/html,text/plain;q=0.9' } };
      let response = await get(current, { ...init, redirect: redirectsHidden ? 'follow' : 'manual' });
      if (response.type === 'opaqueredirect') {
        redirectsHidden = true;
        response = await get(current, { ...init, redirect: 'follow' });
      }
      if (response.status >= 300 && response.status < 400) {
        discard(response);
        const location = response.headers.get('location');
        if (!location) return { ok: false, reason: `redirect without a location (HTTP ${response.status})`, status: response.status };
        if (hop >= maxRedirects) return { ok: false, reason: `more than ${maxRedirects} redirects` };
        const next = new URL(location, current);
        const refused = refusedHop(next, allowPrivate);
        if (refused) return { ok: false, reason: refused, status: response.status };
        current = next.href;
        continue;
      }
      // Where the browser followed redirects itself, only the end of the chain can be checked: its
      // answer is refused, though the hops before it were requested (README, "What it fetches").
      const finalUrl = response.url || current;
      const refused = finalUrl !== current ? refusedHop(new URL(finalUrl), allowPrivate) : undefined;
      const early = refused ?? (!response.ok ? `HTTP ${response.status}` : undefined);
      if (early) {
        discard(response);
        return { ok: false, reason: early, status: response.status };
      }
      const contentType = response.headers.get('content-type') ?? '';
      const declared = Number(response.headers.get('content-length') ?? '0');
      const wrong = !types.test(contentType) ? `not ${expect === 'json' ? 'JSON' : 'a text or HTML page'} (${contentType || 'no content type'})` : declared > maxBytes ? `larger than ${maxBytes} bytes` : undefined;
      if (wrong) {
        discard(response);
        return { ok: false, reason: wrong, status: response.status };
      }
      const bytes = await readCapped(response, maxBytes);
      if (bytes === undefined) return { ok: false, reason: `larger than ${maxBytes} bytes` };
      return { ok: true, text: decodeText(bytes, contentType), url: finalUrl, contentType };
    }
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, reason: `no answer within ${timeoutMs / 1000} s` };
    const { code: cause, address } = (error as { cause?: { code?: string; address?: string } })?.cause ?? {};
    if (cause === PRIVATE_ADDRESS) return { ok: false, reason: `a public name that resolves to a private address (${new URL(current).host} is ${address}), not fetched for a portal on a public host` };
    return { ok: false, reason: cause ? `unreachable (${cause})` : `unreachable (${(error as Error)?.message ?? error})` };
  }
}
