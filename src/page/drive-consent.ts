// Runs inside the portal's page (puppeteer's evaluate in a scan, scripting.executeScript in the
// extension): finds which consent managers the page has, and makes a choice in one manager's
// dialog with its own controls, as that manager's rule (src/core/consent/managers) describes them.
// Self-contained: it is serialised into the page, so it may use nothing from outside itself.
//
// Safe by construction: it acts only inside the dialog the rule identified (or on the manager's
// own control that shows it), never on a link that leads to another URL, a form submission or a
// download; and while it clicks, a submission or a link's navigation is stopped and reported.
import type { ConsentPageAnswer, ConsentPageRequest, ElementSelector, ManagerRule, RuleStep } from '../core/consent/managers/manager.ts';
import type { Refusal } from '../core/vocabulary/consent.ts';

export type { ConsentPageAnswer, ConsentPageRequest } from '../core/consent/managers/manager.ts';


export async function driveConsent(request: ConsentPageRequest): Promise<ConsentPageAnswer> {
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
  // An autoconsent rule's selectors (src/core/consent/autoconsent): CSS, `xpath/…`, or a chain
  // whose links run inside the previous match's shadow root or same-origin frame, as autoconsent reads them.
  const query = (selector: string, parent: ParentNode | Element): Element[] => {
    const host = parent as Element & { shadowRoot?: ShadowRoot | null; contentDocument?: Document | null };
    const scope: ParentNode = host.shadowRoot ?? host.contentDocument ?? parent;
    try {
      if (selector.startsWith('xpath/')) {
        const result = document.evaluate(selector.slice(6), scope as Node, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
        return Array.from({ length: result.snapshotLength }, (_, i) => result.snapshotItem(i)).filter((n): n is Element => n instanceof Element);
      }
      if (/^(aria|text|pierce)\//.test(selector)) return [];
      return [...scope.querySelectorAll(selector)];
    } catch {
      return []; // a selector this browser does not know
    }
  };
  const select = (selector: ElementSelector): Element[] => {
    let matches: Element[] = [];
    let parent: ParentNode | Element = document;
    for (const link of Array.isArray(selector) ? selector : [selector]) {
      matches = query(link, parent);
      if (matches.length === 0) return [];
      parent = matches[0]!;
    }
    return matches;
  };
  // autoconsent's own test of visibility: laid out, or fixed and displayed.
  const shown = (el: Element) => (el as HTMLElement).offsetParent !== null || (getComputedStyle(el).position === 'fixed' && getComputedStyle(el).display !== 'none');
  const seen = (selector: ElementSelector, check: RuleStep['check'] = 'all') => {
    const found = select(selector).map(shown);
    if (check === 'none') return found.every((v) => !v);
    return found.length > 0 && (check === 'any' ? found.some(Boolean) : found.every(Boolean));
  };
  /** A detection step: only what reads the page (an `eval` is never run, and so never true). */
  const holds = (step: RuleStep): boolean => {
    const results: boolean[] = [];
    if (step.exists !== undefined) results.push(select(step.exists).length > 0);
    if (step.visible !== undefined) results.push(seen(step.visible, step.check));
    if (step.cookieContains !== undefined) results.push(document.cookie.includes(step.cookieContains));
    if (step.eval !== undefined) results.push(false);
    if (step.if) results.push(holds(step.if) ? (step.then ?? []).every((s) => holds(s) || s.optional === true) : (step.else ?? []).every((s) => holds(s) || s.optional === true));
    if (step.any) results.push(step.any.some(holds));
    if (results.length === 0) return false;
    const result = results.every(Boolean);
    return step.negated ? !result : result;
  };
  const allHold = (steps: RuleStep[]) => steps.every((s) => holds(s) || s.optional === true);
  const present = (rule: ManagerRule) => rule.steps ? allHold(rule.steps.detectCmp) : (rule.present ?? []).some((s) => {
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
  /** The elements a rule names as its manager's (never the whole page): every click falls inside one. */
  const containersOf = (rule: ManagerRule) => rule.present.flatMap((s) => query(s, document)).filter((el) => el !== document.documentElement && el !== document.body);
  const dialogOf = (rule: ManagerRule, others: ManagerRule[]): { element: Element; byRole: boolean } | undefined => {
    if (rule.steps) {
      if (!present(rule) || !allHold(rule.steps.detectPopup)) return undefined;
      const boxes = containersOf(rule);
      const element = boxes.find(visible) ?? boxes[0];
      return element ? { element, byRole: false } : undefined;
    }
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

  /** A refusal in English, for the answer's trace (`how`); the codes travel beside it. */
  const said = (r: Refusal): string => {
    switch (r.danger) {
      case 'outside-dialog': return 'a control outside the consent dialog';
      case 'download': return `a download (${r.detail ?? ''})`;
      case 'javascript-link': return 'a javascript: link whose navigation this browser cannot stop before its request';
      case 'link-elsewhere': return `a link to ${r.detail ?? ''}`;
      case 'new-window': return 'a link that opens another window';
      case 'form-submission': return r.detail ? `a form submission (${r.detail})` : 'a form submission';
      case 'navigation': return `a navigation to ${r.detail ?? ''}`;
      case 'request': return `a request to ${r.detail ?? ''}`;
    }
  };
  const cancellable = typeof (window as unknown as { navigation?: EventTarget }).navigation?.addEventListener === 'function';
  /** Why clicking `el` would leave the page or change something, or undefined when it stays on the page. */
  const unsafe = (el: Element, within: Element | undefined): Refusal | undefined => {
    if (within && !within.contains(el)) return { danger: 'outside-dialog' };
    const link = el.closest('a[href], area[href]') as HTMLAnchorElement | null;
    if (link) {
      if (link.hasAttribute('download')) return { danger: 'download', detail: link.getAttribute('href') ?? '' };
      const href = link.getAttribute('href') ?? '';
      // A script in the link's own address is cancelled before its request only by the Navigation
      // API (below); where the browser has none (Firefox 140), only one that does nothing is clicked.
      if (/^javascript:/i.test(href.trim()) && !cancellable && !/^javascript:\s*(?:void\s*\(?\s*0?\s*\)?\s*;?|;)?\s*$/i.test(href.trim())) {
        return { danger: 'javascript-link' };
      }
      if (!/^javascript:/i.test(href.trim())) {
        const target = new URL(link.href, location.href);
        const here = new URL(location.href);
        target.hash = '';
        here.hash = '';
        if (target.href !== here.href) return { danger: 'link-elsewhere', detail: target.href };
        if (link.target && link.target !== '_self') return { danger: 'new-window' };
      }
    }
    const control = el as HTMLButtonElement | HTMLInputElement;
    if ((el instanceof HTMLButtonElement || el instanceof HTMLInputElement) && control.form && (control.type === 'submit' || control.type === 'image')) {
      return { danger: 'form-submission', detail: `${control.getAttribute('formmethod') || control.form.method || 'get'} ${control.getAttribute('formaction') ? new URL(control.getAttribute('formaction')!, location.href).href : control.form.action}` };
    }
    return undefined;
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
    w.__odsAuditLeft ||= destination;
  };
  const guarded = navigation && typeof navigation.addEventListener === 'function';
  if (guarded) navigation.addEventListener('navigate', onNavigate);
  // The guard stays for a moment once the choice is made, however long its steps took.
  const unguard = () => {
    if (guarded) setTimeout(() => navigation.removeEventListener('navigate', onNavigate), 3_000);
  };
  // While clicking, whatever would leave the page is stopped: a submission, a link's navigation.
  let left: Refusal | undefined;
  const click = (el: Element, within: Element | undefined): Refusal | undefined => {
    const reason = unsafe(el, within);
    if (reason) return reason;
    const onSubmit = (e: Event) => {
      e.preventDefault();
      left ??= { danger: 'form-submission' };
    };
    const onClick = (e: Event) => {
      const link = (e.target as Element | null)?.closest?.('a[href], area[href]');
      if (link && unsafe(link, undefined)) {
        e.preventDefault();
        left ??= unsafe(link, undefined);
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
  const answer = (outcome: ConsentPageAnswer['outcome'], how: string, dialog?: Element, codes: Pick<ConsentPageAnswer, 'method' | 'opened' | 'switches' | 'refusal' | 'miss' | 'detail'> = {}): ConsentPageAnswer => ({
    outcome, how, labels, mark, ...codes,
    ...(dialog ? { dialogTitle: text(dialog.querySelector('h1, h2, h3, [id$="title" i], [class*="title" i]') ?? dialog).slice(0, 160) } : {}),
  });
  const refusedBy = (refusal: Refusal, dialog?: Element) => answer('unsafe', `not reached: the control would leave the page (${said(refusal)})`, dialog, { refusal });

  try {
    return rule.steps ? await byRule({ ...rule, steps: rule.steps }) : byOwnControls();
  } finally {
    unguard();
  }

  /**
   * A manager known from an autoconsent rule: its opt-out or opt-in steps, in order, as autoconsent
   * runs them, each click checked as any other; its page-script (`eval`) steps are not run and end
   * the choice, its cosmetic ones are skipped. Then the popup must go.
   */
  async function byRule(ruled: ManagerRule & { steps: NonNullable<ManagerRule['steps']> }): Promise<ConsentPageAnswer> {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // autoconsent waits 10 s by default; a dialog drawn on load is there well before 3 s.
    const until = async (test: () => boolean, timeout = 3_000) => {
      for (const end = Date.now() + Math.min(timeout, 3_000); ; await sleep(100)) {
        if (test()) return true;
        if (Date.now() >= end) return false;
      }
    };
    // A hosted manager draws its popup once its script has loaded: it is given the moment autoconsent gives it.
    await until(() => dialogOf(ruled, others) !== undefined);
    const popup = dialogOf(ruled, others)?.element;
    if (!popup) return answer('not-found', present(ruled) ? 'no consent dialog shown: the manager is in the page, its popup is not' : 'no consent dialog shown', undefined, { miss: present(ruled) ? 'popup-not-shown' : 'no-dialog' });
    const boxes = containersOf(ruled);
    const inside = (el: Element) => {
      // Up through shadow roots and frames to the page's own tree.
      for (let node: Element | null | undefined = el; node; node = (node.getRootNode() as ShadowRoot).host ?? node.ownerDocument?.defaultView?.frameElement) {
        if (boxes.some((b) => b.contains(node!))) return true;
      }
      return false;
    };
    // Why the steps stopped: a control that would leave the page, or a step needing the manager's script.
    let stop: Refusal | undefined;
    let needsScript = '';
    const press = (selector: ElementSelector, every = false): boolean => {
      const found = select(selector);
      for (const el of every ? found : found.slice(0, 1)) {
        const refused: Refusal | undefined = inside(el) ? click(el, undefined) : { danger: 'outside-dialog' };
        if (refused) {
          stop ??= refused;
          return false;
        }
      }
      return found.length > 0;
    };
    const run = async (steps: RuleStep[]): Promise<boolean> => {
      for (const step of steps) {
        if (!(await act(step)) && !step.optional) return false;
        if (stop || needsScript) return false;
      }
      return true;
    };
    const act = async (step: RuleStep): Promise<boolean> => {
      const results: boolean[] = [];
      if (step.exists !== undefined || step.visible !== undefined || step.cookieContains !== undefined) results.push(holds({ ...step, negated: false, if: undefined, any: undefined }));
      if (step.eval !== undefined) {
        needsScript ||= step.eval;
        return false;
      }
      if (step.waitFor !== undefined) results.push(await until(() => select(step.waitFor!).length > 0, step.timeout));
      if (step.waitForVisible !== undefined) results.push(await until(() => seen(step.waitForVisible!, step.check ?? 'any'), step.timeout));
      if (step.click !== undefined) results.push(press(step.click, step.all));
      if (step.waitForThenClick !== undefined) {
        await until(() => select(step.waitForThenClick!).length > 0, step.timeout);
        results.push(press(step.waitForThenClick, step.all));
      }
      if (step.wait !== undefined) results.push(await sleep(Math.min(step.wait, 3_000)).then(() => true));
      // Cosmetic: they change how the page looks, never a choice.
      if (step.hide !== undefined || step.removeClass !== undefined || step.setStyle !== undefined || step.addStyle !== undefined) results.push(true);
      if (step.if) results.push(await act(step.if) ? await run(step.then ?? []) : await run(step.else ?? []));
      if (step.any) {
        let one = false;
        for (const s of step.any) if ((one = await act(s))) break;
        results.push(one);
      }
      if (results.length === 0) return false;
      const result = results.every(Boolean);
      return step.negated ? !result : result;
    };
    const done = await run(choice === 'accept-all' ? ruled.steps.optIn : ruled.steps.optOut);
    const what = choice === 'accept-all' ? 'opt-in' : 'opt-out';
    const stopped = stop ?? left;
    if (stopped) return refusedBy(stopped, popup);
    if (needsScript) return answer('not-found', `its autoconsent ${what} needs a step that runs the manager's page script (${needsScript}), which the auditor never runs`, popup, { miss: 'needs-page-script', detail: needsScript });
    if (!done) return answer('not-found', `its autoconsent ${what} steps did not complete in the consent dialog`, popup, { miss: 'rule-incomplete' });
    const closed = await until(() => !allHold(ruled.steps.detectPopup), 2_000);
    return { ...answer('chosen', `the autoconsent rule's ${what} steps`, popup, { method: 'rule-steps' }), closed };
  }

  function byOwnControls(): ConsentPageAnswer {
    let dialog = dialogOf(rule, others)?.element;
    let opened = '';
    if (!dialog) {
      // Only the manager's own control opens its dialog: never a link found by its words.
      const control = first(rule.open);
      if (!control) return answer('not-found', 'no consent dialog shown, and no control of its own to show it', undefined, { miss: 'no-open-control' });
      const refused = click(control, undefined);
      if (refused) return refusedBy(refused);
      opened = 'opened with its own control, then ';
      dialog = dialogOf(rule, others)?.element;
      if (!dialog) return answer('not-found', 'no consent dialog shown: its own control opened none', undefined, { miss: 'opened-none' });
    }
    const names = (pattern: string | undefined) => (pattern ? new RegExp(pattern, 'i') : undefined);
    const controls = [...dialog.querySelectorAll('button, [role="button"], input[type="button"], input[type="submit"], a[href]')].filter(visible);
    const wanted = choice === 'accept-all' ? rule.acceptAll : rule.refuseAll;
    const byName = names(wanted?.names);
    const all = first(wanted?.selectors, dialog) ?? (byName ? controls.find((c) => byName.test(text(c))) : undefined);
    if (all) {
      const refused = click(all, dialog);
      if (refused) return refusedBy(refused, dialog);
      return answer('chosen', `${opened}the dialog's ${choice === 'accept-all' ? 'accept-all' : 'refuse-all'} control`, dialog, { method: 'all-control', ...(opened ? { opened: true } : {}) });
    }
    if (!rule.switches) return answer('not-found', `no ${choice} control in the consent dialog`, dialog, { miss: 'no-choice-control' });
    const saveName = names(rule.switches.save.names);
    const save = first(rule.switches.save.selectors, dialog) ?? (saveName ? controls.find((c) => saveName.test(text(c))) : undefined);
    const switches = [...new Set(rule.switches.selectors.flatMap((s) => [...dialog!.querySelectorAll(s)]))].filter((s) => !(s as HTMLInputElement).disabled && s.getAttribute('aria-disabled') !== 'true');
    if (!save) return answer('not-found', `no ${choice} control and no save control in the consent dialog`, dialog, { miss: 'no-save-control' });
    if (switches.length === 0 && choice === 'accept-all') return answer('not-found', 'no accept-all control and no switch to turn on in the consent dialog', dialog, { miss: 'no-switch' });
    const on = choice === 'accept-all';
    for (const s of switches) {
      const checked = s instanceof HTMLInputElement ? s.checked : s.getAttribute('aria-checked') === 'true';
      if (checked === on) continue;
      const refused = click(s, dialog);
      if (refused) return refusedBy(refused, dialog);
    }
    const refused = click(save, dialog);
    if (refused) return refusedBy(refused, dialog);
    return answer('chosen', `${opened}every optional switch ${on ? 'on' : 'off'} (${switches.length}), then the dialog's save control`, dialog, { method: 'switches', switches: switches.length, ...(opened ? { opened: true } : {}) });
  }
}
