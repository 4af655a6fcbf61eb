// A date for people, in the output's language: reports, the fleet page, the popup and the CLI all
// write dates this way (the JSON keeps ISO 8601). Not a date: the text as it came.
import type { Language } from '../types.ts';

export function peopleDate(iso: string, language: Language, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = (zone: string | undefined) => new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', ...(zone ? { timeZone: zone } : {}) }).format(date);
  try {
    return format(timeZone);
  } catch {
    return format('UTC'); // a time zone this runtime does not know
  }
}
