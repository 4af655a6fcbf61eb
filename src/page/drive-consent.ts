// Runs inside the portal's page (puppeteer's evaluate in a scan, scripting.executeScript in the
// extension): finds which consent managers the page has, and makes a choice in one manager's
// dialog with its own controls, as that manager's rule (src/core/consent/managers) describes them.
// Self-contained: it is serialised into the page, so it may use nothing from outside itself.
//
// Safe by construction: it acts only inside the dialog the rule identified (or on the manager's
// own control that shows it), never on a link that leads to another URL, a form submission or a
// download; and while it clicks, a submission or a link's navigation is stopped and reported.
import type { ConsentPageAnswer, ConsentPageRequest, ManagerRule } from '../core/consent/managers/manager.ts';

export type { ConsentPageAnswer, ConsentPageRequest } from '../core/consent/managers/manager.ts';


export function driveConsent(request: ConsentPageRequest): ConsentPageAnswer {
  const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 && !el.closest('[hidden]') && getComputedStyle(el).visibility !== 'hidden';
  const text = (el: Element | null | undefined) => (el?.getAttribute('aria-label') || el?.textContent || (el as HTMLInputElement | null)?.value || '').replace(/\s+/g, ' ').trim();
  const first = (selectors: string[] | undefined, root: ParentNode = document) => {
    for (const selector of selectors ?? []) {
      try {
        const found = [...root.querySelectorAll(selector)].find(visible);
        if (found) return found;
      } catch {
        /* a selector this browser does not know */
      }
    }
    return undefined;
  };
  const present = (rule: ManagerRule) => (rule.present ?? []).some((s) => {
    try {
      return document.querySelector(s) !== null;
    } catch {
      return false;
    }
  });
  const within = (el: Element, selectors: string[]) => selectors.some((s) => {
    try {
      return el.closest(s) !== null;
    } catch {
      return false;
    }
  });
  const dialogOf = (rule: ManagerRule, others: ManagerRule[]): { element: Element; byRole: boolean } | undefined => {
    const own = first(rule.dialog);
    if (own || !rule.dialogByRole || !present(rule)) return own ? { element: own, byRole: false } : undefined;
    const says = new RegExp(rule.dialogByRole, 'i');
    // Never another manager's dialog, taken by its role and words.
    const foreign = others.filter((o) => o.id !== rule.id).flatMap((o) => [...o.present, ...o.dialog]);
    const element = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')].find((d) => visible(d) && !within(d, foreign) && says.test(d.textContent ?? ''));
    return element ? { element, byRole: true } : undefined;
  };

  // The token the last choice left on this document's window (this script's world): gone after a navigation.
  const w = window as unknown as Record<string, unknown>;
  if (request.action === 'mark') return { mark: String(w.__odsAuditMark ?? ''), ...(w.__odsAuditLeft ? { left: String(w.__odsAuditLeft) } : {}) };
  if (request.action === 'detect') {
    const found = request.rules.filter(present).map((rule) => {
      const dialog = dialogOf(rule, request.rules);
      return { id: rule.id, dialog: dialog !== undefined, ...(dialog?.byRole ? { byRole: true } : {}) };
    });
    if (found.some((f) => f.dialog)) return { present: found };
    // A manager the auditor does not know: a visible dialog, or a banner named for cookies or
    // consent, whose words speak of them. Described so the report can say what was there.
    const speaks = /cookie|consent|traceur|tracker|rgpd|gdpr|vie priv[ée]e|privacy|datenschutz/i;
    const named = /cookie|consent|gdpr|rgpd|cmp|privacy|tracking|banner/i;
    const known = request.rules.flatMap((r) => [...r.present, ...r.dialog]);
    const candidates = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open], [aria-modal="true"], [id], [class]')]
      .filter((el) => (el.matches('[role="dialog"], [role="alertdialog"], dialog, [aria-modal="true"]') || named.test(`${el.id} ${typeof el.className === 'string' ? el.className : ''}`)) && el.tagName !== 'BODY' && el.tagName !== 'HTML');
    const unknown = candidates.slice(0, 2_000).find((el) => visible(el) && !within(el, known) && speaks.test((el.textContent ?? '').slice(0, 5_000)) && [...el.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]')].some(visible));
    if (!unknown) return { present: found };
    const tag = `${unknown.tagName.toLowerCase()}${unknown.id ? `#${unknown.id}` : ''}${typeof unknown.className === 'string' && unknown.className.trim() ? `.${unknown.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''}`;
    return { present: found, unknownDialog: `${tag.slice(0, 120)} "${text(unknown).slice(0, 80)}"` };
  }

  /** Why clicking `el` would leave the page or change something, or '' when it stays on the page. */
  const unsafe = (el: Element, within: Element | undefined): string => {
    if (within && !within.contains(el)) return 'a control outside the consent dialog';
    const link = el.closest('a[href], area[href]') as HTMLAnchorElement | null;
    if (link) {
      if (link.hasAttribute('download')) return `a download (${link.getAttribute('href')})`;
      const href = link.getAttribute('href') ?? '';
      if (!/^javascript:/i.test(href.trim())) {
        const target = new URL(link.href, location.href);
        const here = new URL(location.href);
        target.hash = '';
        here.hash = '';
        if (target.href !== here.href) return `a link to ${target.href}`;
        if (link.target && link.target !== '_self') return 'a link that opens another window';
      }
    }
    const control = el as HTMLButtonElement | HTMLInputElement;
    if ((el instanceof HTMLButtonElement || el instanceof HTMLInputElement) && control.form && (control.type === 'submit' || control.type === 'image')) {
      return `a form submission (${control.getAttribute('formmethod') || control.form.method || 'get'} ${control.getAttribute('formaction') ? new URL(control.getAttribute('formaction')!, location.href).href : control.form.action})`;
    }
    return '';
  };

  const { rule, choice } = request;
  const others = request.others ?? [];
  const labels: string[] = [];
  const mark = `ods-audit-${Math.random().toString(36).slice(2)}`;
  w.__odsAuditMark = mark;
  // A navigation a control starts later (a `javascript:` URL runs after the click returns, a
  // script's timer) is cancelled by the Navigation API before any request leaves the browser, for a
  // moment after the choice; what it would have reached is kept on the window for the runner ('mark').
  delete w.__odsAuditLeft;
  const navigation = w.navigation as EventTarget | undefined;
  const onNavigate = (e: Event) => {
    const event = e as Event & { destination?: { url?: string }; cancelable: boolean };
    const destination = event.destination?.url;
    if (!destination || !event.cancelable) return;
    const target = new URL(destination);
    const here = new URL(location.href);
    target.hash = '';
    here.hash = '';
    if (target.href === here.href) return; // the page reloading itself with the choice made
    e.preventDefault();
    w.__odsAuditLeft ||= `a navigation to ${destination}`;
  };
  if (navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('navigate', onNavigate);
    setTimeout(() => navigation.removeEventListener('navigate', onNavigate), 3_000);
  }
  // While clicking, whatever would leave the page is stopped: a submission, a link's navigation.
  let left = '';
  const click = (el: Element, within: Element | undefined): string => {
    const reason = unsafe(el, within);
    if (reason) return reason;
    const onSubmit = (e: Event) => {
      e.preventDefault();
      left ||= 'a form submission';
    };
    const onClick = (e: Event) => {
      const link = (e.target as Element | null)?.closest?.('a[href], area[href]');
      if (link && unsafe(link, undefined)) {
        e.preventDefault();
        left ||= unsafe(link, undefined);
      }
    };
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
  };
  const answer = (outcome: ConsentPageAnswer['outcome'], how: string, dialog?: Element): ConsentPageAnswer => ({
    outcome, how, labels, mark,
    ...(dialog ? { dialogTitle: text(dialog.querySelector('h1, h2, h3, [id$="title" i], [class*="title" i]') ?? dialog).slice(0, 160) } : {}),
  });

  let dialog = dialogOf(rule, others)?.element;
  let opened = '';
  if (!dialog) {
    // Only the manager's own control opens its dialog: never a link found by its words.
    const control = first(rule.open);
    if (!control) return answer('not-found', 'no consent dialog shown, and no control of its own to show it');
    const refused = click(control, undefined);
    if (refused) return answer('unsafe', `not reached: the control would leave the page (${refused})`);
    opened = 'opened with its own control, then ';
    dialog = dialogOf(rule, others)?.element;
    if (!dialog) return answer('not-found', 'no consent dialog shown: its own control opened none');
  }
  const names = (pattern: string | undefined) => (pattern ? new RegExp(pattern, 'i') : undefined);
  const controls = [...dialog.querySelectorAll('button, [role="button"], input[type="button"], input[type="submit"], a[href]')].filter(visible);
  const wanted = choice === 'accept-all' ? rule.acceptAll : rule.refuseAll;
  const byName = names(wanted?.names);
  const all = first(wanted?.selectors, dialog) ?? (byName ? controls.find((c) => byName.test(text(c))) : undefined);
  if (all) {
    const refused = click(all, dialog);
    if (refused) return answer('unsafe', `not reached: the control would leave the page (${refused})`, dialog);
    return answer('chosen', `${opened}the dialog's ${choice === 'accept-all' ? 'accept-all' : 'refuse-all'} control`, dialog);
  }
  if (!rule.switches) return answer('not-found', `no ${choice} control in the consent dialog`, dialog);
  const saveName = names(rule.switches.save.names);
  const save = first(rule.switches.save.selectors, dialog) ?? (saveName ? controls.find((c) => saveName.test(text(c))) : undefined);
  const switches = [...new Set(rule.switches.selectors.flatMap((s) => [...dialog!.querySelectorAll(s)]))].filter((s) => !(s as HTMLInputElement).disabled && s.getAttribute('aria-disabled') !== 'true');
  if (!save) return answer('not-found', `no ${choice} control and no save control in the consent dialog`, dialog);
  if (switches.length === 0 && choice === 'accept-all') return answer('not-found', 'no accept-all control and no switch to turn on in the consent dialog', dialog);
  const on = choice === 'accept-all';
  for (const s of switches) {
    const checked = s instanceof HTMLInputElement ? s.checked : s.getAttribute('aria-checked') === 'true';
    if (checked === on) continue;
    const refused = click(s, dialog);
    if (refused) return answer('unsafe', `not reached: the control would leave the page (${refused})`, dialog);
  }
  const refused = click(save, dialog);
  if (refused) return answer('unsafe', `not reached: the control would leave the page (${refused})`, dialog);
  return answer('chosen', `${opened}every optional switch ${on ? 'on' : 'off'} (${switches.length}), then the dialog's save control`, dialog);
}
