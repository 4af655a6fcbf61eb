// One catalogue of the Common Data Index's dataportals-registry (data/entities/<CC>/…/<id>.yaml),
// read for what the portal list keeps: its link, name and country, when its software is
// Opendatasoft. The files are plain block YAML; the few keys needed are read line by line, so that
// refreshing the list needs no YAML library.
import type { Portal } from './portal-list.ts';

const unquote = (value: string) => {
  const v = value.trim();
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\"/g, '"');
  return v;
};

export function readRegistryEntry(yaml: string): Portal | undefined {
  const lines = yaml.split(/\r?\n/);
  const top = (key: string) => {
    const line = lines.find((l) => l.startsWith(`${key}:`));
    return line ? unquote(line.slice(key.length + 1)) : undefined;
  };
  /** The value of `key` in the block that starts at top-level `block:`, at any depth. */
  const inBlock = (block: string, path: string[]) => {
    const start = lines.findIndex((l) => l === `${block}:`);
    if (start < 0) return undefined;
    let want = 0;
    for (let i = start + 1; i < lines.length && /^[\s-]/.test(lines[i]!); i++) {
      const match = /^[\s-]*([\w]+):\s*(.*)$/.exec(lines[i]!);
      if (!match || match[1] !== path[want]) continue;
      if (++want === path.length) return unquote(match[2]!);
    }
    return undefined;
  };
  if (inBlock('software', ['id'])?.toLowerCase() !== 'opendatasoft') return undefined;
  const link = top('link');
  if (!link || !/^https?:\/\//i.test(link)) return undefined;
  const name = top('name');
  const country = inBlock('coverage', ['location', 'country', 'id']);
  return { url: link, ...(name ? { name } : {}), ...(country ? { country } : {}) };
}

/** The portal list's CSV, sorted by URL: what data/ods-portals/portals.csv holds. */
export function portalsCsv(portals: readonly Portal[]): string {
  const cell = (value: string | undefined) => (value && /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value ?? '');
  const rows = [...portals].sort((a, b) => a.url.localeCompare(b.url)).map((p) => [p.url, p.name, p.country].map(cell).join(','));
  return `url,name,country\n${rows.join('\n')}\n`;
}
