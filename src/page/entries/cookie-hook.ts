// The extension's page hook (main world, document start, every frame), registered only for the
// length of a Fresh visit or Check consent: see src/page/hook-cookie-writes.ts.
import { HOOK_EVENT, hookCookieWrites } from '../hook-cookie-writes.ts';

hookCookieWrites(HOOK_EVENT);
