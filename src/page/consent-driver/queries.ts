// Reading the page as a visitor sees it: what is shown, what a control is called, and the
// elements a rule's selectors name (CSS, `xpath/…`, or a chain through shadow roots and frames,
// as DuckDuckGo's autoconsent reads them).
import type { ElementSelector, RuleStep } from '../../core/consent/managers/manager.ts';

/** Laid out, not inside a `hidden` element, not `visibility: hidden`: what a visitor can see. */
export const visible = (el: Element): boolean => el.getClientRects().length > 0 && !el.closest('[hidden]') && getComputedStyle(el).visibility !== 'hidden';

/** A control's name as a visitor reads it: its aria-label, else its text, else its value, spaces folded. */
export const text = (el: Element | null | undefined): string => (el?.getAttribute('aria-label') || el?.textContent || (el as HTMLInputElement | null)?.value || '').replace(/\s+/g, ' ').trim();

/** Whether a selector this browser may not know matches: unknown selectors match nothing. */
export function matches(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}

/** The first visible element the first matching selector names, in `root`. */
export function first(selectors: readonly string[] | undefined, root: ParentNode = document): Element | undefined {
  for (const selector of selectors ?? []) {
    try {
      const found = [...root.querySelectorAll(selector)].find(visible);
      if (found) return found;
    } catch {
      /* a selector this browser does not know */
    }
  }
  return undefined;
}

/** One link of a rule's selector, inside `parent`'s shadow root or same-origin frame when it has one. */
export function query(selector: string, parent: ParentNode | Element): Element[] {
  const host = parent as Element & { shadowRoot?: ShadowRoot | null; contentDocument?: Document | null };
  const scope: ParentNode = host.shadowRoot ?? host.contentDocument ?? parent;
  try {
    if (selector.startsWith('xpath/')) {
      const result = document.evaluate(selector.slice(6), scope as Node, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      return Array.from({ length: result.snapshotLength }, (_, i) => result.snapshotItem(i)).filter((n): n is Element => n instanceof Element);
    }
    // Puppeteer's own selector kinds: autoconsent uses them only in tests.
    if (/^(aria|text|pierce)\//.test(selector)) return [];
    return [...scope.querySelectorAll(selector)];
  } catch {
    return []; // a selector this browser does not know
  }
}

/** What a rule's selector names: each link of a chain runs inside the first match of the one before. */
export function select(selector: ElementSelector): Element[] {
  let found: Element[] = [];
  let parent: ParentNode | Element = document;
  for (const link of Array.isArray(selector) ? selector : [selector]) {
    found = query(link, parent);
    if (found.length === 0) return [];
    parent = found[0]!;
  }
  return found;
}

/** autoconsent's own test of shown: laid out, or fixed and displayed. */
const shown = (el: Element): boolean => (el as HTMLElement).offsetParent != null || (getComputedStyle(el).position === 'fixed' && getComputedStyle(el).display !== 'none');

/** autoconsent's `visible` step: all, any or none of the elements named are shown. */
export function seen(selector: ElementSelector, check: RuleStep['check'] = 'all'): boolean {
  const found = select(selector).map(shown);
  if (check === 'none') return found.every((v) => !v);
  return found.length > 0 && (check === 'any' ? found.some(Boolean) : found.every(Boolean));
}

/** Whether `el` is inside an element one of `selectors` names. */
export const within = (el: Element, selectors: readonly string[]): boolean => selectors.some((s) => matches(() => el.closest(s) !== null));
