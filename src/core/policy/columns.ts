import { fold } from './blocks.ts';
import type { CatalogueField } from '../types.ts';

/** What a table column holds. */
export type Field = CatalogueField;

// Order matters: "Service provider's name" is a provider, "Function and location" a service,
// a bare "Function" (the newer Opendatasoft layout) a purpose, "Type de cookie" a category.
const HEADER_WORDS: [Field, RegExp][] = [
  ['lifetime', /^(?:duree|duration|expiration|expiry|expires|lifetime|retention|conservation|validite)|duree de (?:conservation|vie)|retention period|storage period/],
  ['provider', /provider|prestataire|fournisseur|supplier|vendor|editeur|emetteur|societe|company|organisation|deposant|third party name|^tiers$/],
  ['category', /categor|^types?\b|^type de/],
  ['service', /emplacement|location|^services?\b|fonctionnalite|feature|^outil|^tool/],
  ['purpose', /purpose|finalite|objecti|^function|^fonction|description|usage|utilisation|^but\b|^role\b|^utilite|^why/],
  ['name', /cookie|traceur|^noms?\b|^names?\b|^identifiant/],
];

/** The field a header cell names, if any. */
const known = new Map<string, Field | undefined>();

export function classifyHeader(cell: string): Field | undefined {
  // Labels repeat on every row of a responsive table: remember the few distinct ones.
  if (known.has(cell)) return known.get(cell);
  const field = classify(cell);
  if (known.size < 500) known.set(cell, field);
  return field;
}

function classify(cell: string): Field | undefined {
  const folded = fold(cell).replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
  if (!folded || folded.length > 60) return undefined;
  for (const [field, words] of HEADER_WORDS) if (words.test(folded)) return field;
  return undefined;
}

/** Column index of each field named by a header row, or undefined when the row is not a header. */
export function readHeaderRow(row: string[]): Map<Field, number> | undefined {
  const columns = new Map<Field, number>();
  row.forEach((cell, index) => {
    const field = classifyHeader(cell);
    if (field && !columns.has(field)) columns.set(field, index);
  });
  return columns.has('name') && columns.size >= 2 ? columns : undefined;
}

/** "Cookie name: _ga" in responsive tables: the label is dropped when it names the cell's own column. */
export function stripColumnLabel(cell: string, field: Field, header?: string): string {
  if (!cell.includes(':')) return cell;
  const match = /^\s*([^:\n]{2,40})\s*:\s*/.exec(cell);
  if (!match?.[1]) return cell;
  const label = match[1];
  const labelled = classifyHeader(label) === field || (header !== undefined && fold(label).trim() === fold(header).trim());
  return labelled ? cell.slice(match[0].length) : cell;
}

const DURATION = /\b\d+\s*(?:mois|months?|jours?|days?|ans?|years?|heures?|hours?|h|minutes?|min|semaines?|weeks?|secondes?|seconds?)\b|\bsession\b|\bpersist/i;

export function looksLikeDuration(cell: string): boolean {
  return cell.length < 80 && DURATION.test(cell);
}
