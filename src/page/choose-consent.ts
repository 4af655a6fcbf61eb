// Runs inside the portal's page (puppeteer's evaluate in a scan, scripting.executeScript in the
// extension): finds the consent dialog by role, opening it from the manage-cookies control if
// needed, and makes the choice with the portal's own controls, by their accessible names in the
// portal's languages, never one portal's exact labels. Self-contained: it is serialised into the page.

export const ACCEPT_ALL = /tout accepter|accepter tout|accepter et fermer|accept all|allow all|accept cookies|alles akzeptieren|aceptar todo|accepteer alles|accetta tutto/;
export const REFUSE_ALL = /tout refuser|refuser tout|continuer sans accepter|reject all|refuse all|decline all|deny all|reject cookies|alles ablehnen|rechazar todo|weiger alles|rifiuta tutto/;
export const SAVE = /sauvegarder|enregistrer|valider|confirmer|save|confirm|speichern|guardar|opslaan|salva/;
export const MANAGE = /gestion des cookies|g[ée]rer (?:les|mes) cookies|param[èe]tr\w* (?:les |des )?cookies|pr[ée]f[ée]rences (?:de |des )?cookies|manage cookies|cookie (?:settings|preferences)|cookie-einstellungen|configurar cookies|cookie-instellingen/;

export function chooseInPage(state: 'refuse-all' | 'accept-all', patterns: { accept: string; refuse: string; save: string; manage: string }): { reached: boolean; how: string; opened: boolean } {
  const accept = new RegExp(patterns.accept);
  const refuse = new RegExp(patterns.refuse);
  const save = new RegExp(patterns.save);
  const manage = new RegExp(patterns.manage);
  const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 && !el.closest('[hidden]');
  const nameOf = (el: Element) => (el.getAttribute('aria-label') || el.textContent || (el as HTMLInputElement).value || '').replace(/\s+/g, ' ').trim().toLowerCase();
  const dialogs = () => [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')].filter(visible);
  let dialog = dialogs()[0];
  let opened = false;
  if (!dialog) {
    const control = [...document.querySelectorAll('.ods-manage-cookies-preferences__show-button, button, a, [role="button"]')]
      .find((el) => visible(el) && (el.matches('.ods-manage-cookies-preferences__show-button') || manage.test(nameOf(el))));
    if (!control) return { reached: false, how: 'no consent modal found, and no control opening one', opened };
    (control as HTMLElement).click();
    opened = true;
    dialog = dialogs()[0];
    if (!dialog) return { reached: false, how: 'no consent modal found: the manage-cookies control opened none', opened };
  }
  const buttons = [...dialog.querySelectorAll('button, [role="button"], input[type="button"], input[type="submit"]')].filter(visible);
  const all = buttons.find((b) => (state === 'accept-all' ? accept : refuse).test(nameOf(b)));
  if (all) {
    (all as HTMLElement).click();
    return { reached: true, how: `the modal's ${state === 'accept-all' ? 'accept-all' : 'refuse-all'} button`, opened };
  }
  const switches = [...dialog.querySelectorAll('[role="switch"], input[type="checkbox"]')].filter((s) => !(s as HTMLInputElement).disabled && s.getAttribute('aria-disabled') !== 'true');
  const saveButton = buttons.find((b) => save.test(nameOf(b)));
  if (!saveButton) return { reached: false, how: `no ${state} button and no save button in the consent modal`, opened };
  if (switches.length === 0 && state === 'accept-all') return { reached: false, how: 'no accept-all button and no switch to turn on in the consent modal', opened };
  const want = state === 'accept-all';
  for (const s of switches) {
    const on = s instanceof HTMLInputElement ? s.checked : s.getAttribute('aria-checked') === 'true';
    if (on !== want) (s as HTMLElement).click();
  }
  (saveButton as HTMLElement).click();
  return { reached: true, how: `every optional switch ${want ? 'on' : 'off'} (${switches.length}), then the modal's save button`, opened };
}


/** The patterns as strings, the form chooseInPage takes them in (a RegExp does not cross into the page). */
export const CONSENT_CONTROL_NAMES = { accept: ACCEPT_ALL.source, refuse: REFUSE_ALL.source, save: SAVE.source, manage: MANAGE.source };
