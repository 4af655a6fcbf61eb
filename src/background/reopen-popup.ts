// Chrome's permission prompt closes the popup that asked for it: after *Allow* the user would come
// back to nothing. Once the grant's audit is done, the popup opens again on the tab it was asked
// from, with the verdict, where the browser lets a background open it (Chrome; Firefox only on a
// user's gesture, so there the verdict waits for the next click, already audited).
import { type GrantAsked, sessionKeys } from '../storage-keys.ts';

/** A grant asked longer ago than this (refused, then given from elsewhere) opens nothing. */
export const GRANT_REOPEN_MS = 120_000;
/** How long a window whose prompt just closed may take to get its focus back from the window manager. */
export const FOCUS_WAIT_MS = 20_000;

export interface ReopenDeps {
  session: { get(key: string): Promise<Record<string, unknown>>; remove(key: string): Promise<void> };
  tab(tabId: number): Promise<{ active: boolean; windowId?: number }>;
  openPopup(windowId: number): Promise<void>;
  /** Calls `listener` with each window that gets the focus; returns the unsubscribe. */
  onFocus(listener: (windowId: number) => void): () => void;
  now(): number;
}

export async function reopenPopupAfterGrant(deps: ReopenDeps): Promise<'opened' | 'not-asked' | 'tab-gone' | 'not-opened'> {
  const key = sessionKeys.grantAsked;
  const asked = (await deps.session.get(key))[key] as GrantAsked | undefined;
  if (!asked) return 'not-asked';
  await deps.session.remove(key);
  if (deps.now() - asked.at > GRANT_REOPEN_MS) return 'not-asked';
  const tab = await deps.tab(asked.tabId).catch(() => undefined);
  if (!tab?.active || tab.windowId === undefined) return 'tab-gone';
  const windowId = tab.windowId;
  const open = () => deps.openPopup(windowId).then(() => 'opened' as const, () => 'not-opened' as const);
  if ((await open()) === 'opened') return 'opened';
  // Chrome opens a popup only in the focused window, and the prompt's window may not have its
  // focus back yet: the popup opens when it does, if it does soon.
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => finish('not-opened'), FOCUS_WAIT_MS);
    const unsubscribe = deps.onFocus((focused) => {
      if (focused === windowId) void open().then(finish);
    });
    function finish(result: 'opened' | 'not-opened') {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    }
  });
}
