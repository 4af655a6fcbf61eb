// One evaluator for autoconsent's rule steps, whether they only read the page (finding a manager
// and its popup) or act in it (its opt-out and opt-in). Read-only, a step that would act counts
// as false; acting, clicks go through the caller's `press`, which checks each one. A step that
// runs the manager's page script (`eval`) is never run: false when reading, and named when acting.
import type { ElementSelector, RuleStep } from '../../core/consent/managers/manager.ts';
import { seen, select } from './queries.ts';

/** What acting needs: clicks under the safety checks, and waits (bounded: the driver never waits for long). */
export interface StepActions {
  press(selector: ElementSelector, every: boolean): boolean;
  /** Whether the steps must stop: a control refused, or a page-script step met. */
  stopped(): boolean;
  /** A page-script step (its snippet), which ends the steps. */
  needsScript(snippet: string): void;
}

/** autoconsent waits 10 s by default; a dialog drawn on load is there well before 3 s. */
export const LONGEST_WAIT_MS = 3_000;
const POLL_MS = 100;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `test` holds within `timeout` (at most LONGEST_WAIT_MS), asking every POLL_MS. */
export async function until(test: () => boolean | Promise<boolean>, timeout = LONGEST_WAIT_MS): Promise<boolean> {
  for (const end = Date.now() + Math.min(timeout, LONGEST_WAIT_MS); ; await sleep(POLL_MS)) {
    if (await test()) return true;
    if (Date.now() >= end) return false;
  }
}

/** One step: read-only when `actions` is undefined. */
export async function evaluate(step: RuleStep, actions?: StepActions): Promise<boolean> {
  const results: boolean[] = [];
  if (step.exists !== undefined) results.push(select(step.exists).length > 0);
  if (step.visible !== undefined) results.push(seen(step.visible, step.check));
  if (step.cookieContains !== undefined) results.push(document.cookie.includes(step.cookieContains));
  if (step.eval !== undefined) {
    if (!actions) return false;
    actions.needsScript(step.eval);
    return false;
  }
  if (actions) {
    if (step.waitFor !== undefined) results.push(await until(() => select(step.waitFor!).length > 0, step.timeout));
    if (step.waitForVisible !== undefined) results.push(await until(() => seen(step.waitForVisible!, step.check ?? 'any'), step.timeout));
    if (step.click !== undefined) results.push(actions.press(step.click, step.all === true));
    if (step.waitForThenClick !== undefined) {
      await until(() => select(step.waitForThenClick!).length > 0, step.timeout);
      results.push(actions.press(step.waitForThenClick, step.all === true));
    }
    if (step.wait !== undefined) results.push(await sleep(Math.min(step.wait, LONGEST_WAIT_MS)).then(() => true));
    // Cosmetic: they change how the page looks, never a choice.
    if (step.hide !== undefined || step.removeClass !== undefined || step.setStyle !== undefined || step.addStyle !== undefined) results.push(true);
  }
  if (step.if) results.push(await run(await evaluate(step.if, actions) ? step.then ?? [] : step.else ?? [], actions));
  if (step.any) {
    let one = false;
    for (const s of step.any) if ((one = await evaluate(s, actions))) break;
    results.push(one);
  }
  if (results.length === 0) return false;
  const result = results.every(Boolean);
  return step.negated ? !result : result;
}

/** Steps in order: true when every one that is not optional held; acting, they stop once `stopped`. */
export async function run(steps: readonly RuleStep[], actions?: StepActions): Promise<boolean> {
  for (const step of steps) {
    if (!(await evaluate(step, actions)) && !step.optional) return false;
    if (actions?.stopped()) return false;
  }
  return true;
}
