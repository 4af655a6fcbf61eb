// The relay between the page hook (main world) and the background: the hook's reports arrive as
// DOM events, and leave as one message each. Registered with the hook, for the length of a Fresh
// visit or Check consent. Runs in the extension's isolated world; the background checks each
// report (the page could send its own) and keeps it only while that tab is being recorded.
import { browser } from '../../browser/browser.ts';
import { HOOK_EVENT, HOOK_READY, RELAY_READY } from '../hook-cookie-writes.ts';

document.addEventListener(HOOK_EVENT, (event) => {
  const text = (event as CustomEvent<unknown>).detail;
  if (typeof text === 'string' && text.length <= 10_000) void browser.runtime.sendMessage({ type: 'page/cookie-write', text }).catch(() => undefined);
});
// Whichever of the two came first, the hook learns the relay listens.
document.addEventListener(HOOK_READY, () => document.dispatchEvent(new CustomEvent(RELAY_READY)));
document.dispatchEvent(new CustomEvent(RELAY_READY));
