// Adds to an audit what goes beyond declared/undeclared: the consent state, compliance checks per
// cookie, explanations of undeclared cookies and ready-to-paste policy rows for them.
import { readConsent } from '../consent/read-consent.ts';
import type { CookieKnowledge, Explanation } from '../explain/explain-cookie.ts';
import { DEFAULT_LAYOUT, suggestPolicyRow } from '../explain/suggest-row.ts';
import type { AuditResult, CatalogueField, Cookie, Language } from '../types.ts';
import { CHECKS, checkCookie } from './compliance-checks.ts';

export interface EnrichOptions {
  /** The jar the audit was made from: only cookies_preferences's value is read, for consent. */
  cookies: readonly Cookie[];
  knowledge?: CookieKnowledge;
  layout?: CatalogueField[];
  language: Language;
  /** The policy's sentence claiming its audience measurement is exempt from consent. */
  exemption?: string;
  /** Whether the page carries the platform's consent control (undefined: unknown). */
  consentControl?: boolean;
}

export function enrichAudit(result: AuditResult, { cookies, knowledge, layout, language, exemption, consentControl }: EnrichOptions): AuditResult {
  const consent = readConsent(cookies);
  const explanations = new Map<string, Explanation | undefined>();
  for (const c of result.cookies) if (!explanations.has(c.name)) explanations.set(c.name, knowledge?.explain(c.name, c.domain));
  const context = {
    now: Date.parse(result.auditedAt) / 1000,
    pageIsHttps: result.pageUrl.startsWith('https:'),
    consent,
    explanations,
    ...(exemption ? { exemption } : {}),
    ...(consentControl !== undefined ? { consentControl } : {}),
  };
  const tableLayout = layout && layout.includes('name') ? layout : DEFAULT_LAYOUT;
  return {
    ...result,
    consent,
    ...(exemption ? { consentExemption: exemption } : {}),
    checksApplied: CHECKS,
    layout: tableLayout,
    cookies: result.cookies.map((c) => {
      const explanation = explanations.get(c.name);
      return {
        ...c,
        checks: checkCookie(c, context),
        ...(c.status === 'undeclared' && explanation ? { explanation } : {}),
        ...(c.status === 'undeclared' ? { suggestedRow: suggestPolicyRow(c.name, explanation, tableLayout, language) } : {}),
      };
    }),
  };
}
