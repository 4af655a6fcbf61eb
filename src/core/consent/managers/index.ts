// The consent managers the auditor knows, in the order it prefers to drive them: the platform's
// own first (a portal's trackers are gated by it), then those public bodies add to their sites.
import { cookieconsent } from './cookieconsent.ts';
import { klaro } from './klaro.ts';
import type { ConsentManager, ManagerId } from './manager.ts';
import { opendatasoft } from './opendatasoft.ts';
import { orejime } from './orejime.ts';
import { tarteaucitron } from './tarteaucitron.ts';

export const MANAGERS: readonly ConsentManager[] = [opendatasoft, tarteaucitron, klaro, orejime, cookieconsent];

export function managerById(id: ManagerId): ConsentManager {
  return MANAGERS.find((m) => m.id === id)!;
}

/** Every consent cookie any known manager records a choice in. */
export const CONSENT_RECORD_COOKIES: ReadonlySet<string> = new Set(MANAGERS.flatMap((m) => m.consentCookies));

export type { ConsentManager, ManagerId } from './manager.ts';
