// Which cookies belong to which tracker a portal's consent banner lists (keys of cookies_preferences).
export const TRACKER_COOKIES: Record<string, RegExp> = {
  ga: /^(?:_ga(?:_.+)?|_gid|_gat(?:_.+)?|__utm[a-z])$/,
  matomo: /^(?:_pk_(?:id|ses|ref|cvar|hsr)(?:\..*)?|MATOMO_SESSID|mtm_.+)$/,
  xiti: /^(?:xtvrn|xtan.*|xtant.*|xtidc|atuserid|atidvisitor|atid|atredir)$/,
  at: /^(?:atuserid|atidvisitor|atid|atredir)$/,
  piano: /^(?:_pcid|_pctx|_pcus|_pprv|__pat|__pvi|__tbc|xbc)$/,
  eulerian: /^(?:etuix|eul.*)$/,
};

/** The trackers (consent keys) a cookie name belongs to. */
export function trackersOf(name: string): string[] {
  return Object.entries(TRACKER_COOKIES).filter(([, pattern]) => pattern.test(name)).map(([key]) => key);
}
