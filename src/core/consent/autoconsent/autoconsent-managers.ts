// The long tail of consent managers (Didomi, Axeptio, Sirdata, Complianz, iubenda, CookieYes…),
// known from DuckDuckGo autoconsent's rule set (@duckduckgo/autoconsent, MPL-2.0; the build ships
// its generic rules as dist/data/autoconsent-rules.json). Each rule becomes a manager whose steps the
// one in-page driver interprets under the same safety checks as the managers of our own: clicks only
// inside the containers the rule names, never a link off the page, a submission or a download; its
// `eval` steps (the manager's page script) and cosmetic steps are never run.
//
// Autoconsent's own heuristics (`lib/heuristics.ts`) are not used: they read the platform's
// « Sauvegarder mes choix » as an acceptance (docs/platform-facts.md §7). Only named rules decide.
import { MANAGERS } from '../managers/index.ts';
import type { ConsentManager, ManagerId, RuleStep } from '../managers/manager.ts';
import type { AutoconsentRule } from './autoconsent-rule.ts';
import { CLASS_RULES } from './class-rules.ts';

export type { AutoconsentRule } from './autoconsent-rule.ts';

/** The step syntax the in-page driver knows (autoconsent's SUPPORTED_RULE_STEP_VERSION). */
const STEP_VERSION = 2;

/**
 * Rules for managers that have a module of their own here: ours read their record, autoconsent's
 * would only see the popup close. (Its `tarteaucitron.js` opt-in clicks « Personnaliser ».)
 */
const OWN_MODULES = new Set(['tarteaucitron.js', 'tarteaucitron deny', 'cookieconsent3', 'klaro', 'orejime']);

/** Why a rule is not used on `url`, or '' when it is. */
export function ruleSkipped(rule: AutoconsentRule, url: string): string {
  if (OWN_MODULES.has(rule.name.toLowerCase())) return 'a manager with a module of its own';
  if (rule.cosmetic) return 'cosmetic: it hides the popup and makes no choice';
  if (rule.intermediate) return 'one stage of a flow over several pages';
  if (rule.runContext?.main === false) return 'runs only in frames';
  if ((rule.minimumRuleStepVersion ?? 1) > STEP_VERSION) return 'steps this driver does not know';
  if (!rule.detectCmp?.length || !rule.detectPopup?.length || !rule.optOut?.length || !rule.optIn?.length) return 'no detection, opt-out or opt-in steps';
  if (rule.runContext?.urlPattern) {
    try {
      if (!new RegExp(rule.runContext.urlPattern).test(url)) return 'written for another site';
    } catch {
      return 'its address pattern does not parse';
    }
  }
  return '';
}

/** Every element selector a list of steps names, at any depth (the first link of a chain). */
function selectorsOf(steps: readonly RuleStep[] | undefined): string[] {
  return (steps ?? []).flatMap((s) => [
    ...[s.exists, s.visible].flatMap((sel) => (sel === undefined ? [] : [Array.isArray(sel) ? sel[0]! : sel])),
    ...selectorsOf(s.if ? [s.if] : []), ...selectorsOf(s.then), ...selectorsOf(s.else), ...selectorsOf(s.any),
  ]).filter((sel) => !sel.startsWith('xpath/'));
}

/**
 * The manager a rule describes. Its containers (what it pre-hides, what finds it and its popup)
 * bound every click; a choice counts once the popup is gone, since its record's format is unknown.
 */
export function autoconsentManager(rule: AutoconsentRule): ConsentManager {
  const id: ManagerId = `autoconsent:${rule.name}`;
  const containers = [...new Set([...(rule.prehideSelectors ?? []), ...selectorsOf(rule.detectCmp), ...selectorsOf(rule.detectPopup)])];
  return {
    id,
    name: rule.name,
    rule: {
      id,
      present: containers,
      dialog: [],
      steps: { detectCmp: rule.detectCmp ?? [], detectPopup: rule.detectPopup ?? [], optOut: rule.optOut ?? [], optIn: rule.optIn ?? [] },
    },
    consentCookies: [],
    confirmedBy: 'dialog-closed',
    recorded: () => undefined,
    keysOf: () => [],
  };
}

/** The managers autoconsent's rules add on `url`, in the rules' order, then the two it writes as classes. */
export function autoconsentManagers(rules: readonly AutoconsentRule[], url: string): ConsentManager[] {
  const names = new Set(rules.map((r) => r.name.toLowerCase()));
  const all = [...rules, ...CLASS_RULES.filter((r) => !names.has(r.name))];
  return all.filter((r) => ruleSkipped(r, url) === '').map(autoconsentManager);
}

/** Every manager to look for on `url`, in the order they are preferred: ours, then the rules'. */
export function managersOn(url: string, rules: readonly AutoconsentRule[]): ConsentManager[] {
  return [...MANAGERS, ...autoconsentManagers(rules, url)];
}

/** The rules out of the build's file (`{ version, rules }`); anything else reads as none. */
export function readAutoconsentData(data: unknown): { version: string; rules: AutoconsentRule[] } {
  const file = data as { version?: unknown; rules?: unknown } | null;
  if (!file || typeof file !== 'object' || !Array.isArray(file.rules)) return { version: '', rules: [] };
  const rules = file.rules.filter((r): r is AutoconsentRule => !!r && typeof r === 'object' && typeof (r as AutoconsentRule).name === 'string');
  return { version: typeof file.version === 'string' ? file.version : '', rules };
}
