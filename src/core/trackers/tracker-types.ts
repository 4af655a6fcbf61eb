// What an audit says of trackers beyond cookies: the types alone, which the audit's own types carry
// (src/core/types.ts) without depending on how they are found (beyond-cookies.ts).
import type { OrganisationCategory } from './organisations.ts';

export type { OrganisationCategory };

export type StorageArea = 'localStorage' | 'sessionStorage' | 'indexedDB';

/** What started a request, in the words of both sources (the DevTools protocol, Resource Timing). */
export type RequestType = 'script' | 'image' | 'beacon' | 'fetch' | 'xhr' | 'frame' | 'style' | 'font' | 'media' | 'websocket' | 'other';

/** What a recorder observed beyond cookies, and what it could not. */
export interface TraceCoverage {
  /** Writes to web storage (the page hook) and the keys held at the audit. */
  storage: boolean;
  /** The page's requests (the scan: the DevTools protocol; the extension: the hook's Resource Timing). */
  requests: boolean;
  /** Held keys read in the frames the auditor may script; a frame of another site may be left out. */
  heldFrom?: 'all-frames' | 'granted-frames';
}

/** A storage key (or IndexedDB database) of the page's frames. */
export interface StorageItem {
  area: StorageArea;
  name: string;
  /** The origin whose storage it is. */
  origin: string;
  party: 'first' | 'third';
  /** The declaration that matched it, or null: undeclared. */
  pattern: string | null;
  /** The script that wrote it first, without query values; absent when no write was seen (written before, or by assignment). */
  writtenBy?: string;
  /** Held when the page was audited (else only its write was seen: removed since, or not readable). */
  held: boolean;
  /** The organisation behind it: the writing script's, else the one the Open Cookie Database names. */
  organisation?: string;
  /** What it is for: the organisation's category, else the database's own (Analytics, Marketing…). */
  category?: string;
  /** An identifier of a tracker: needs the visitor's consent. */
  tracker: boolean;
}

/** The requests of the page to one organisation. */
export interface OrganisationContact {
  organisation: string;
  company?: string;
  category: OrganisationCategory | 'unknown';
  /** Its hosts are the portal's own site (a first-party endpoint). */
  party: 'first' | 'third';
  /** Sends what the visitor does to an organisation whose trade is it: needs consent. */
  tracking: boolean;
  /** The consent key of an audience-measurement tool the CNIL's exemption may cover. */
  audience?: string;
  /** The policy names it in a provider or service column, or declares one of its cookies. */
  declared: boolean;
  count: number;
  /** The first request's address, without query values. */
  firstUrl: string;
  types: RequestType[];
  /** The script that started the first request, when known. */
  script?: string;
}

export interface BeyondCookies {
  storage: StorageItem[];
  contacts: OrganisationContact[];
  coverage: TraceCoverage;
}
