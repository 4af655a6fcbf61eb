import type { AuditReport } from './report-model.ts';
import { renderCsv } from './report-csv.ts';
import { type ReportAssets, renderHtml } from './report-html.ts';
import { renderMarkdown } from './report-markdown.ts';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html';
export const REPORT_FORMATS: ReportFormat[] = ['json', 'csv', 'md', 'html'];
export const MEDIA_TYPES: Record<ReportFormat, string> = { json: 'application/json', csv: 'text/csv;charset=utf-8', md: 'text/markdown;charset=utf-8', html: 'text/html;charset=utf-8' };

/** `assets`: the pictures the HTML report shows (the evidence bundle's screenshots). */
export function renderReport(report: AuditReport, format: ReportFormat, assets?: ReportAssets): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv': return renderCsv(report);
    case 'md': return renderMarkdown(report);
    case 'html': return renderHtml(report, assets);
  }
}
