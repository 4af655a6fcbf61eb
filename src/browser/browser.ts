// The only module that imports webextension-polyfill: the rest of the code goes through here, so
// dropping the polyfill once every target exposes a promise-based `browser` is a one-file change.
import browser from 'webextension-polyfill';

export type { Cookies, Runtime, Tabs } from 'webextension-polyfill';
export { browser };
