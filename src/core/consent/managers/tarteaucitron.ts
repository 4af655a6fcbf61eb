// tarteaucitron.js (used by French public services; docs/platform-facts.md §7): its banner
// `#tarteaucitronAlertBig` with « Tout refuser » `#tarteaucitronAllDenied2` and « Tout accepter »
// `#tarteaucitronPersonalize2`, its panel `#tarteaucitron` (`#tarteaucitronAllDenied`,
// `#tarteaucitronAllAllowed`) opened by `#tarteaucitronManager`; the choice in the cookie
// `tarteaucitron`, `!service=true!other=false` (`wait` for a service not yet answered).
import { type OwnManager, choiceOf, stateOf } from './manager.ts';

const COOKIE = 'tarteaucitron';

/** The per-service answers of a tarteaucitron record; `wait` is no answer. */
export function readTarteaucitron(value: string): Record<string, boolean> {
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    /* kept as it is */
  }
  const choices: Record<string, boolean> = {};
  for (const match of text.slice(0, 10_000).matchAll(/!([\w.-]{1,100})=(true|false)/g)) choices[match[1]!] = match[2] === 'true';
  return choices;
}

export const tarteaucitron: OwnManager = {
  id: 'tarteaucitron',
  name: 'tarteaucitron.js',
  rule: {
    id: 'tarteaucitron',
    present: ['#tarteaucitronRoot'],
    dialog: ['#tarteaucitronAlertBig', '#tarteaucitron'],
    open: ['#tarteaucitronManager'],
    refuseAll: { selectors: ['#tarteaucitronAllDenied2', '#tarteaucitronAllDenied'] },
    acceptAll: { selectors: ['#tarteaucitronPersonalize2', '#tarteaucitronAllAllowed'] },
  },
  consentCookies: [COOKIE],
  recorded(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    return cookie ? choiceOf(readTarteaucitron(cookie.value ?? '')) : undefined;
  },
  consentState(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    const choices = cookie ? readTarteaucitron(cookie.value ?? '') : {};
    // Services all still `wait`: the visitor has not answered yet.
    return Object.keys(choices).length ? stateOf('tarteaucitron', choices) : undefined;
  },
  record(choice, keys) {
    return { name: COOKIE, value: keys.map((k) => `!${k}=${choice === 'accept-all'}`).join('') };
  },
  keysOf(cookies) {
    const cookie = cookies.find((c) => c.name === COOKIE);
    const text = cookie?.value ?? '';
    return [...text.matchAll(/!([\w.-]{1,100})=(?:true|false|wait)/g)].map((m) => m[1]!);
  },
};
