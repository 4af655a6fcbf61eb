import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/** A policy row for an undeclared cookie, tab-separated so that it pastes into a table's columns. */
export function SuggestedRow({ cells }: { cells: string[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <details class="suggested">
      <summary>{t('suggestedRow')}</summary>
      <p class="cells">{cells.join(' | ')}</p>
      <button type="button" onClick={() => navigator.clipboard.writeText(cells.join('\t')).then(() => setCopied(true), () => setCopied(false))}>
        {t('copyRow')}
      </button>
      {copied && <span role="status"> {t('copied')}</span>}
    </details>
  );
}
