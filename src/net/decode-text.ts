// Bytes to text in the character set the page declares, as browsers pick it: a byte-order mark
// first, then the charset of Content-Type, then an HTML <meta charset> near the top, else UTF-8.
// Portals and their PDFs-turned-HTML do publish in ISO-8859-1 / windows-1252.

const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i;

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined; // an unknown label: the next source decides
  }
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

export function decodeText(bytes: Uint8Array, contentType = ''): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const declared = decoderFor(charsetOf(contentType));
  if (declared) return declared.decode(bytes);
  if (/html/i.test(contentType) || contentType === '') {
    // The spec looks at the first 1024 bytes; ASCII-compatible charsets read the same in latin1.
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    const meta = decoderFor(META_CHARSET.exec(head)?.[1]);
    // A page cannot declare itself UTF-16 in its own (ASCII-compatible) bytes: browsers read UTF-8 then.
    if (meta && !/^utf-16/.test(meta.encoding)) return meta.decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}
