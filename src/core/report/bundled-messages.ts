// The report wording bundled, for Node's entry points (the CLI, the tests, the bench).
import en from '../../../_locales/en/messages.json';
import fr from '../../../_locales/fr/messages.json';
import { useReportMessages } from './report-strings.ts';

export function useBundledMessages(): void {
  useReportMessages({ en, fr });
}
