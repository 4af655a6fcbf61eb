// The background's start and the user's grant: tabs already open get their audit and badge, once
// each, and a burst of events costs one audit after the running one, never one per event.
import { describe, expect, it } from 'vitest';
import type { TabInfo } from '../../src/background/tab-auditor.ts';
import { fakeCookies } from '../fakes/fake-cookies.ts';
import { PORTAL_PAGE, POLICY, c, html, world } from '../fakes/auditor-world.ts';

const PAGE = 'https://data.metropole.fr/explore/';
const pages = { [PAGE]: html(PORTAL_PAGE, PAGE), 'https://data.metropole.fr/terms/cookies-policy/': html(POLICY, 'https://data.metropole.fr/terms/cookies-policy/') };
const cookies = [c('sessionid', 'data.metropole.fr'), c('tracker', 'data.metropole.fr'), c('other', 'data.metropole.fr')];

/** A world with several tabs on the portal, and a count of audits (each stores its result once). */
function tabsWorld(tabs: TabInfo[]) {
  const w = world({ pages, cookies });
  w.deps.getTab = async (id) => tabs.find((t) => t.id === id);
  w.deps.openTabs = async () => tabs;
  let audits = 0;
  const set = w.session.set;
  w.session.set = async (key, value) => {
    if (key.startsWith('tab:')) audits++;
    return set(key, value);
  };
  w.deps.pageHtml = async () => {
    await new Promise((r) => setTimeout(r, 5));
    return PORTAL_PAGE;
  };
  return { ...w, audits: () => audits };
}

describe('tabs open when the background starts', () => {
  it('audits and badges every readable web tab that loaded before it listened, and only those', async () => {
    const w = tabsWorld([
      { id: 1, url: PAGE, status: 'complete' },
      { id: 2, url: `${PAGE}?q=1`, status: 'complete' },
      { id: 3, status: 'complete' }, // a tab whose address the extension may not see
      { id: 4, url: 'chrome://extensions/', status: 'complete' },
      { id: 5, url: PAGE, status: 'loading' }, // its load event will audit it
    ]);
    await w.auditor.auditOpenTabs();
    expect([...w.badges].sort()).toEqual([[1, '2'], [2, '2']]);
    expect(w.audits()).toBe(2);
  });

  it('does not audit again a tab whose page already has its audit (a worker woken later)', async () => {
    const w = tabsWorld([{ id: 1, url: PAGE, status: 'complete' }]);
    await w.auditor.auditOpenTabs();
    await w.auditor.auditOpenTabs();
    expect(w.audits()).toBe(1);
    // The tab went on to another page of the portal: that page has no audit yet.
    w.deps.openTabs = async () => [{ id: 1, url: `${PAGE}?page=2`, status: 'complete' }];
    w.deps.getTab = async () => ({ id: 1, url: `${PAGE}?page=2` });
    await w.auditor.auditOpenTabs();
    expect(w.audits()).toBe(2);
  });

  it('audits again a tab whose last answer was "no permission" once the user grants the site', async () => {
    const w = tabsWorld([{ id: 1, url: PAGE, status: 'complete' }]);
    let granted = false;
    w.deps.hasOrigins = async () => granted;
    await w.auditor.auditOpenTabs();
    expect(w.badges.get(1)).toBe('');
    granted = true;
    await w.auditor.auditOpenTabs();
    expect(w.badges.get(1)).toBe('2');
  });

  it('joins an audit already running for a tab instead of starting another', async () => {
    const w = tabsWorld([{ id: 1, url: PAGE, status: 'complete' }]);
    const running = w.auditor.audit(1);
    await w.auditor.auditOpenTabs();
    await running;
    expect(w.audits()).toBe(1);
  });

  it('audits a few tabs at a time, and every one of many', async () => {
    const tabs = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, url: `${PAGE}?t=${i}`, status: 'complete' as const }));
    const w = tabsWorld(tabs);
    let running = 0;
    let most = 0;
    w.deps.pageHtml = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return PORTAL_PAGE;
    };
    await w.auditor.auditOpenTabs();
    expect(w.badges.size).toBe(10);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });
});

describe('a burst of events on one tab', () => {
  it('costs the running audit and one more, shared by every request made meanwhile', async () => {
    const w = tabsWorld([{ id: 1, url: PAGE, status: 'complete' }]);
    const first = w.auditor.audit(1);
    const burst = Array.from({ length: 20 }, () => w.auditor.audit(1));
    const answers = await Promise.all([first, ...burst]);
    expect(w.audits()).toBe(2);
    // Every request made during the first audit is answered by the audit started after it.
    expect(new Set(answers.slice(1)).size).toBe(1);
    expect(answers[1]).not.toBe(answers[0]);
  });

  it('answers a request made after the burst with a new audit that sees the jar as it is then', async () => {
    const w = tabsWorld([{ id: 1, url: PAGE, status: 'complete' }]);
    await Promise.all([w.auditor.audit(1), w.auditor.audit(1)]);
    w.deps.cookies = fakeCookies([...cookies, c('late', 'data.metropole.fr')]);
    const later = await w.auditor.audit(1);
    expect(w.audits()).toBe(3);
    expect(later.kind === 'ready' && later.audit.summary.undeclared).toBe(3);
  });
});
