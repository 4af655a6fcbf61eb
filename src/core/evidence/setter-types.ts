// What an audit says of who set its cookies: the types alone, which the audit's own types carry
// (src/core/types.ts) without depending on how setters are found (cookie-setters.ts).
import type { JourneyState } from '../consent/journey-state.ts';

/** How a cookie was written: an HTTP response's Set-Cookie line, or a script. */
export type WriteKind = 'response' | 'document.cookie' | 'cookieStore';

export interface CookieSetter {
  /**
   * How it was set; `before-visit`: it was there when the recording started and no write of it was
   * seen since; `not-seen`: no write of it was seen (see the audit's `evidence` for what was recorded).
   */
  how: WriteKind | 'before-visit' | 'not-seen';
  /** The response's URL, or the script's; absent for a script without an address of its own. */
  url?: string;
  /** The page the visitor was on, and the frame's document when a frame wrote it. */
  page?: string;
  frame?: string;
  /** The consent state the journey was in (journeys and Check consent). */
  state?: JourneyState;
  /** Milliseconds after that page's navigation started. */
  afterMs?: number;
  /** Writes of it seen during the recording, the first one being the setter (removals not counted). */
  count: number;
}

/** What the recorder covered: where it is off, "not seen being set" says less. */
export interface EvidenceCoverage {
  /** Set-Cookie lines of HTTP responses (the scan's DevTools protocol; the extension's webRequest, an optional permission). */
  responses: boolean;
  /** Scripts' writes through document.cookie and cookieStore (a hook in the page, installed before its scripts). */
  scripts: boolean;
  /** Why a kind was not recorded (the permission refused, the page not scriptable). */
  note?: string;
}
