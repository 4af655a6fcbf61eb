// A choice's answer in English, for the run's trace (`how`: logs and the JSON report's trace);
// nothing decides on it, and the popup, the reports and the CLI word the codes through _locales.
import type { Refusal } from '../vocabulary/consent.ts';
import type { ChoiceAnswer } from './driver-protocol.ts';

export function refusalTrace(r: Refusal): string {
  switch (r.danger) {
    case 'outside-dialog': return 'a control outside the consent dialog';
    case 'download': return `a download (${r.detail ?? ''})`;
    case 'javascript-link': return 'a javascript: link whose navigation this browser cannot stop before its request';
    case 'link-elsewhere': return `a link to ${r.detail ?? ''}`;
    case 'unload': return 'a navigation away from the page';
    case 'new-window': return 'a link that opens another window';
    case 'form-submission': return r.detail ? `a form submission (${r.detail})` : 'a form submission';
    case 'navigation': return `a navigation to ${r.detail ?? ''}`;
    case 'popup': return r.detail ? `a new window (${r.detail})` : 'a new window';
    case 'request': {
      const [method, ...url] = (r.detail ?? '').split(' ');
      return `a ${method} request to ${url.join(' ')}`;
    }
  }
}

export function choiceTrace(a: ChoiceAnswer): string {
  const steps = a.choice === 'accept-all' ? 'opt-in' : 'opt-out';
  switch (a.outcome) {
    case 'unsafe': return `not reached: the control would leave the page (${refusalTrace(a.refusal)})`;
    case 'chosen': {
      const opened = a.opened ? 'opened with its own control, then ' : '';
      if (a.method === 'rule-steps') return `the autoconsent rule's ${steps} steps`;
      if (a.method === 'all-control') return `${opened}the dialog's ${a.choice} control`;
      return `${opened}every optional switch ${a.choice === 'accept-all' ? 'on' : 'off'} (${a.switches ?? 0}), then the dialog's save control`;
    }
    case 'not-found':
      switch (a.miss) {
        case 'no-dialog': return 'no consent dialog shown';
        case 'popup-not-shown': return 'no consent dialog shown: the manager is in the page, its popup is not';
        case 'no-open-control': return 'no consent dialog shown, and no control of its own to show it';
        case 'opened-none': return 'no consent dialog shown: its own control opened none';
        case 'no-choice-control': return `no ${a.choice} control in the consent dialog`;
        case 'no-save-control': return `no ${a.choice} control and no save control in the consent dialog`;
        case 'no-switch': return 'no accept-all control and no switch to turn on in the consent dialog';
        case 'needs-page-script': return `its autoconsent ${steps} needs a step that runs the manager's page script (${a.detail ?? ''}), which the auditor never runs`;
        case 'rule-incomplete': return `its autoconsent ${steps} steps did not complete in the consent dialog`;
      }
  }
}
