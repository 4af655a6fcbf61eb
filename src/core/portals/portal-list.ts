// Lists of portals to scan: a text file (one URL a line, # comments) or a CSV with a URL column
// (the shipped registry of Opendatasoft portals, an export of a portal census). Pure: text in,
// portals and the lines skipped (with why) out.

export interface Portal {
  url: string;
  name?: string;
  country?: string;
}

export interface PortalList {
  portals: Portal[];
  /** Lines not taken: not http(s), not a URL, or a portal already listed. */
  skipped: { line: number; reason: string }[];
}

/** RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

const URL_COLUMN = /^(?:url|link|lien|adresse|address|website|site)$/i;

/** The portal's identity in a list: its origin, lower case, without a trailing dot. */
export function portalKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host.toLowerCase().replace(/\.$/, '')}`;
}

export function readPortalList(text: string): PortalList {
  const clean = text.replace(/^\ufeff/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const csv = firstLine.includes(',') && parseCsv(firstLine)[0]?.some((cell) => URL_COLUMN.test(cell.trim()));
  const portals: Portal[] = [];
  const skipped: PortalList['skipped'] = [];
  const seen = new Set<string>();
  const take = (raw: string, line: number, more: Omit<Portal, 'url'> = {}) => {
    const value = raw.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return void skipped.push({ line, reason: `not a URL: ${value.slice(0, 80)}` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return void skipped.push({ line, reason: `not http(s): ${value.slice(0, 80)}` });
    const key = portalKey(url.href);
    if (seen.has(key)) return void skipped.push({ line, reason: `listed already: ${key}` });
    seen.add(key);
    portals.push({ url: url.href, ...more });
  };
  if (csv) {
    const [header, ...rows] = parseCsv(clean);
    const column = (name: RegExp) => header!.findIndex((cell) => name.test(cell.trim()));
    const [u, n, c] = [column(URL_COLUMN), column(/^(?:name|nom|title|titre)$/i), column(/^(?:country|pays)$/i)];
    rows.forEach((row, i) => {
      const name = n >= 0 ? row[n]?.trim() : undefined;
      const country = c >= 0 ? row[c]?.trim() : undefined;
      take(row[u] ?? '', i + 2, { ...(name ? { name } : {}), ...(country ? { country } : {}) });
    });
  } else {
    clean.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line && !line.startsWith('#')) take(line, i + 1);
    });
  }
  return { portals, skipped };
}
