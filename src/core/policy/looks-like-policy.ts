// Does a text that yielded no declared cookie look like a cookie policy at all? Binary data or a
// text that never mentions cookies is bad input; a policy in prose that names none is a finding.

/** Why `text` is not a cookie policy, or undefined when it may be one. */
export function notAPolicy(text: string): string | undefined {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return 'binary data, not a text or HTML policy';
  // Controls other than white space, and U+FFFD from bytes that were not UTF-8: a binary file.
  const odd = head.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (head.length > 0 && odd / head.length > 0.05) return 'binary data, not a text or HTML policy';
  if (!/cookie|traceur|t[eé]moin/i.test(text.slice(0, 2_000_000))) return 'it never mentions cookies';
  return undefined;
}
