// One portal answers on several names: its custom domain, <id>.opendatasoft.com, <id>.huwise.com.
// Cookies and consent are kept per name, so a scan that audited several names of one portal says
// where they differ: a policy read on one name and not another, trackers set on one name only.
import { measuringTrackersOf } from '../consent/trackers.ts';
import type { AuditResult, CatalogueSource } from '../types.ts';

export interface NamedAudit {
  host: string;
  /** The platform's name for the portal, when the page revealed it. */
  platformHost?: string;
  audit: AuditResult;
}

export interface PortalNames {
  /** The platform's id of the portal. */
  portal: string;
  names: string[];
  differences: string[];
}

/** The platform's id of a portal name: `<id>` of <id>.opendatasoft.com / <id>.huwise.com, else undefined. */
export function platformId(host: string): string | undefined {
  return /^([a-z0-9-]+)\.(?:[a-z0-9-]+\.)?(?:opendatasoft|huwise)\.com$/i.exec(host)?.[1]?.toLowerCase();
}

function sourceWords(source: CatalogueSource | undefined): string {
  if (!source) return 'no catalogue';
  if (source.kind === 'portal') return `policy read at ${source.url}`;
  if (source.kind === 'default') return `embedded default (${source.reason})`;
  return source.kind === 'user' ? 'catalogue set by the user' : `catalogue from ${source.path}`;
}

/** The scanned names grouped by portal, for the portals scanned on two names or more. */
export function comparePortalNames(audits: readonly NamedAudit[]): PortalNames[] {
  const groups = new Map<string, NamedAudit[]>();
  for (const a of audits) {
    const id = platformId(a.host) ?? (a.platformHost ? platformId(a.platformHost) : undefined);
    if (!id) continue;
    groups.set(id, [...(groups.get(id) ?? []), a]);
  }
  const result: PortalNames[] = [];
  for (const [portal, named] of groups) {
    const names = [...new Set(named.map((n) => n.host))];
    if (names.length < 2) continue;
    const differences: string[] = [];
    const sources = named.map((n) => `${sourceWords(n.audit.catalogueSource)} on ${n.host}`);
    if (new Set(named.map((n) => sourceWords(n.audit.catalogueSource))).size > 1) differences.push(`catalogue: ${sources.join('; ')}`);
    const cookiesOf = (n: NamedAudit) => new Set(n.audit.cookies.map((c) => c.name));
    for (const n of named) {
      const others = named.filter((o) => o !== n);
      const only = [...cookiesOf(n)].filter((name) => others.every((o) => !cookiesOf(o).has(name))).sort();
      const trackers = only.filter((name) => measuringTrackersOf(name).length > 0);
      if (trackers.length) differences.push(`trackers set on ${n.host} only: ${trackers.join(', ')}`);
      const rest = only.filter((name) => !trackers.includes(name));
      if (rest.length) differences.push(`cookies set on ${n.host} only: ${rest.join(', ')}`);
    }
    if (new Set(named.map((n) => n.audit.summary.undeclared)).size > 1) differences.push(`undeclared: ${named.map((n) => `${n.audit.summary.undeclared} on ${n.host}`).join(', ')}`);
    result.push({ portal, names, differences });
  }
  return result;
}
