// A choice in a dialog the auditor knows the markup of (its own manager modules): the dialog's
// refuse-all or accept-all control, or, where it has none, every optional switch off (or on) then
// its save control. « Sauvegarder mes choix » with every switch off is a refusal. The dialog is
// opened first, when hidden, only with the manager's own control, never a link found by its words.
import type { ChoiceAnswer } from '../../core/consent/driver-protocol.ts';
import type { ControlRule, ManagerRule } from '../../core/consent/managers/manager.ts';
import { type ChoiceContext, answer } from './answer.ts';
import { dialogOf } from './dialogs.ts';
import { first, text, visible } from './queries.ts';

const CONTROLS = 'button, [role="button"], input[type="button"], input[type="submit"], a[href]';

/** A control of the dialog: by the rule's selectors, else by its accessible name. */
function control(rule: ControlRule | undefined, dialog: Element, controls: Element[]): Element | undefined {
  const name = rule?.names ? new RegExp(rule.names, 'i') : undefined;
  return first(rule?.selectors, dialog) ?? (name ? controls.find((c) => name.test(text(c))) : undefined);
}

export async function byOwnControls(rule: ManagerRule, others: readonly ManagerRule[], context: ChoiceContext): Promise<ChoiceAnswer> {
  const { choice, clicks } = context;
  let dialog = (await dialogOf(rule, others))?.element;
  let opened = false;
  if (!dialog) {
    const open = first(rule.open);
    if (!open) return answer(context, { outcome: 'not-found', miss: 'no-open-control' });
    const refusal = clicks.click(open);
    if (refusal) return answer(context, { outcome: 'unsafe', refusal });
    opened = true;
    dialog = (await dialogOf(rule, others))?.element;
    if (!dialog) return answer(context, { outcome: 'not-found', miss: 'opened-none' });
  }
  const unsafe = (refusal: NonNullable<ReturnType<typeof clicks.click>>) => answer(context, { outcome: 'unsafe', refusal }, dialog);
  const controls = [...dialog.querySelectorAll(CONTROLS)].filter(visible);
  const all = control(choice === 'accept-all' ? rule.acceptAll : rule.refuseAll, dialog, controls);
  if (all) {
    const refusal = clicks.click(all, dialog);
    if (refusal) return unsafe(refusal);
    return answer(context, { outcome: 'chosen', method: 'all-control', ...(opened ? { opened } : {}) }, dialog);
  }
  if (!rule.switches) return answer(context, { outcome: 'not-found', miss: 'no-choice-control' }, dialog);
  const save = control(rule.switches.save, dialog, controls);
  const switches = [...new Set(rule.switches.selectors.flatMap((s) => [...dialog.querySelectorAll(s)]))].filter((s) => !(s as HTMLInputElement).disabled && s.getAttribute('aria-disabled') !== 'true');
  if (!save) return answer(context, { outcome: 'not-found', miss: 'no-save-control' }, dialog);
  const on = choice === 'accept-all';
  if (switches.length === 0 && on) return answer(context, { outcome: 'not-found', miss: 'no-switch' }, dialog);
  for (const s of switches) {
    const checked = s instanceof HTMLInputElement ? s.checked : s.getAttribute('aria-checked') === 'true';
    if (checked === on) continue;
    const refusal = clicks.click(s, dialog);
    if (refusal) return unsafe(refusal);
  }
  const refusal = clicks.click(save, dialog);
  if (refusal) return unsafe(refusal);
  return answer(context, { outcome: 'chosen', method: 'switches', switches: switches.length, ...(opened ? { opened } : {}) }, dialog);
}
