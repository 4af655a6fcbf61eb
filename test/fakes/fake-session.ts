// storage.session in memory: one Map that outlives the TabAuditor built on it, as the real area
// outlives a restarted service worker. Values are copied in and out, as the browser serialises them.
import type { SessionArea } from '../../src/background/fresh-visit.ts';

export function fakeSession(data = new Map<string, unknown>()): SessionArea & { data: Map<string, unknown> } {
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  return {
    data,
    get: async <T>(key: string) => copy(data.get(key)) as T | undefined,
    set: async (key, value) => void data.set(key, copy(value)),
    remove: async (key) => void data.delete(key),
    keys: async (prefix) => [...data.keys()].filter((key) => key.startsWith(prefix)),
  };
}
