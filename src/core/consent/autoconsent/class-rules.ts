// Two managers autoconsent writes as classes, not JSON rules (lib/cmps/onetrust.ts, cookiebot.ts,
// @duckduckgo/autoconsent 16, MPL-2.0): their page-only paths restated as rule steps, so the same
// interpreter and safety checks drive them. What the classes do through the manager's page script
// (Cookiebot's withdraw and detection by its global) is left out: here, only its dialog's buttons.
import type { AutoconsentRule } from './autoconsent-rule.ts';

export const CLASS_RULES: readonly AutoconsentRule[] = [
  {
    name: 'onetrust',
    prehideSelectors: ['#onetrust-banner-sdk,#onetrust-consent-sdk,.onetrust-pc-dark-filter,.js-consent-banner'],
    detectCmp: [{ any: [{ exists: '#onetrust-banner-sdk' }, { visible: '#onetrust-pc-sdk', check: 'any' }] }],
    detectPopup: [{ visible: '#onetrust-banner-sdk,#onetrust-pc-sdk', check: 'any' }],
    optOut: [
      { wait: 500 },
      {
        if: { visible: '#onetrust-reject-all-handler', check: 'any' },
        then: [{ click: '#onetrust-reject-all-handler' }],
        else: [{
          if: { visible: '.ot-pc-refuse-all-handler', check: 'any' },
          then: [{ click: '.ot-pc-refuse-all-handler' }],
          // Its preference centre: every switch that is on turned off, then « save my choices ».
          else: [
            { click: '#onetrust-pc-btn-handler' },
            { waitFor: '#onetrust-consent-sdk', timeout: 2000 },
            { wait: 1000 },
            { click: '#onetrust-consent-sdk input.category-switch-handler:checked', all: true, optional: true },
            { waitForThenClick: '.save-preference-btn-handler', timeout: 2000 },
          ],
        }],
      },
    ],
    optIn: [{ click: '#onetrust-accept-btn-handler,#accept-recommended-btn-handler' }],
  },
  {
    name: 'cookiebot',
    prehideSelectors: ['#CybotCookiebotDialog,#CybotCookiebotDialogBodyUnderlay'],
    detectCmp: [{ exists: '#CybotCookiebotDialog' }],
    detectPopup: [{ visible: '#CybotCookiebotDialog', check: 'any' }],
    optOut: [{ waitForThenClick: '#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll,#CybotCookiebotDialogBodyButtonDecline', timeout: 2000 }],
    optIn: [
      { click: '.CybotCookiebotDialogBodyLevelButton:not(:checked):enabled', all: true, optional: true },
      { any: [{ click: '#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll' }, { click: '#CybotCookiebotDialogBodyLevelButtonAccept' }, { click: '#CybotCookiebotDialogBodyButtonAccept' }] },
    ],
  },
];
