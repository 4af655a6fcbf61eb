import { CATEGORIES } from '../../src/core/catalogue/catalogue-json.ts';
import type { CatalogueEntry, Category } from '../../src/core/types.ts';
import { t } from '../../popup/i18n.ts';

const FIELDS = ['pattern', 'provider', 'service', 'purpose'] as const;
const LABELS = { pattern: 'colName', provider: 'colProvider', service: 'colService', purpose: 'colPurpose' } as const;

interface Props {
  entries: CatalogueEntry[];
  onChange(entries: CatalogueEntry[]): void;
}

/** The catalogue as an editable table: one row an entry, every cell labelled for screen readers. */
export function EntryTable({ entries, onChange }: Props) {
  const update = (index: number, patch: Partial<CatalogueEntry>) => onChange(entries.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  return (
    <fieldset>
      <legend>{t('optionsEntries', String(entries.length))}</legend>
      <table class="entries">
        <thead>
          <tr>
            {FIELDS.map((f) => <th scope="col">{t(LABELS[f])}</th>)}
            <th scope="col">{t('colCategory')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={index}>
              {FIELDS.map((field) => (
                <td>
                  <input type="text" aria-label={`${t(LABELS[field])} ${index + 1}`} value={entry[field] ?? ''} onInput={(e) => update(index, { [field]: e.currentTarget.value })} />
                </td>
              ))}
              <td>
                <select aria-label={`${t('colCategory')} ${index + 1}`} value={entry.category ?? ''} onChange={(e) => update(index, { category: (e.currentTarget.value || undefined) as Category | undefined })}>
                  <option value="">—</option>
                  {CATEGORIES.map((c) => <option value={c}>{c}</option>)}
                </select>
              </td>
              <td>
                <button type="button" aria-label={t('optionsRemove', entry.pattern || String(index + 1))} onClick={() => onChange(entries.filter((_, i) => i !== index))}>×</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button type="button" onClick={() => onChange([...entries, { pattern: '' }])}>{t('optionsAddEntry')}</button>
      </div>
    </fieldset>
  );
}
