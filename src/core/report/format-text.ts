// The audit for a terminal: a verdict line, then undeclared, declared and missing cookies.
import { whenSet } from '../catalogue/when-set.ts';
import type { AuditResult, CatalogueSource } from '../types.ts';
import { humanLifetime } from './duration.ts';
import { reportText } from './report-strings.ts';
import { sourceText } from './report-text.ts';
import { setterSummary } from '../evidence/cookie-setters.ts';

function sourceLine(source: CatalogueSource | undefined): string {
  return source ? `catalogue: ${sourceText(source, reportText('en'))}` : 'catalogue: given';
}

function flags(c: AuditResult['cookies'][number], now: Date): string {
  return [
    ...(c.checks ?? []).map((check) => `! ${check}`),
    c.party === 'third' ? 'third-party' : 'first-party',
    c.httpOnly ? 'HttpOnly' : '',
    c.secure ? 'Secure' : '',
    `SameSite=${c.sameSite}`,
    humanLifetime(c, now, 'en'),
    c.partition ? `partitioned (${c.partition})` : '',
  ].filter(Boolean).join(', ');
}

export function formatAuditText(result: AuditResult, now = new Date(result.auditedAt)): string {
  const { summary } = result;
  const lines = [
    `${result.host || result.pageUrl}: ${summary.cookies} cookies, ${summary.undeclared} undeclared, ${summary.declared} declared, ${summary.missing} declared but not seen`,
    sourceLine(result.catalogueSource),
  ];
  const undeclared = result.cookies.filter((c) => c.status === 'undeclared');
  const declared = result.cookies.filter((c) => c.status === 'declared');
  if (undeclared.length) {
    lines.push('', 'UNDECLARED');
    for (const c of undeclared) {
      lines.push(`  ✗ ${c.name}  ${c.domain}${c.path}  (${flags(c, now)})`);
      if (c.explanation) lines.push(`      likely ${c.explanation.platform} (${c.explanation.category}): ${c.explanation.description}`);
      if (c.suggestedRow) lines.push(`      policy row: ${c.suggestedRow.join(' | ')}`);
      if (c.setBy) lines.push(`      set by ${setterSummary(c.setBy)}`);
    }
  }
  if (declared.length) {
    lines.push('', 'DECLARED AND PRESENT');
    for (const c of declared) {
      const pattern = c.entry && c.entry.pattern !== c.name ? ` [${c.entry.pattern}]` : '';
      lines.push(`  ✓ ${c.name}${pattern}  ${c.domain}${c.path}  (${flags(c, now)})`);
      if (c.entry?.purpose) lines.push(`      ${[c.entry.provider, c.entry.service].filter(Boolean).join(' · ')}${c.entry.provider || c.entry.service ? ': ' : ''}${c.entry.purpose}`);
    }
  }
  const missing = result.entries.filter((e) => e.status === 'missing');
  if (missing.length) {
    lines.push('', 'DECLARED BUT NOT SEEN');
    for (const { entry } of missing) {
      const when = whenSet(entry);
      lines.push(`  · ${entry.pattern}${when ? `  (normally set: ${when.replace('-', ' ')})` : ''}`);
    }
  }
  return lines.join('\n');
}
