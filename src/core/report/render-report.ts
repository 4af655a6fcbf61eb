import type { AuditReport } from './report-model.ts';
import { renderCsv } from './report-csv.ts';
import { renderHtml } from './report-html.ts';
import { renderMarkdown } from './report-markdown.ts';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html';
export const REPORT_FORMATS: ReportFormat[] = ['json', 'csv', 'md', 'html'];
export const MEDIA_TYPES: Record<ReportFormat, string> = { json: 'application/json', csv: 'text/csv;charset=utf-8', md: 'text/markdown;charset=utf-8', html: 'text/html;charset=utf-8' };

export function renderReport(report: AuditReport, format: ReportFormat): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv': return renderCsv(report);
    case 'md': return renderMarkdown(report);
    case 'html': return renderHtml(report);
  }
}
