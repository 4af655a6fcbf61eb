// The in-page consent driver: one per document, in a world of the auditor's own (the extension's
// isolated world, or the scan's), so the page can neither call it nor change what it uses. It holds
// the rule book it was given once (src/core/consent/driver-client.ts sends it) and answers the
// runner's requests: which managers are here, a choice in one's dialog, and the last choice's token.
import type { DriverRequest, NeedsBook } from '../../core/consent/driver-protocol.ts';
import type { ManagerRule } from '../../core/consent/managers/manager.ts';
import { detect } from './dialogs.ts';
import { byOwnControls } from './own-controls.ts';
import { byRuleSteps } from './rule-steps.ts';
import { clicker, guardNavigation } from './safety.ts';

export interface ConsentDriver {
  call(request: DriverRequest): Promise<unknown>;
}

export function createConsentDriver(random: () => string = () => Math.random().toString(36).slice(2)): ConsentDriver {
  let book: { key: string; rules: Map<string, ManagerRule> } | undefined;
  // The last choice in this document: its token, and where a navigation it started would have gone.
  let mark = '';
  let left: string | undefined;
  let unloading = false;
  let guarded = false;
  const NEEDS_BOOK: NeedsBook = { needs: 'book' };
  return {
    async call(request) {
      if (request.action === 'mark') return { mark, ...(left ? { left } : {}), ...(unloading && !left ? { unloading: true } : {}) };
      if (request.action === 'book') {
        book = { key: request.key, rules: new Map(request.rules.map((r) => [r.id, r])) };
        return { ok: true };
      }
      if (book?.key !== request.key) return NEEDS_BOOK;
      const rules = [...book.rules.values()];
      if (request.action === 'detect') return detect(rules);
      const rule = book.rules.get(request.rule);
      if (!rule) return NEEDS_BOOK;
      const others = request.others.flatMap((id) => book!.rules.get(id) ?? []);
      mark = `ods-audit-${random()}`;
      left = undefined;
      unloading = false;
      const context = { choice: request.choice, clicks: clicker(), mark };
      // Armed at the first choice, for the document's life: a page's navigation however late is cancelled.
      if (!guarded) guardNavigation((destination) => void (left ||= destination), () => void (unloading = true));
      guarded = true;
      return rule.steps ? await byRuleSteps({ ...rule, steps: rule.steps }, others, context) : await byOwnControls(rule, others, context);
    },
  };
}
