// Who a request goes to: the host's organisation and what it does, from third-party-web (Patrick
// Hulce, MIT; the data Lighthouse and Chrome DevTools use), built into the extension's data/ folder
// as compact rows. Domain-level only, as the data set is. A few categories are sharpened here where
// the law draws a line the data set does not: session replay (records what the visitor does), and
// the audience-measurement tools a French portal may configure for the CNIL's exemption.

/** third-party-web's categories, plus `session-replay` (below). */
export type OrganisationCategory =
  | 'ad' | 'analytics' | 'social' | 'video' | 'utility' | 'hosting' | 'marketing' | 'customer-success'
  | 'content' | 'cdn' | 'tag-manager' | 'consent-provider' | 'other' | 'session-replay';

export interface Organisation {
  name: string;
  /** The company behind it, when third-party-web names one other than the product. */
  company?: string;
  category: OrganisationCategory;
  /**
   * The consent key of the audience measurement it is (matomo, xiti, at, piano, eulerian): a tool
   * the CNIL's exemption may cover when configured for it (src/core/consent/trackers.ts).
   */
  audience?: string;
}

/** The rows build.mjs writes: [name, company, category, domain patterns ('*.x.com' or 'x.com')]. */
export type OrganisationRow = [string, string, string, string[]];

/** Categories whose requests need the visitor's consent before they are sent (EDPB 2/2023; CNIL). */
export const TRACKING_CATEGORIES: ReadonlySet<OrganisationCategory> = new Set(['ad', 'analytics', 'social', 'marketing', 'session-replay']);

// Tools that record the visitor's screen, clicks and keys (their vendors' own descriptions), kept
// apart from plain analytics: third-party-web files them under analytics or utility.
const SESSION_REPLAY = new Set(['Hotjar', 'Clarity', 'FullStory', 'Mouseflow', 'Smartlook', 'ContentSquare', 'LogRocket', 'Lucky Orange', 'Inspectlet']);
// The audience-measurement tools that offer a configuration for the CNIL's exemption, by their
// third-party-web names, with the consent key the portal's banner uses for them.
const AUDIENCE: Record<string, string> = { Matomo: 'matomo', Piwik: 'matomo', 'AT Internet': 'at', XiTi: 'xiti', piano: 'piano', 'Eulerian Technologies': 'eulerian' };

/**
 * First-party endpoints of audience-measurement tools (a portal hosting its own Matomo, AT
 * Internet's or Eulerian's first-party collection): the path says what they are.
 */
const FIRST_PARTY_AUDIENCE: [RegExp, string, string][] = [
  [/\/(?:matomo|piwik)\.(?:php|js)$/i, 'Matomo', 'matomo'],
  [/\/hit\.xiti$/i, 'AT Internet', 'xiti'],
];
/** Google Analytics collected through the site's own host (server-side tagging): never exempt. */
const FIRST_PARTY_GA = /\/g\/collect$|\/gtag\/js$/;

export class Organisations {
  private readonly byDomain = new Map<string, Organisation>();
  private readonly bySuffix = new Map<string, Organisation>();
  private readonly byName = new Map<string, Organisation>();

  constructor(rows: readonly OrganisationRow[]) {
    for (const [name, company, category, domains] of rows) {
      const organisation: Organisation = {
        name,
        ...(company && company !== name ? { company } : {}),
        category: SESSION_REPLAY.has(name) ? 'session-replay' : (category as OrganisationCategory),
        ...(AUDIENCE[name] ? { audience: AUDIENCE[name] } : {}),
      };
      this.byName.set(name.toLowerCase(), organisation);
      for (const pattern of domains) {
        const domain = pattern.replace(/^\*\./, '').toLowerCase();
        // `*.x.com` stands for x.com and every host under it; `x.com` for that host alone.
        (pattern.startsWith('*.') ? this.bySuffix : this.byDomain).set(domain, organisation);
      }
    }
  }

  /** The data as build.mjs writes it (`{ version, rows }`); anything else gives an empty directory. */
  static fromData(data: unknown): Organisations {
    const rows = (data as { rows?: unknown } | undefined)?.rows;
    if (!Array.isArray(rows)) return new Organisations([]);
    return new Organisations(rows.filter((r): r is OrganisationRow => Array.isArray(r) && typeof r[0] === 'string' && typeof r[2] === 'string' && Array.isArray(r[3])));
  }

  /** The organisation a host belongs to, or undefined when the data set does not know it. */
  ofHost(host: string): Organisation | undefined {
    let h = host.toLowerCase().replace(/\.$/, '');
    const exact = this.byDomain.get(h);
    if (exact) return exact;
    for (;;) {
      const found = this.bySuffix.get(h);
      if (found) return found;
      const dot = h.indexOf('.');
      if (dot < 0) return undefined;
      h = h.slice(dot + 1);
    }
  }

  /** The organisation of that name (the Open Cookie Database's platform: "Hotjar"), if the data set has it. */
  ofName(name: string): Organisation | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * A request to the portal's own site that measures its audience: its tool, by the path. A
   * self-hosted Matomo may be exempt; Google Analytics through the site's host never is.
   */
  static firstParty(path: string): Organisation | undefined {
    for (const [pattern, name, audience] of FIRST_PARTY_AUDIENCE) if (pattern.test(path)) return { name, category: 'analytics', audience };
    if (FIRST_PARTY_GA.test(path)) return { name: 'Google Analytics', company: 'Google', category: 'analytics' };
    return undefined;
  }
}
