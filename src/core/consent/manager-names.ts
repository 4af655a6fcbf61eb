// How people know each consent manager, for the popup and the command line.
const NAMES: Record<string, string> = { opendatasoft: 'Opendatasoft', tarteaucitron: 'tarteaucitron', klaro: 'Klaro', orejime: 'Orejime', cookieconsent: 'vanilla-cookieconsent' };

/** A manager known only from an autoconsent rule: no module of ours, no record the auditor knows. */
export const isAutoconsent = (id: string): boolean => id.startsWith('autoconsent:');

/**
 * `autoconsent:didomi` reads « didomi (autoconsent rule) »: driven by a rule of DuckDuckGo
 * autoconsent's, not a module of ours; `byRule` words it in the reader's language.
 */
export function managerLabel(id: string, byRule: (name: string) => string = (name) => `${name} (autoconsent rule)`): string {
  if (isAutoconsent(id)) return byRule(id.slice('autoconsent:'.length));
  return NAMES[id] ?? id;
}
