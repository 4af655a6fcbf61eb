// A tab's audit, its fresh visit and its consent check are one record: an audit made later (the
// user's cookies put back, "Audit again", a cookie change) updates the view of the jar but keeps
// the visit's journeys, who set each cookie and what it showed beyond cookies, dated, until the
// user starts a new visit or the tab leaves the portal. Pure: the orchestrator stores what this returns.
import type { TabAudit } from '../messages.ts';

const key = (c: { name: string; domain: string; path: string }) => `${c.name}\u0000${c.domain}\u0000${c.path}`;

export function keepVisit(previous: TabAudit | undefined, next: TabAudit): TabAudit {
  if (next.kind !== 'ready' || previous?.kind !== 'ready') return next;
  if (!previous.consentCheck && !previous.freshVisit) return next;
  // Another portal (or page host) in the tab: the visit was of another place.
  if (previous.audit.host !== next.audit.host) return next;
  const setters = new Map(previous.audit.cookies.flatMap((c) => (c.setBy ? [[key(c), c.setBy] as const] : [])));
  const cookies = next.audit.cookies.map((c) => (c.setBy || !setters.has(key(c)) ? c : { ...c, setBy: setters.get(key(c))! }));
  const evidence = next.audit.evidence ?? previous.audit.evidence;
  // What the visit showed beyond cookies is the visit's: a later audit of the jar cannot see it.
  const beyondCookies = next.audit.beyondCookies ?? previous.audit.beyondCookies;
  return {
    ...next,
    audit: { ...next.audit, cookies, ...(evidence ? { evidence } : {}), ...(beyondCookies ? { beyondCookies } : {}) },
    ...(previous.consentCheck ? { consentCheck: previous.consentCheck } : {}),
    ...(previous.freshVisit ? { freshVisit: true } : {}),
    visitAt: previous.visitAt ?? previous.audit.auditedAt,
  };
}
