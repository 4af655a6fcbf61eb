// The tab guard's rules: what the browser refuses in the audited tab while the auditor acts on it,
// and the same verdict on one request, so that what was refused can be named.
import { describe, expect, it } from 'vitest';
import { guardRefusal, guardRuleIds, guardRules } from '../../src/core/visit/guard-rules.ts';

const PORTAL = 'https://data.example.fr/explore/';

describe('the tab guard', () => {
  it('refuses a request other than GET to the portal\'s site (the page itself included), above the pages it lets load', () => {
    const rules = guardRules(7, PORTAL, [PORTAL]);
    const changing = rules.find((r) => r.condition.requestMethods)!;
    expect(changing).toMatchObject({ action: { type: 'block' }, condition: { tabIds: [7], requestDomains: ['example.fr'] } });
    const allowed = rules.find((r) => r.action.type === 'allow')!;
    expect(changing.priority).toBeGreaterThan(allowed.priority);
    expect(guardRefusal(PORTAL, [PORTAL], { url: PORTAL, method: 'POST', type: 'main_frame' })).toEqual({ danger: 'request', detail: `POST ${PORTAL}` });
    expect(guardRefusal(PORTAL, [PORTAL], { url: 'https://api.example.fr/account/delete', method: 'post', type: 'ping' })).toEqual({ danger: 'request', detail: 'POST https://api.example.fr/account/delete' });
    // A tracker's hit to a third party is observed, not refused.
    expect(guardRefusal(PORTAL, [PORTAL], { url: 'https://www.google-analytics.com/g/collect', method: 'POST', type: 'ping' })).toBeUndefined();
  });

  it('lets the tab load only the pages the auditor asks for, whatever their fragment', () => {
    const next = 'https://data.example.fr/explore/dataset/communes/?sort=name&q=a+b';
    const rules = guardRules(7, PORTAL, [PORTAL, `${next}#map`]);
    const allowed = new RegExp(rules.find((r) => r.action.type === 'allow')!.condition.regexFilter!);
    expect([PORTAL, `${PORTAL}#top`, next].map((u) => allowed.test(u))).toEqual([true, true, true]);
    expect(['https://data.example.fr/account/logout', 'https://evil.example/', 'https://data.example.fr/explore/dataset/communes/?sort=nameXq=a+b'].map((u) => allowed.test(u))).toEqual([false, false, false]);
    expect(guardRefusal(PORTAL, [PORTAL, next], { url: 'https://data.example.fr/account/logout', method: 'GET', type: 'main_frame' })).toEqual({ danger: 'navigation', detail: 'https://data.example.fr/account/logout' });
    expect(guardRefusal(PORTAL, [PORTAL, next], { url: `${next}#x`, method: 'GET', type: 'main_frame' })).toBeUndefined();
    // A frame's or an image's GET is the page's own business.
    expect(guardRefusal(PORTAL, [PORTAL], { url: 'https://evil.example/', method: 'GET', type: 'sub_frame' })).toBeUndefined();
  });

  it('refuses a window or tab the portal\'s pages open: a top-frame load the portal\'s site starts in any tab but the checked one', () => {
    const windows = guardRules(7, PORTAL, [PORTAL]).find((r) => r.condition.initiatorDomains)!;
    expect(windows).toMatchObject({ action: { type: 'block' }, condition: { excludedTabIds: [7], initiatorDomains: ['example.fr'], resourceTypes: ['main_frame'] } });
    expect(windows.condition.tabIds).toBeUndefined();
  });

  it('gives each tab its own rule ids, the same each time, so a guard replaces only its own', () => {
    expect(guardRuleIds(7)).toEqual(guardRuleIds(7));
    expect(guardRuleIds(7).some((id) => guardRuleIds(8).includes(id))).toBe(false);
    expect(guardRules(7, PORTAL, []).map((r) => r.id).every((id) => guardRuleIds(7).includes(id) && id >= 1)).toBe(true);
  });
});
