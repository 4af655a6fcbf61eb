import { useState } from 'preact/hooks';
import type { ReportFormat } from '../../src/core/report/render-report.ts';
import type { AuditorApi } from '../../src/messages.ts';
import { saveFile } from '../api.ts';
import { t, type MessageKey } from '../i18n.ts';

const FORMATS: [ReportFormat, MessageKey][] = [['html', 'exportHtml'], ['csv', 'exportCsv'], ['md', 'exportMarkdown'], ['json', 'exportJson']];

/** Saves the audit as a file through the downloads API, or copies it as Markdown; says what happened. */
export function ExportPanel({ api, tabId }: { api: AuditorApi; tabId: number }) {
  const [digests, setDigests] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  const run = async (work: () => Promise<string>) => {
    try {
      setStatus({ ok: true, text: await work() });
    } catch (error) {
      setStatus({ ok: false, text: t('exportFailed', error instanceof Error ? error.message : String(error)) });
    }
  };
  const fetchReport = async (format: ReportFormat) => {
    const file = await api.report(tabId, format, digests);
    if (!file.ok) throw new Error(file.message);
    return file;
  };

  return (
    <section class="export" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportLabel')}</h2>
      <div class="buttons">
        {FORMATS.map(([format, label]) => (
          <button type="button" data-format={format} onClick={() => run(async () => t('saved', await saveFile(await fetchReport(format))))}>
            {t(label)}
          </button>
        ))}
        <button type="button" data-copy="md" onClick={() => run(async () => {
          const file = await fetchReport('md');
          await navigator.clipboard.writeText(file.text);
          return t('copied');
        })}>
          {t('copyMarkdown')}
        </button>
      </div>
      <label class="check">
        <input type="checkbox" checked={digests} onChange={(e) => setDigests(e.currentTarget.checked)} /> {t('includeValueDigests')}
      </label>
      {status && <p role="status" class={status.ok ? 'ok' : 'alert'}>{status.text}</p>}
    </section>
  );
}
