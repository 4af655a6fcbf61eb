// What keeps a choice on the page: a control is clicked only when clicking it cannot leave the
// page or change anything beyond the consent choice (no link elsewhere, new window, download or
// form submission); while it is clicked, a submission or a link's navigation is stopped; and for
// a moment after the choice, a navigation a script starts is cancelled before its request where
// the browser has the Navigation API. The network layer holds the same line where the page has no
// hand (the scan's request interception, the extension's guards): this is the first line, not the only one.
import type { Refusal } from '../../core/vocabulary/consent.ts';
import { text } from './queries.ts';

const withoutHash = (href: string) => {
  const url = new URL(href, location.href);
  url.hash = '';
  return url.href;
};

/** A `javascript:` address that does nothing (`javascript:void(0)`, `javascript:;`). */
const inertScript = /^javascript:\s*(?:void\s*\(?\s*0?\s*\)?\s*;?|;)?\s*$/i;

const cancellable = (): boolean => typeof (window as unknown as { navigation?: EventTarget }).navigation?.addEventListener === 'function';

/** Why clicking `el` would leave the page or change something, or undefined when it stays on the page. */
export function unsafe(el: Element, dialog?: Element): Refusal | undefined {
  if (dialog && !dialog.contains(el)) return { danger: 'outside-dialog' };
  // An SVG link is an `a` too, its address in `href` or the older `xlink:href`, and its `href`
  // property an object, not a string: the attribute is what is read, for every link alike.
  const link = (el.closest('a[href], area[href]') ?? el.closest('a')) as HTMLAnchorElement | null;
  const address = link ? (link.getAttribute('href') ?? link.getAttributeNS('http://www.w3.org/1999/xlink', 'href')) : null;
  if (link && address !== null) {
    if (link.hasAttribute('download')) return { danger: 'download', detail: address };
    const href = address.trim();
    if (/^javascript:/i.test(href)) {
      // A script in the link's own address is cancelled before its request only by the Navigation
      // API; where the browser has none (Firefox 140), only one that does nothing is clicked.
      if (!cancellable() && !inertScript.test(href)) return { danger: 'javascript-link' };
    } else {
      const target = withoutHash(href);
      if (target !== withoutHash(location.href)) return { danger: 'link-elsewhere', detail: target };
      const opens = link.getAttribute('target');
      if (opens && opens !== '_self') return { danger: 'new-window' };
    }
  }
  const control = el as HTMLButtonElement | HTMLInputElement;
  if ((el instanceof HTMLButtonElement || el instanceof HTMLInputElement) && control.form && (control.type === 'submit' || control.type === 'image')) {
    const action = control.getAttribute('formaction');
    return { danger: 'form-submission', detail: `${control.getAttribute('formmethod') || control.form.method || 'get'} ${action ? new URL(action, location.href).href : control.form.action}` };
  }
  return undefined;
}

/** Clicks under the checks, keeping the labels of what was clicked and the first thing stopped. */
export interface Clicker {
  /** Clicks `el` when safe (inside `dialog` when given): the refusal otherwise, or what the click set off and was stopped. */
  click(el: Element, dialog?: Element): Refusal | undefined;
  labels: string[];
  /** The first thing a click set off that was stopped. */
  stopped(): Refusal | undefined;
}

export function clicker(): Clicker {
  const labels: string[] = [];
  let left: Refusal | undefined;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    left ??= { danger: 'form-submission' };
  };
  const onClick = (e: Event) => {
    const link = (e.target as Element | null)?.closest?.('a, area');
    const refusal = link ? unsafe(link) : undefined;
    if (refusal) {
      e.preventDefault();
      left ??= refusal;
    }
  };
  return {
    labels,
    stopped: () => left,
    click(el, dialog) {
      const refusal = unsafe(el, dialog);
      if (refusal) return refusal;
      document.addEventListener('submit', onSubmit, true);
      document.addEventListener('click', onClick, true);
      try {
        labels.push(text(el).slice(0, 120));
        (el as HTMLElement).click();
      } finally {
        document.removeEventListener('submit', onSubmit, true);
        document.removeEventListener('click', onClick, true);
      }
      return left;
    },
  };
}

/**
 * Cancels, from now on and for as long as this document lives, a navigation of it to another
 * address that the page starts (a `javascript:` link, a script's timer, however late), before any
 * request leaves the browser; `onLeft` learns where it would have gone. The page reloading itself
 * with the choice made passes, and so do the browser's own navigations (the auditor's next load:
 * not cancellable, so never held). The guard goes with the document.
 */
export function guardNavigation(onLeft: (destination: string) => void, onUnloading: () => void = () => {}): void {
  const navigation = (window as unknown as { navigation?: EventTarget }).navigation;
  if (!cancellable() || !navigation) {
    // Firefox before 147: the browser's own rules refuse the load (guard-rules.ts), but only
    // beforeunload says that one began. A listener of this world, which the page cannot remove; a
    // document still here afterwards had its navigation refused.
    window.addEventListener('beforeunload', onUnloading);
    return;
  }
  navigation.addEventListener('navigate', (e: Event) => {
    const event = e as Event & { destination?: { url?: string }; cancelable: boolean };
    const destination = event.destination?.url;
    if (!destination || !event.cancelable) return;
    if (withoutHash(destination) === withoutHash(location.href)) return;
    e.preventDefault();
    onLeft(destination);
  });
}
