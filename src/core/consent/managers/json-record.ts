// The per-purpose booleans a manager keeps as (URL-encoded) JSON in its cookie: Klaro's and
// Orejime's records. Anything else in the record (dates, ids) is left out; a broken record is none.
export function readJsonChoices(value: string): Record<string, boolean> {
  try {
    const data: unknown = JSON.parse(decodeURIComponent(value).slice(0, 10_000));
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    return Object.fromEntries(Object.entries(data as Record<string, unknown>).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
  } catch {
    return {};
  }
}
