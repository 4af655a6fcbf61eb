// A choice in the dialog of a manager known from a DuckDuckGo autoconsent rule: its opt-out or
// opt-in steps, in order, as autoconsent runs them, each click inside the rule's containers and
// checked as any other; its page-script (`eval`) steps are never run and end the choice, its
// cosmetic ones are skipped. Then its popup must go.
import type { ChoiceAnswer } from '../../core/consent/driver-protocol.ts';
import type { ElementSelector, ManagerRule, RuleSteps } from '../../core/consent/managers/manager.ts';
import type { Refusal } from '../../core/vocabulary/consent.ts';
import { type ChoiceContext, answer } from './answer.ts';
import { containersOf, dialogOf, present } from './dialogs.ts';
import { select } from './queries.ts';
import { run, until } from './steps.ts';

/** How long a popup may take to go once the steps are done. */
const CLOSE_MS = 2_000;

/** Whether `el` is in one of `boxes`, up through shadow roots and frames to the page's own tree. */
function inside(el: Element, boxes: readonly Element[]): boolean {
  for (let node: Element | null | undefined = el; node; node = (node.getRootNode() as ShadowRoot).host ?? node.ownerDocument?.defaultView?.frameElement) {
    if (boxes.some((b) => b.contains(node!))) return true;
  }
  return false;
}

export async function byRuleSteps(rule: ManagerRule & { steps: RuleSteps }, others: readonly ManagerRule[], context: ChoiceContext): Promise<ChoiceAnswer> {
  const { choice, clicks } = context;
  // A hosted manager draws its popup once its script has loaded: it is given the moment autoconsent gives it.
  await until(async () => (await dialogOf(rule, others)) !== undefined);
  const popup = (await dialogOf(rule, others))?.element;
  if (!popup) return answer(context, { outcome: 'not-found', miss: (await present(rule)) ? 'popup-not-shown' : 'no-dialog' });
  const boxes = containersOf(rule);
  let stop: Refusal | undefined;
  let needsScript = '';
  const done = await run(choice === 'accept-all' ? rule.steps.optIn : rule.steps.optOut, {
    press(selector: ElementSelector, every: boolean) {
      const found = select(selector);
      for (const el of every ? found : found.slice(0, 1)) {
        const refusal = inside(el, boxes) ? clicks.click(el) : { danger: 'outside-dialog' as const };
        if (refusal) {
          stop ??= refusal;
          return false;
        }
      }
      return found.length > 0;
    },
    stopped: () => stop !== undefined || needsScript !== '',
    needsScript: (snippet) => void (needsScript ||= snippet),
  });
  const refusal = stop ?? clicks.stopped();
  if (refusal) return answer(context, { outcome: 'unsafe', refusal }, popup);
  if (needsScript) return answer(context, { outcome: 'not-found', miss: 'needs-page-script', detail: needsScript }, popup);
  if (!done) return answer(context, { outcome: 'not-found', miss: 'rule-incomplete' }, popup);
  const closed = await until(async () => !(await run(rule.steps.detectPopup)), CLOSE_MS);
  return answer(context, { outcome: 'chosen', method: 'rule-steps', closed }, popup);
}
