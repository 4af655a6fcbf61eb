// The report wording in the extension: the add-on's own _locales files, read the first time a
// report is exported, so a background that only audits never carries them.
import { type Messages, useReportMessages } from '../core/report/report-strings.ts';
import { browser } from './browser.ts';

let loading: Promise<void> | undefined;

export function loadReportMessages(): Promise<void> {
  const read = (lang: string) => fetch(browser.runtime.getURL(`_locales/${lang}/messages.json`)).then((r) => r.json() as Promise<Messages>);
  loading ??= Promise.all([read('en'), read('fr')])
    .then(([en, fr]) => useReportMessages({ en, fr }))
    .catch((error: unknown) => {
      loading = undefined; // tried again at the next export
      throw error;
    });
  return loading;
}
