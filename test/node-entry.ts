// What Node's entry points set before they audit (src/cli/ods-cookie-audit.ts): cookie domains
// through tldts, report wording from the bundled _locales.
import { useTldts } from '../src/core/audit/tldts-site.ts';
import { useBundledMessages } from '../src/core/report/bundled-messages.ts';

useTldts();
useBundledMessages();
