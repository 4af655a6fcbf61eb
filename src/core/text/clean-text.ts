// Text that came from a page, a policy or a file, made safe to write anywhere: on one line, without
// control characters (a carriage return that breaks a Markdown table, a terminal escape sequence, a
// bidi override that reorders what a reader sees), and without credentials in URLs.

// C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings, overrides and isolates.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SPACES = /[\t\n\v\f\r\u2028\u2029]/;
// scheme://user:password@host: the credentials part, wherever a URL stands in a text.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/** One line, white space for line breaks and tabs, U+FFFD for any other control character. */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, (c) => (SPACES.test(c) ? ' ' : '\ufffd'));
}

/** A URL, or any text quoting one, without the user name and password it may carry. */
export function withoutCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1');
}

/** Every string of a JSON-like value cleaned, structure and other values kept. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return withoutCredentials(cleanText(value)) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[cleanText(key)] = cleanStrings(inner);
    return out as T;
  }
  return value;
}
