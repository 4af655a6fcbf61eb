// A visit's primitives in a tab (src/core/visit/first-visit.ts says in which order, and how long):
// the portal's web storage taken aside (once: what the user had) and cleared, the tab reloaded, its
// network quiet. The portal's cookies are set aside by the caller (the fresh visit's journal, or
// Check consent's own clean), which puts them back; `restoreStorage` puts the storage back.
import type { VisitDriver } from '../core/visit/first-visit.ts';
import type { AuditorDeps, WebStorage } from './deps.ts';

export interface TabVisit extends VisitDriver {
  restoreStorage(): Promise<void>;
}

/** `fresh()`: whether the next load must be a navigation, never a reload (the document may be a refused form's error page). */
export function tabVisit(deps: AuditorDeps & Required<Pick<AuditorDeps, 'reloadTab'>>, tabId: number, onLoad?: (url: string) => void, fresh: () => boolean = () => false): TabVisit {
  let saved: WebStorage | undefined;
  return {
    async clean() {
      saved ??= await deps.webStorage?.(tabId, 'take');
      await deps.webStorage?.(tabId, 'clear');
    },
    async load(url) {
      onLoad?.(url);
      return deps.reloadTab(tabId, url, fresh());
    },
    quiet: async (capMs) => deps.quiet?.(tabId, capMs),
    pause: async (ms) => deps.pause?.(ms),
    async restoreStorage() {
      if (saved) await deps.webStorage?.(tabId, 'restore', saved);
    },
  };
}
