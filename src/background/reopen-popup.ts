// Chrome's permission prompt closes the popup that asked for it: after *Allow* the user would come
// back to nothing. Once the grant's audit is done, the popup opens again on the tab it was asked
// from, with the verdict, where the browser lets a background open it (Chrome; Firefox only on a
// user's gesture, so there the verdict waits for the next click, already audited). So does the
// popup a *Check consent* lost on the way (a window the page opened took the focus, a click
// elsewhere), when the check ends on a tab still in front.
import { type GrantAsked, sessionKeys } from '../storage-keys.ts';

/** A grant asked longer ago than this (refused, then given from elsewhere) opens nothing. */
export const GRANT_REOPEN_MS = 120_000;
/** How long a window whose prompt just closed may take to get its focus back from the window manager. */
export const FOCUS_WAIT_MS = 20_000;

export interface ReopenDeps {
  session: { get(key: string): Promise<Record<string, unknown>>; remove(key: string): Promise<void> };
  tab(tabId: number): Promise<{ active: boolean; windowId?: number }>;
  openPopup(windowId: number): Promise<void>;
  /** Whether the extension's popup is open now (false where the browser cannot say). */
  popupOpen(): Promise<boolean>;
  /** Calls `listener` with each window that gets the focus; returns the unsubscribe. */
  onFocus(listener: (windowId: number) => void): () => void;
  now(): number;
}

export async function reopenPopupAfterGrant(deps: ReopenDeps): Promise<'opened' | 'not-asked' | 'tab-gone' | 'not-opened' | 'already-open'> {
  const key = sessionKeys.grantAsked;
  const asked = (await deps.session.get(key))[key] as GrantAsked | undefined;
  if (!asked) return 'not-asked';
  await deps.session.remove(key);
  if (deps.now() - asked.at > GRANT_REOPEN_MS) return 'not-asked';
  return reopenPopupOn(deps, asked.tabId, true);
}

/**
 * Opens the popup on `tabId`'s window if the tab is in front there and no popup is open;
 * `waitForFocus`: if the window has no focus yet, when it gets it back (for FOCUS_WAIT_MS).
 */
export async function reopenPopupOn(deps: ReopenDeps, tabId: number, waitForFocus = false): Promise<'opened' | 'tab-gone' | 'not-opened' | 'already-open'> {
  if (await deps.popupOpen().catch(() => false)) return 'already-open';
  const tab = await deps.tab(tabId).catch(() => undefined);
  if (!tab?.active || tab.windowId === undefined) return 'tab-gone';
  const windowId = tab.windowId;
  const open = () => deps.openPopup(windowId).then(() => 'opened' as const, () => 'not-opened' as const);
  const first = await open();
  if (first === 'opened' || !waitForFocus) return first;
  // Chrome opens a popup only in the focused window, and the prompt's window may not have its
  // focus back yet: the popup opens when it does, if it does soon.
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => finish('not-opened'), FOCUS_WAIT_MS);
    // One attempt: a window may report its focus twice in a row.
    let opening = false;
    const unsubscribe = deps.onFocus((focused) => {
      if (focused !== windowId || opening) return;
      opening = true;
      void open().then(finish);
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
