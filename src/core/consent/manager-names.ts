// How people know each consent manager, for the popup and the command line.
const NAMES: Record<string, string> = { opendatasoft: 'Opendatasoft', tarteaucitron: 'tarteaucitron', klaro: 'Klaro', orejime: 'Orejime', cookieconsent: 'vanilla-cookieconsent' };

/** `autoconsent:didomi` reads « didomi (autoconsent rule) »: driven by a rule of DuckDuckGo autoconsent's, not a module of ours. */
export function managerLabel(id: string): string {
  if (id.startsWith('autoconsent:')) return `${id.slice('autoconsent:'.length)} (autoconsent rule)`;
  return NAMES[id] ?? id;
}
