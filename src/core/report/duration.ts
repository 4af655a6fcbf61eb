// Cookie lifetimes as people say them: "session", "13 months", "2 years", in French or English.
import type { Language } from '../types.ts';

const UNITS: [number, Record<Language, [string, string]>][] = [
  [365 * 86400, { en: ['year', 'years'], fr: ['an', 'ans'] }],
  [30 * 86400, { en: ['month', 'months'], fr: ['mois', 'mois'] }],
  [7 * 86400, { en: ['week', 'weeks'], fr: ['semaine', 'semaines'] }],
  [86400, { en: ['day', 'days'], fr: ['jour', 'jours'] }],
  [3600, { en: ['hour', 'hours'], fr: ['heure', 'heures'] }],
  [60, { en: ['minute', 'minutes'], fr: ['minute', 'minutes'] }],
];

/** Whole units, the largest that fits: 400 days is "1 year", 390 days "13 months" would overstate. */
export function humanSeconds(seconds: number, language: Language): string {
  const s = Math.max(0, seconds);
  for (const [size, names] of UNITS) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${names[language][n === 1 ? 0 : 1]}`;
    }
  }
  return language === 'fr' ? "moins d'une minute" : 'under a minute';
}

/** "session", or the time left until the cookie expires. */
export function humanLifetime(cookie: { session: boolean; expirationDate?: number }, now: Date, language: Language): string {
  if (cookie.session || cookie.expirationDate === undefined) return 'session';
  const left = cookie.expirationDate - now.getTime() / 1000;
  if (left <= 0) return language === 'fr' ? 'expiré' : 'expired';
  return humanSeconds(left, language);
}
