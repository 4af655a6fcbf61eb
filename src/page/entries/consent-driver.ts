// The in-page consent driver's bundle (src/page/consent-driver): injected once per document into
// the extension's isolated world (scripting.executeScript) or the scan's (a CDP isolated world),
// where it waits for the runner's requests under DRIVER_GLOBAL.
import { DRIVER_GLOBAL } from '../../core/consent/driver-protocol.ts';
import { createConsentDriver } from '../consent-driver/driver.ts';

const world = globalThis as unknown as Record<string, unknown>;
world[DRIVER_GLOBAL] ??= createConsentDriver();
