// A page's trackers beyond cookies, judged against the portal's declared policy: the web storage its
// frames hold or were written (matched against the catalogue like cookie names, explained from the
// Open Cookie Database, which lists storage keys too), and the organisations its requests reached,
// grouped by organisation and category (third-party-web), each matched to the policy's providers.
// Pure: the recorders (src/scan/page-recorder.ts, src/background/evidence-recorder.ts) hand the
// traces in; the consent matrix decides findings from what comes out.
import { siteOf } from '../audit/party.ts';
import { measuringTrackersOf } from '../consent/trackers.ts';
import type { CookieKnowledge } from '../explain/explain-cookie.ts';
import { matchesPattern } from '../match/matcher.ts';
import type { AuditResult, CatalogueEntry, Party } from '../types.ts';
import { type Organisation, Organisations, TRACKING_CATEGORIES } from './organisations.ts';
import type { HeldStorage, PageTrace, RequestSeen, StorageWrite } from './traces.ts';
import type { BeyondCookies, OrganisationContact, StorageArea, StorageItem, TraceCoverage } from './tracker-types.ts';

export type { BeyondCookies, OrganisationContact, StorageItem };

export interface BeyondCookiesInput {
  pageUrl: string;
  traces: readonly PageTrace[];
  held?: readonly HeldStorage[];
  coverage: TraceCoverage;
  entries: readonly CatalogueEntry[];
  organisations?: Organisations;
  knowledge?: CookieKnowledge;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Whether the policy's provider and service columns name the organisation (or its company), word for word. */
function declaredBy(entries: readonly CatalogueEntry[], o: Pick<Organisation, 'name' | 'company'>, key?: string): boolean {
  const names = [o.name, ...(o.company ? [o.company] : [])].map(fold).filter((n) => n.length >= 3);
  const said = entries.map((e) => ` ${fold(`${e.provider ?? ''} ${e.service ?? ''}`)} `);
  if (names.some((n) => said.some((s) => s.includes(` ${n} `)))) return true;
  // A declared cookie of the tool (`_ga`, `_pk_id.*`) declares the tool.
  return key !== undefined && entries.some((e) => measuringTrackersOf(e.pattern.replace(/\*.*$/, 'x')).includes(key));
}

/** The consent key of the tools that have one (Google Analytics: ga; the audience tools: their own). */
const keyOf = (o: Organisation) => o.audience ?? (o.name === 'Google Analytics' ? 'ga' : undefined);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

export function beyondCookies(input: BeyondCookiesInput): BeyondCookies {
  const pageHost = hostOf(input.pageUrl) ?? '';
  const pageSite = siteOf(pageHost);
  const partyOf = (host: string): Party => (siteOf(host) === pageSite ? 'first' : 'third');
  return { storage: storageItems(input, partyOf), contacts: contacts(input, partyOf), coverage: input.coverage };
}

function storageItems(input: BeyondCookiesInput, partyOf: (host: string) => Party): StorageItem[] {
  const items = new Map<string, StorageItem>();
  const keyOfItem = (s: { area: StorageArea; name: string; origin: string }) => `${s.area}\u0000${s.origin}\u0000${s.name}`;
  const item = (s: { area: StorageArea; name: string; origin: string }): StorageItem => {
    const k = keyOfItem(s);
    let found = items.get(k);
    if (!found) {
      const host = hostOf(s.origin) ?? '';
      found = { area: s.area, name: s.name, origin: s.origin, party: partyOf(host), pattern: input.entries.find((e) => matchesPattern(e.pattern, s.name))?.pattern ?? null, held: false, tracker: false };
      items.set(k, found);
    }
    return found;
  };
  for (const t of input.traces) {
    if (t.kind === 'request') continue;
    const write = t as StorageWrite;
    const it = item({ area: write.kind, name: write.name, origin: write.origin });
    it.writtenBy ??= write.script;
  }
  for (const h of input.held ?? []) item(h).held = true;
  for (const it of items.values()) {
    const scriptHost = it.writtenBy ? hostOf(it.writtenBy) : undefined;
    const byScript = scriptHost && partyOf(scriptHost) === 'third' ? input.organisations?.ofHost(scriptHost) : undefined;
    const explained = input.knowledge?.explain(it.name, hostOf(it.origin) ?? '');
    const byName = explained && explained.source !== 'opendatasoft-platform' ? input.organisations?.ofName(explained.platform) : undefined;
    const organisation = byScript ?? byName;
    if (organisation) it.organisation = organisation.name;
    else if (explained && explained.source !== 'opendatasoft-platform') it.organisation = explained.platform;
    it.category = organisation?.category ?? explained?.category;
    it.tracker = (organisation !== undefined && TRACKING_CATEGORIES.has(organisation.category))
      || /^(?:analytics|marketing)$/i.test(explained?.category ?? '')
      || measuringTrackersOf(it.name).length > 0;
  }
  return [...items.values()].sort((a, b) => Number(b.tracker) - Number(a.tracker) || a.area.localeCompare(b.area) || a.name.localeCompare(b.name));
}

function contacts(input: BeyondCookiesInput, partyOf: (host: string) => Party): OrganisationContact[] {
  const byName = new Map<string, OrganisationContact>();
  for (const t of input.traces) {
    if (t.kind !== 'request') continue;
    const r = t as RequestSeen;
    let u: URL;
    try {
      u = new URL(r.url);
    } catch {
      continue;
    }
    const party = partyOf(u.hostname);
    // The portal's own requests count only where they measure its audience.
    const organisation: Organisation | undefined = party === 'first' ? Organisations.firstParty(u.pathname) : input.organisations?.ofHost(u.hostname);
    if (party === 'first' && !organisation) continue;
    const site = siteOf(u.hostname);
    const name = organisation?.name ?? site;
    let c = byName.get(name);
    if (!c) {
      const category = organisation?.category ?? 'unknown';
      const key = organisation ? keyOf(organisation) : undefined;
      c = {
        organisation: name,
        ...(organisation?.company ? { company: organisation.company } : {}),
        category,
        party,
        tracking: organisation !== undefined && TRACKING_CATEGORIES.has(organisation.category),
        ...(organisation?.audience ? { audience: organisation.audience } : {}),
        declared: declaredBy(input.entries, organisation ?? { name: site }, key),
        count: 0,
        firstUrl: r.url,
        types: [],
        ...(r.script ? { script: r.script } : {}),
      };
      byName.set(name, c);
    }
    c.count++;
    if (!c.types.includes(r.type)) c.types.push(r.type);
  }
  const rank = (c: OrganisationContact) => (c.tracking ? 0 : c.category === 'unknown' ? 2 : 1);
  return [...byName.values()].sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.organisation.localeCompare(b.organisation));
}

/** What is known to classify what a page reached: organisations by host, storage keys by name. */
export interface TrackerKnowledge {
  organisations?: Organisations;
  knowledge?: CookieKnowledge;
}

/**
 * The audit with what the page did beyond cookies: the traces given (a state's, from its choice on),
 * the keys its frames hold, judged against the audit's own catalogue.
 */
export function withBeyondCookies(audit: AuditResult, observed: { traces: readonly PageTrace[]; held?: readonly HeldStorage[]; coverage: TraceCoverage }, known: TrackerKnowledge): AuditResult {
  return {
    ...audit,
    beyondCookies: beyondCookies({ pageUrl: audit.pageUrl, traces: observed.traces, ...(observed.held ? { held: observed.held } : {}), coverage: observed.coverage, entries: audit.entries.map((e) => e.entry), ...known }),
  };
}
