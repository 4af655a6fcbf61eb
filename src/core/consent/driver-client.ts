// The runner's side of the in-page consent driver, the same for a tab in the extension and a page
// in a scan: each asks through its own PageWorld (scripting.executeScript; a CDP isolated world).
// The driver's code and the rule book go into a document once: a request that finds no driver
// injects it, one whose key the driver does not hold sends the book, then asks again.
import type { ChoiceAnswer, DetectAnswer, DriverRequest, MarkAnswer, NeedsBook } from './driver-protocol.ts';
import type { Choice, ManagerRule } from './managers/manager.ts';

/** Where the driver runs: the page's document, seen from a world of the auditor's own. */
export interface PageWorld {
  /**
   * Calls the driver in the current document: its answer, 'absent' when this document has no
   * driver yet, undefined when scripts cannot run there (or the document went away meanwhile).
   */
  send(request: DriverRequest): Promise<unknown>;
  /** Puts the driver's code into the current document; false when it cannot. */
  inject(): Promise<boolean>;
}

export const ABSENT = 'absent';

/** A short key for a rule book: the same rules, the same key (FNV-1a over their JSON). */
const keys = new WeakMap<readonly ManagerRule[], string>();
export function bookKey(rules: readonly ManagerRule[]): string {
  let key = keys.get(rules);
  if (key) return key;
  const json = JSON.stringify(rules);
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) hash = Math.imul(hash ^ json.charCodeAt(i), 0x01000193);
  key = `${rules.length}-${(hash >>> 0).toString(36)}`;
  keys.set(rules, key);
  return key;
}

const needsBook = (reply: unknown): reply is NeedsBook => typeof reply === 'object' && reply !== null && (reply as NeedsBook).needs === 'book';

export interface ConsentDriverClient {
  detect(rules: ManagerRule[]): Promise<DetectAnswer | undefined>;
  choose(rule: ManagerRule, choice: Choice, others: ManagerRule[]): Promise<ChoiceAnswer | undefined>;
  /** The last choice's token in the current document ('' when there is none: another document). */
  mark(): Promise<MarkAnswer | undefined>;
}

export function consentDriverClient(world: PageWorld): ConsentDriverClient {
  // Twice at most: a document that lost the driver or its book between two calls (a navigation) gets them again once.
  const ask = async (request: DriverRequest, rules: ManagerRule[]): Promise<unknown> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await world.send(request);
      if (reply === ABSENT) {
        if (!(await world.inject())) return undefined;
      } else if (needsBook(reply) && request.action !== 'mark') {
        if ((await world.send({ action: 'book', key: request.key, rules })) === undefined) return undefined;
      } else return reply;
    }
    return undefined;
  };
  return {
    detect: async (rules) => (await ask({ action: 'detect', key: bookKey(rules) }, rules)) as DetectAnswer | undefined,
    async choose(rule, choice, others) {
      const rules = others.some((o) => o.id === rule.id) ? others : [rule, ...others];
      return (await ask({ action: 'choose', key: bookKey(rules), rule: rule.id, choice, others: rules.map((r) => r.id).filter((id) => id !== rule.id) }, rules)) as ChoiceAnswer | undefined;
    },
    async mark() {
      // No driver in this document: no choice was made in it.
      const reply = await world.send({ action: 'mark' });
      return reply === ABSENT ? { mark: '' } : (reply as MarkAnswer | undefined);
    },
  };
}
