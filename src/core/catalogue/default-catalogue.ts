// The Opendatasoft platform's standard declarations: the union of what its portals' policies
// declare (see test/fixtures/policies). Used when a portal's own policy cannot be had, and always
// labelled as such.
import { CONSENT_COOKIE } from '../consent/consent-cookie.ts';
import type { CatalogueEntry, Language } from '../types.ts';

type Localised = Record<Language, { service: string; purpose: string }>;

const PLATFORM: { pattern: string; text: Localised }[] = [
  {
    pattern: 'sessionid',
    text: {
      en: { service: 'Authentication (front and back office)', purpose: 'To remember the user from one page to another' },
      fr: { service: 'Authentification (front et back office)', purpose: "Se souvenir de l'utilisateur d'une page à une autre." },
    },
  },
  {
    pattern: 'django_language',
    text: {
      en: { service: 'Language selection (front and back office)', purpose: "To remember the visitor's language" },
      fr: { service: 'Sélection de la langue (front et back office)', purpose: 'Se souvenir de la langue du visiteur' },
    },
  },
  {
    pattern: 'csrftoken',
    text: {
      en: { service: 'API (CSRF) (front and back office)', purpose: 'To retrieve data via API calls' },
      fr: { service: 'API (CSRF) (front et back office)', purpose: 'Récupérer des données via des appels API' },
    },
  },
  {
    pattern: CONSENT_COOKIE,
    text: {
      en: { service: 'Choices related to your cookie preferences', purpose: "To remember the visitor's cookie preferences" },
      fr: { service: 'Choix concernant vos préférences sur les cookies', purpose: 'Permet de se souvenir du choix opéré par le visiteur concernant les cookies' },
    },
  },
  {
    pattern: '_BEAMER*',
    text: {
      en: { service: 'Notification', purpose: 'To receive notifications about product news in the interface' },
      fr: { service: 'Notification', purpose: "Recevoir des notifications sur les nouveautés produit dans l'interface" },
    },
  },
];

const cache = new Map<Language, CatalogueEntry[]>();

/** The default catalogue in the given language; the same array each time, so its matcher is reused. */
export function defaultCatalogue(language: Language = 'en'): CatalogueEntry[] {
  let entries = cache.get(language);
  if (!entries) {
    entries = PLATFORM.map(({ pattern, text }) => ({ pattern, provider: 'Opendatasoft', ...text[language], category: 'necessary' as const }));
    cache.set(language, entries);
  }
  return entries;
}
