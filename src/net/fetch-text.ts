// Fetches a policy or portal page safely, in the extension and in Node alike: no credentials,
// a timeout, a size cap, a content-type check and a bounded number of redirects.

export type FetchTextResult =
  | { ok: true; text: string; url: string; contentType: string }
  | { ok: false; reason: string; status?: number };

export interface FetchTextOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  fetchImpl?: typeof fetch;
}

/**
 * Browsers answer a 'manual' fetch of a redirect with an opaque response that hides its target.
 * Learnt on the first such answer, so that later fetches let the browser follow (it caps at 20)
 * instead of asking every redirected URL twice.
 */
let redirectsHidden = false;

const TEXT_TYPES = /^(?:text\/html|text\/plain|text\/markdown|application\/xhtml\+xml)\b/i;

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return '';
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
  return new TextDecoder('utf-8').decode(all);
}

export async function fetchText(url: string, options: FetchTextOptions = {}): Promise<FetchTextResult> {
  const { timeoutMs = 10_000, maxBytes = 5_000_000, maxRedirects = 5, fetchImpl = fetch } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const init: RequestInit = { credentials: 'omit', signal, headers: { accept: 'text/html,text/plain;q=0.9' } };
      let response = await fetchImpl(current, { ...init, redirect: redirectsHidden ? 'follow' : 'manual' });
      if (response.type === 'opaqueredirect') {
        redirectsHidden = true;
        response = await fetchImpl(current, { ...init, redirect: 'follow' });
      }
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        if (!location) return { ok: false, reason: `redirect without a location (HTTP ${response.status})`, status: response.status };
        if (hop >= maxRedirects) return { ok: false, reason: `more than ${maxRedirects} redirects` };
        current = new URL(location, current).href;
        continue;
      }
      if (!response.ok) return { ok: false, reason: `HTTP ${response.status}`, status: response.status };
      const contentType = response.headers.get('content-type') ?? '';
      if (!TEXT_TYPES.test(contentType)) return { ok: false, reason: `not a text or HTML page (${contentType || 'no content type'})`, status: response.status };
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
      const text = await readCapped(response, maxBytes);
      if (text === undefined) return { ok: false, reason: `larger than ${maxBytes} bytes` };
      return { ok: true, text, url: response.url || current, contentType };
    }
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, reason: `no answer within ${timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string } })?.cause?.code;
    return { ok: false, reason: cause ? `unreachable (${cause})` : `unreachable (${(error as Error)?.message ?? error})` };
  }
}
