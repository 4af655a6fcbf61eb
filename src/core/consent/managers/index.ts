// The consent managers the auditor knows, in the order it prefers to drive them: the platform's
// own first (a portal's trackers are gated by it), then those public bodies add to their sites.
import { cookieconsent } from './cookieconsent.ts';
import { klaro } from './klaro.ts';
import type { ConsentManager, ManagerId, OwnManager } from './manager.ts';
import { opendatasoft } from './opendatasoft.ts';
import { orejime } from './orejime.ts';
import { tarteaucitron } from './tarteaucitron.ts';

export const MANAGERS: readonly OwnManager[] = [opendatasoft, tarteaucitron, klaro, orejime, cookieconsent];

export function managerById(id: ManagerId): OwnManager;
export function managerById(id: ManagerId, among: readonly ConsentManager[]): ConsentManager;
export function managerById(id: ManagerId, among: readonly ConsentManager[] = MANAGERS): ConsentManager {
  return among.find((m) => m.id === id)!;
}

/** Every consent cookie any known manager records a choice in. */
export const CONSENT_RECORD_COOKIES: ReadonlySet<string> = new Set(MANAGERS.flatMap((m) => m.consentCookies));

export type { ConsentManager, ManagerId, OwnManager } from './manager.ts';
