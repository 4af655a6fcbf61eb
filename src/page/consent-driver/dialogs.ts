// Which consent managers a page has, and the dialog each shows: by the rule's own markup, by an
// autoconsent rule's detection steps, or (where a manager's markup is not documented to the
// element) by a dialog's role and words while the manager is present. A dialog no rule explains
// is described, never driven.
import type { DetectAnswer } from '../../core/consent/driver-protocol.ts';
import type { ManagerRule } from '../../core/consent/managers/manager.ts';
import { first, matches, query, text, visible, within } from './queries.ts';
import { run } from './steps.ts';

export async function present(rule: ManagerRule): Promise<boolean> {
  if (rule.steps) return run(rule.steps.detectCmp);
  return rule.present.some((s) => matches(() => document.querySelector(s) !== null));
}

/** The elements a rule names as its manager's (never the whole page): every click of its steps falls inside one. */
export const containersOf = (rule: ManagerRule): Element[] => rule.present.flatMap((s) => query(s, document)).filter((el) => el !== document.documentElement && el !== document.body);

export interface FoundDialog { element: Element; byRole: boolean }

/** The manager's dialog as shown now, never another manager's (`others`). */
export async function dialogOf(rule: ManagerRule, others: readonly ManagerRule[]): Promise<FoundDialog | undefined> {
  if (rule.steps) {
    if (!(await present(rule)) || !(await run(rule.steps.detectPopup))) return undefined;
    const boxes = containersOf(rule);
    const element = boxes.find(visible) ?? boxes[0];
    return element ? { element, byRole: false } : undefined;
  }
  const own = first(rule.dialog);
  if (own) return { element: own, byRole: false };
  if (!rule.dialogByRole || !(await present(rule))) return undefined;
  const says = new RegExp(rule.dialogByRole, 'i');
  // Never another manager's dialog, taken by its role and words.
  const foreign = others.filter((o) => o.id !== rule.id).flatMap((o) => [...o.present, ...o.dialog]);
  const element = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')].find((d) => visible(d) && !within(d, foreign) && says.test(d.textContent ?? ''));
  return element ? { element, byRole: true } : undefined;
}

// A manager the auditor does not know: words and names that speak of cookies or consent.
const SPEAKS = /cookie|consent|traceur|tracker|rgpd|gdpr|vie priv[ée]e|privacy|datenschutz/i;
const NAMED = /cookie|consent|gdpr|rgpd|cmp|privacy|tracking|banner/i;
const DIALOG_ROLES = '[role="dialog"], [role="alertdialog"], dialog[open], [aria-modal="true"]';
const CONTROLS = 'button, [role="button"], a, input[type="button"], input[type="submit"]';
/** Bounds on a page that holds thousands of named elements or a long text. */
const CANDIDATES_MAX = 2_000;
const TEXT_READ_MAX = 5_000;

/** A visible dialog or banner no rule explains, that speaks of cookies or consent and has controls: described as found. */
function unknownDialog(rules: readonly ManagerRule[]): string | undefined {
  const known = rules.flatMap((r) => [...r.present, ...r.dialog]);
  const candidates = [...document.querySelectorAll(`${DIALOG_ROLES}, [id], [class]`)]
    .filter((el) => (el.matches(DIALOG_ROLES.replace('dialog[open]', 'dialog')) || NAMED.test(`${el.id} ${typeof el.className === 'string' ? el.className : ''}`)) && el.tagName !== 'BODY' && el.tagName !== 'HTML');
  const found = candidates.slice(0, CANDIDATES_MAX).find((el) => visible(el) && !within(el, known) && SPEAKS.test((el.textContent ?? '').slice(0, TEXT_READ_MAX)) && [...el.querySelectorAll(CONTROLS)].some(visible));
  if (!found) return undefined;
  const classes = typeof found.className === 'string' && found.className.trim() ? `.${found.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
  const tag = `${found.tagName.toLowerCase()}${found.id ? `#${found.id}` : ''}${classes}`;
  return `${tag.slice(0, 120)} "${text(found).slice(0, 80)}"`;
}

export async function detect(rules: readonly ManagerRule[]): Promise<DetectAnswer> {
  const found: DetectAnswer['present'] = [];
  for (const rule of rules) {
    if (!(await present(rule))) continue;
    const dialog = await dialogOf(rule, rules);
    found.push({ id: rule.id, dialog: dialog !== undefined, ...(dialog?.byRole ? { byRole: true } : {}) });
  }
  if (found.some((f) => f.dialog)) return { present: found };
  const unknown = unknownDialog(rules);
  return unknown ? { present: found, unknownDialog: unknown } : { present: found };
}
