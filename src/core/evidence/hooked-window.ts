// A window the page asked for, as the page hook reports it (src/page/hook-cookie-writes.ts): the
// extension's one sight of a `window.open` the popup blocker stopped, for which the browser raises
// no event. Told by the page's own world, so it can only add a refusal, never clear one.

export interface HookedWindow {
  kind: 'window.open';
  /** The address asked for, resolved against the document (`about:blank` when none). */
  name: string;
  document: string;
  at: number;
}

/** The address of a hook's `window.open` report, or undefined for any other text. */
export function hookedWindow(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 10_000 || !text.includes('"window.open"')) return undefined;
  try {
    const h = JSON.parse(text) as Partial<HookedWindow>;
    return h.kind === 'window.open' && typeof h.name === 'string' && h.name ? h.name.slice(0, 2048) : undefined;
  } catch {
    return undefined;
  }
}
