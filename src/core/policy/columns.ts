import { fold } from './blocks.ts';
import type { CatalogueField } from '../types.ts';

/** Units of a lifetime, in the policies' languages (French, English, German, Spanish, Dutch, Italian). */
export const DURATION_UNITS = 'mois|months?|jours?|days?|ans?|années?|years?|heures?|hours?|h|minutes?|min|semaines?|weeks?|secondes?|seconds?|wochen|woche|monate?n?|tage?n?|jahren?|jahr|stunden?|sekunden?|meses|mes|días|dias|años|anos|semanas?|horas?|minutos?|segundos?|maanden|maand|dagen|dag|jaren|jaar|weken|week|uur|uren|mesi|mese|giorni|giorno|anni|anno|ore|ora|settimane|settimana|minuti|secondi';

/** What a table column holds. */
export type Field = CatalogueField;

// German, Spanish, Dutch and Italian labels too: portals in Switzerland, Belgium, Spain and Italy
// write their policies in their own languages. Each column's words in two parts: what a label
// starts with (`start`, tested on the label's first word, or its first words for phrases), and
// stems that name the column wherever they stand in a label (`within`, tested word by word).
// Order matters: "Service provider's name" is a provider, "Function and location" a service,
// a bare "Function" (the newer Opendatasoft layout) a purpose, "Type de cookie" a category.
const HEADER_WORDS: { field: Field; start: RegExp; within?: RegExp }[] = [
  { field: 'lifetime', start: /^(?:duree|duration|expiration|expiry|expires|lifetime|retention|conservation|validite|speicherdauer|laufzeit|ablauf|gultigkeit|dauer|duracion|caducidad|plazo|bewaartermijn|looptijd|geldigheid|duur|durata|scadenza|storage period)/ },
  { field: 'provider', start: /^(?:tiers$|herausgeber|titular|third party name)/, within: /provider|prestataire|fournisseur|supplier|vendor|editeur|emetteur|societe|company|organisation|deposant|anbieter|proveedor|aanbieder|leverancier|fornitore/ },
  { field: 'category', start: /^(?:types?\b|type de|tipo\b|soort\b|art\b)/, within: /categor|kategorie/ },
  { field: 'service', start: /^(?:services?\b|outil|tool|dienst|servicio|servizio)/, within: /emplacement|location|fonctionnalite|feature/ },
  { field: 'purpose', start: /^(?:function|fonction|but\b|role\b|utilite|why|proposito|doel|scopo)/, within: /purpose|finalite|finalidad|finalita|objecti|description|usage|utilisation|zweck|beschreibung|omschrijving|beschrijving/ },
  { field: 'name', start: /^(?:noms?\b|names?\b|identifiant|nombre\b|naam\b|nome\b)/, within: /cookie|traceur/ },
];
export const HEADER_FIELDS: readonly Field[] = HEADER_WORDS.map((w) => w.field);

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
  for (const { field, start, within } of HEADER_WORDS) if (start.test(folded) || within?.test(folded)) return field;
  return undefined;
}

const wordBits = new Map<string, { start: number; within: number }>();

/**
 * What one word of a header line may say, as bits in HEADER_FIELDS' order: the columns a label
 * starting with it names (`start`), and those any label holding it names (`within`). The columns
 * a group of words names are then `start` of its first word with `within` of every word.
 */
export function headerWordBits(word: string): { start: number; within: number } {
  let bits = wordBits.get(word);
  if (!bits) {
    const folded = fold(word).replace(/[()]/g, '');
    bits = { start: 0, within: 0 };
    HEADER_WORDS.forEach(({ start, within }, i) => {
      if (start.test(folded)) bits!.start |= 1 << i;
      if (within?.test(folded)) bits!.within |= 1 << i;
    });
    if (wordBits.size < 10_000) wordBits.set(word, bits);
  }
  return bits;
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

const DURATION = new RegExp(`\\b\\d+\\s*(?:${DURATION_UNITS})(?![\\p{L}])|\\bsession\\b|\\bpersist`, 'iu');

export function looksLikeDuration(cell: string): boolean {
  return cell.length < 80 && DURATION.test(cell);
}
