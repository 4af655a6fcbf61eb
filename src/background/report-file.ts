// A report of a tab's audit, rendered in the background so the popup stays small.
import { MEDIA_TYPES, type ReportFormat, renderReport } from '../core/report/render-report.ts';
import { buildReport, digestValues, reportFileName } from '../core/report/report-model.ts';
import { readCookieJar } from '../jar/cookie-jar.ts';
import type { ReportFile, TabAudit } from '../messages.ts';
import type { AuditorDeps } from './deps.ts';

export async function reportFile(deps: AuditorDeps, tabId: number, state: TabAudit, format: ReportFormat, includeValueDigests: boolean): Promise<ReportFile> {
  if (state.kind !== 'ready') return { ok: false, message: state.kind === 'error' ? state.message : state.kind };
  const { audit } = state;
  const tab = await deps.getTab(tabId);
  const valueDigests = includeValueDigests
    ? await digestValues(await readCookieJar(deps.cookies, { host: audit.host, ...(tab?.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) }))
    : undefined;
  const generatedAt = new Date(deps.now());
  const report = buildReport(audit, {
    generatedAt,
    timeZone: deps.timeZone(),
    browser: await deps.browserInfo(),
    extensionVersion: deps.extensionVersion(),
    language: deps.language(),
    catalogueWarnings: state.catalogueWarnings,
    diff: state.diff ?? null,
    freshVisit: state.freshVisit === true,
    portal: { signals: state.portal.signals, ...(state.portal.platformHost ? { platformHost: state.portal.platformHost } : {}) },
    ...(state.consentCheck ? { journeys: state.consentCheck } : {}),
    ...(state.visitAt ? { visitTakenAt: state.visitAt } : {}),
    ...(state.restore?.failed.length ? { unrestoredCookies: state.restore.failed } : {}),
    ...(valueDigests ? { valueDigests } : {}),
  });
  return { ok: true, filename: reportFileName(audit.host, generatedAt, format), text: renderReport(report, format), mediaType: MEDIA_TYPES[format] };
}
