// A portal tab's badge and the audit the background stored for it, read inside the add-on: shared
// by the badge tests and the badge benchmark.

/** The tab showing `url`: its badge, and the audit the background stored for it (none yet: null). */
export interface BadgeState { badge: string; stored: { kind: string; isPortal: boolean | null; undeclared: number | null } | null }

/** Read inside the add-on (its worker, or one of its pages): the same in Chromium and Firefox. */
export async function readBadgeState(url: string): Promise<BadgeState> {
  type Api = {
    tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
    action: { getBadgeText(d: { tabId: number }): Promise<string> };
    storage: { session: { get(key: string): Promise<Record<string, { kind?: string; portal?: { isPortal?: boolean }; audit?: { summary?: { undeclared?: number } } } | undefined>> } };
  };
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  const api = (g.browser ?? g.chrome)!;
  const tab = (await api.tabs.query({})).find((t) => t.url?.startsWith(url));
  if (tab?.id === undefined) return { badge: '', stored: null };
  const key = `tab:${tab.id}`;
  const stored = (await api.storage.session.get(key))[key];
  return {
    badge: await api.action.getBadgeText({ tabId: tab.id }),
    stored: stored ? { kind: stored.kind ?? '', isPortal: stored.portal?.isPortal ?? null, undeclared: stored.audit?.summary?.undeclared ?? null } : null,
  };
}
