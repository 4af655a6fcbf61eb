// A tab's audit, fresh visit and consent check are one record: the audit that follows the visit
// (the user's cookies put back) keeps the visit's journeys and who set each cookie, dated.
import { describe, expect, it } from 'vitest';
import { keepVisit } from '../../src/background/keep-visit.ts';
import type { TabAudit } from '../../src/messages.ts';

type Ready = Extract<TabAudit, { kind: 'ready' }>;
const ready = (host: string, at: string, cookies: { name: string; setBy?: object }[], more: Partial<Ready> = {}): Ready => ({
  kind: 'ready',
  portal: { isPortal: true, confidence: 1, signals: [] },
  catalogueWarnings: [],
  audit: { host, pageUrl: `https://${host}/`, auditedAt: at, cookies: cookies.map((c) => ({ name: c.name, domain: host, path: '/', ...(c.setBy ? { setBy: c.setBy } : {}) })), summary: {}, entries: [] } as never,
  ...more,
});
const matrix = { states: [], rows: [], neverSeen: [], findings: [] } as never;
const setter = { how: 'document.cookie', url: 'https://cdn.example/tag.js', count: 1 };

describe('the tab\'s record after a visit', () => {
  it('keeps the consent check and who set each cookie when the jar is audited again, dated by the visit', () => {
    const visit = ready('data.fr', '2026-12-05T10:00:00Z', [{ name: '_ga', setBy: setter }], { consentCheck: matrix, audit: { ...ready('data.fr', '2026-12-05T10:00:00Z', [{ name: '_ga', setBy: setter }]).audit, evidence: { responses: true, scripts: true } } as never });
    const later = keepVisit(visit, ready('data.fr', '2026-12-05T10:00:12Z', [{ name: '_ga' }, { name: 'sessionid' }])) as Ready;
    expect(later.consentCheck).toBe(matrix);
    expect(later.visitAt).toBe('2026-12-05T10:00:00Z');
    expect(later.audit.auditedAt).toBe('2026-12-05T10:00:12Z');
    expect(later.audit.cookies.map((c) => [c.name, c.setBy?.url ?? null])).toEqual([['_ga', 'https://cdn.example/tag.js'], ['sessionid', null]]);
    expect(later.audit.evidence).toEqual({ responses: true, scripts: true });
    // Audited once more: still dated by the visit, not by the audit in between.
    expect((keepVisit(later, ready('data.fr', '2026-12-05T10:05:00Z', [])) as Ready).visitAt).toBe('2026-12-05T10:00:00Z');
  });

  it('keeps a fresh visit as well, with what it showed beyond cookies (a later audit of the jar cannot see storage or requests)', () => {
    const beyondCookies = { storage: [{ area: 'localStorage', name: '_hjSessionUser_1' }], contacts: [{ organisation: 'Hotjar' }], coverage: { storage: true, requests: true } };
    const visit = ready('data.fr', 'a', [], { freshVisit: true });
    const later = keepVisit({ ...visit, audit: { ...visit.audit, beyondCookies } as never }, ready('data.fr', 'b', [])) as Ready;
    expect([later.freshVisit, later.visitAt]).toEqual([true, 'a']);
    expect(later.audit.beyondCookies).toBe(beyondCookies);
  });

  it('lets go of the visit when the tab left the portal, and keeps nothing when there was no visit', () => {
    expect((keepVisit(ready('data.fr', 'a', [], { consentCheck: matrix }), ready('other.fr', 'b', [])) as Ready).consentCheck).toBeUndefined();
    const plain = ready('data.fr', 'b', []);
    expect(keepVisit(ready('data.fr', 'a', []), plain)).toBe(plain);
    expect(keepVisit(undefined, plain)).toBe(plain);
  });
});
