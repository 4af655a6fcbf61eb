// One rule of DuckDuckGo autoconsent's, as its rules.json holds it: the fields the auditor reads.
import type { RuleStep } from '../managers/manager.ts';

/** An autoconsent JSON rule, as its rules.json holds it (the fields the auditor reads). */
export interface AutoconsentRule {
  name: string;
  prehideSelectors?: string[];
  detectCmp?: RuleStep[];
  detectPopup?: RuleStep[];
  optOut?: RuleStep[];
  optIn?: RuleStep[];
  cosmetic?: boolean;
  intermediate?: boolean;
  minimumRuleStepVersion?: number;
  runContext?: { main?: boolean; frame?: boolean; urlPattern?: string };
}
