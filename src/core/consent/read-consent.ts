// The single audit's consent state: what the managers read in their own records among the portal's
// cookies, the platform's first (the order of MANAGERS). The managers are the only readers of a
// record: this asks each in turn and reads nothing itself.
import type { Cookie } from '../types.ts';
import type { ConsentState } from '../vocabulary/consent.ts';
import { MANAGERS } from './managers/index.ts';
import type { OwnManager } from './managers/manager.ts';

export function readConsent(cookies: readonly Cookie[], managers: readonly OwnManager[] = MANAGERS): ConsentState {
  const jar = cookies.map((c) => ({ name: c.name, value: c.value ?? '' }));
  for (const manager of managers) {
    const state = manager.consentState(jar);
    if (state) return state;
  }
  return { status: 'no-choice' };
}
