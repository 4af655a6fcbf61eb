// What is known about cookie names: the Open Cookie Database (Apache-2.0, vendored in
// data/open-cookie-database with its licence), plus what it lacks for Opendatasoft portals: the
// platform's own cookies and the trackers a portal can enable.

import { CONSENT_COOKIE } from '../consent/consent-cookie.ts';

export interface KnownCookie {
  platform: string;
  /** The database's own category, kept as it is (Functional, Analytics, Marketing, Security…). */
  category: string;
  name: string;
  /** The domain the database ties the cookie to ("instagram.com"), or '' for any site. */
  domain: string;
  description: string;
  retention: string;
  controller: string;
  /** The name is a prefix: `_pk_id.` stands for `_pk_id.1.abcd`. */
  prefix: boolean;
  source: 'opendatasoft-platform' | 'opendatasoft-trackers' | 'open-cookie-database';
}

/** The compact rows build.mjs writes from the CSV: [platform, category, name, domain, description, retention, controller, wildcard]. */
export type CompactRow = [string, string, string, string, string, string, string, 0 | 1];

export function fromCompactRows(rows: readonly CompactRow[]): KnownCookie[] {
  return rows.map(([platform, category, name, domain, description, retention, controller, wildcard]) => ({
    platform, category, name, domain, description, retention, controller, prefix: wildcard === 1, source: 'open-cookie-database',
  }));
}

const platform = (name: string, category: string, description: string, retention: string, prefix = false): KnownCookie => ({
  platform: 'Opendatasoft', category, name, domain: '', description, retention, controller: 'Opendatasoft (portal publisher)', prefix, source: 'opendatasoft-platform',
});

/** The portal platform's cookies (Django's, here): they win over generic entries of the same name (Instagram's `sessionid`). */
export const PLATFORM_COOKIES: KnownCookie[] = [
  platform('sessionid', 'Security', 'Django session: keeps a logged-in user logged in from one page to another.', '2 weeks'),
  platform('csrftoken', 'Security', 'Django CSRF token: protects forms and API calls against cross-site request forgery.', '1 year'),
  platform('django_language', 'Functional', "Remembers the language the visitor chose.", 'session'),
  platform(CONSENT_COOKIE, 'Functional', "Remembers the visitor's cookie consent choices (per tracker).", '6 months'),
  platform('_BEAMER', 'Functional', 'Beamer: product news notifications in the back office.', '1 year', true),
];

const tracker = (platformName: string, category: string, name: string, description: string, retention: string, prefix: boolean): KnownCookie => ({
  platform: platformName, category, name, domain: '', description, retention, controller: platformName, prefix, source: 'opendatasoft-trackers',
});

/** Trackers Opendatasoft portals can enable, for names the database lacks (checked after it). */
export const PORTAL_TRACKERS: KnownCookie[] = [
  tracker('Google Analytics', 'Analytics', '_ga_', 'Google Analytics 4: keeps the session state of a measurement ID.', '2 years', true),
  tracker('Google Analytics', 'Analytics', '_gat', 'Google Analytics: throttles the request rate.', '1 minute', true),
  tracker('Matomo', 'Analytics', '_pk_ses.', 'Matomo: short-lived session of a visit.', '30 minutes', true),
  tracker('Matomo', 'Analytics', '_pk_ref.', 'Matomo: the referrer the visitor came from.', '6 months', true),
  tracker('AT Internet (Piano Analytics)', 'Analytics', 'atuserid', 'AT Internet: visitor ID.', '13 months', false),
  tracker('Piano Analytics', 'Analytics', '_pcid', 'Piano: browser ID for audience measurement.', '13 months', false),
  tracker('Piano Analytics', 'Analytics', '_pctx', 'Piano: context of the browser ID.', '13 months', false),
  tracker('Eulerian', 'Analytics', 'etuix', 'Eulerian Analytics: visitor ID.', '13 months', false),
];
