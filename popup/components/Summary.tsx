import type { AuditSummary } from '../../src/core/types.ts';
import { t } from '../i18n.ts';

export function Summary({ summary }: { summary: AuditSummary }) {
  const items = [
    ['bad', summary.undeclared, t('summaryUndeclared'), '#undeclared'],
    ['good', summary.declared, t('summaryDeclared'), '#declared'],
    ['neutral', summary.missing, t('summaryMissing'), '#missing'],
  ] as const;
  return (
    <nav class="summary" aria-label={t('summaryLabel')}>
      <ul>
        {items.map(([tone, n, label, href]) => (
          <li class={`count ${tone}${n === 0 ? ' zero' : ''}`} data-count={tone}>
            <a href={href}>
              <strong>{n}</strong> <span>{label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
