// Which of the managers with a module here a page's markup shows, read from the same `present`
// selectors the in-page driver uses (simple ones: an element, an id, a class), so that a page with
// its own consent manager is never said to have no consent control. A rendered page (the tab's DOM)
// shows what the managers' scripts drew; a fetched page may not, and then says less, never more.
import type { KnownManagerId, OwnManager } from './manager.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A simple selector as a test on markup; undefined for a selector too complex to read that way. */
function markupTest(selector: string): RegExp | undefined {
  const simple = /^([a-z][\w-]*)?(?:#([\w-]+)|\.([\w-]+))?$/i.exec(selector.trim());
  if (!simple || (!simple[1] && !simple[2] && !simple[3])) return undefined;
  const [, tag, id, cls] = simple;
  if (id) return new RegExp(`<${tag ? escape(tag) : '[a-z][\\w-]*'}\\b[^>]*\\sid\\s*=\\s*["']?${escape(id)}(?:["'\\s>/])`, 'i');
  if (cls) return new RegExp(`<${tag ? escape(tag) : '[a-z][\\w-]*'}\\b[^>]*\\sclass\\s*=\\s*["'][^"']*(?<![\\w-])${escape(cls)}(?![\\w-])`, 'i');
  return new RegExp(`<${escape(tag!)}[\\s>/]`, 'i');
}

export function managersInMarkup(html: string, managers: readonly OwnManager[]): KnownManagerId[] {
  const page = html.slice(0, 5_000_000);
  return managers.filter((m) => m.rule.present.some((selector) => markupTest(selector)?.test(page))).map((m) => m.id);
}
