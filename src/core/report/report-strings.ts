// Report wording comes from the extension's own _locales, so reports written by the CLI and by the
// popup read the same in French and English. Who provides it: the JSON bundled in Node
// (bundled-messages.ts), the add-on's own _locales files read when a report is first asked for in
// the background (src/browser/report-messages.ts), where only an export needs them.
import type { Language } from '../types.ts';

export type ReportKey = keyof typeof import('../../../_locales/en/messages.json');
export type Messages = Record<string, { message: string }>;
let catalogues: Partial<Record<Language, Messages>> = {};

export function useReportMessages(messages: Record<Language, Messages>): void {
  catalogues = messages;
}

export function reportText(language: Language): (key: ReportKey, ...substitutions: string[]) => string {
  const messages = catalogues[language];
  if (!messages) throw new Error('The report wording is not loaded.');
  return (key, ...substitutions) => (messages[key]?.message ?? key).replace(/\$(\d)/g, (_m, n: string) => substitutions[Number(n) - 1] ?? '');
}
