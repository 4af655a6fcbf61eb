// Defence in depth: the background acts only on well-formed messages from the extension's own
// pages, and only the popup may ask for what deletes or rewrites cookies.
import { describe, expect, it } from 'vitest';
import { type PopupToBackground, isPopupMessage, isTrustedSender } from '../../src/messages.ts';

const self = { id: 'abcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup/popup.html' };

describe('messages the background accepts', () => {
  it('takes each well-formed message', () => {
    for (const m of [
      { type: 'popup/get-audit', tabId: 3 },
      { type: 'popup/refresh', tabId: 3, rereadPolicy: true },
      { type: 'popup/report', tabId: 3, format: 'csv', includeValueDigests: false },
      { type: 'popup/fresh-visit', tabId: 3 },
      { type: 'popup/restore-cookies', tabId: 3, forget: true },
    ]) expect(isPopupMessage(m)).toBe(true);
  });

  it('refuses anything else: wrong types, extra or missing fields, odd tab ids, prototypes', () => {
    for (const m of [
      null, 'popup/get-audit', [], 42,
      { type: 'popup/get-audit' },
      { type: 'popup/get-audit', tabId: -1 },
      { type: 'popup/get-audit', tabId: 1.5 },
      { type: 'popup/get-audit', tabId: '3' },
      { type: 'popup/get-audit', tabId: 3, extra: 1 },
      { type: 'popup/refresh', tabId: 3, rereadPolicy: 'yes' },
      { type: 'popup/report', tabId: 3 },
      { type: 'popup/report', tabId: 3, format: 'exe' },
      { type: 'popup/fresh-visit', tabId: 3, cookies: [] },
      { type: 'popup/restore-cookies', tabId: 3, forget: 1 },
      { type: 'toString', tabId: 3 },
      { type: 'constructor', tabId: 3 },
      JSON.parse('{"type":"popup/get-audit","tabId":3,"__proto__":{"x":1}}'),
    ]) expect(isPopupMessage(m), JSON.stringify(m)).toBe(false);
  });
});

describe('who may send them', () => {
  const refresh: PopupToBackground = { type: 'popup/refresh', tabId: 1 };
  const fresh: PopupToBackground = { type: 'popup/fresh-visit', tabId: 1 };

  it("accepts the extension's own pages, and only the popup for what deletes cookies", () => {
    expect(isTrustedSender(refresh, popup, self)).toBe(true);
    expect(isTrustedSender(fresh, popup, self)).toBe(true);
    const options = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/options/options.html?origin=x' };
    expect(isTrustedSender(refresh, options, self)).toBe(true);
    expect(isTrustedSender(fresh, options, self)).toBe(false);
    expect(isTrustedSender({ type: 'popup/restore-cookies', tabId: 1 }, options, self)).toBe(false);
  });

  it('refuses another extension, a web page, and a sender without an address', () => {
    expect(isTrustedSender(refresh, { id: 'otherextension', url: popup.url }, self)).toBe(false);
    expect(isTrustedSender(refresh, { id: self.id, url: 'https://data.metropole.fr/popup/popup.html' }, self)).toBe(false);
    expect(isTrustedSender(refresh, { id: self.id, url: 'chrome-extension://otherextension/popup/popup.html' }, self)).toBe(false);
    expect(isTrustedSender(refresh, { id: self.id }, self)).toBe(false);
    expect(isTrustedSender(refresh, {}, self)).toBe(false);
    expect(isTrustedSender(refresh, { id: self.id, url: 'not a url' }, self)).toBe(false);
  });

  it("works with Firefox's per-install extension origins", () => {
    const firefox = { id: 'ods-cookie-audit@example', origin: 'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-1234567890ab/' };
    expect(isTrustedSender(fresh, { id: firefox.id, url: 'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-1234567890ab/popup/popup.html' }, firefox)).toBe(true);
    expect(isTrustedSender(fresh, { id: firefox.id, url: 'moz-extension://ffffffff-aaaa-bbbb-cccc-1234567890ab/popup/popup.html' }, firefox)).toBe(false);
  });
});
