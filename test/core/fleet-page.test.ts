// The fleet page, section by section, on fleets written to reach each branch: what shows when a
// list is empty or long, which totals are marked bad, where each link points, and that the page's
// one script is the one its Content-Security-Policy allows.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderFleetHtml, relativeHref } from '../../src/core/fleet/fleet-html.ts';
import type { Fleet, FleetPortal } from '../../src/core/fleet/fleet-model.ts';

const portal = (host: string, over: Partial<FleetPortal> = {}): FleetPortal => ({
  host, pageUrl: `https://${host}/`, report: `${host}.html`, auditedAt: '2026-11-23T10:00:00Z', cookies: 1, undeclared: 0, declared: 1, missing: 0,
  undeclaredCookies: [], trackersBeforeConsent: [], trackersAfterRefusal: [], cautions: [],
  policy: { found: true, url: `https://${host}/terms/cookies-policy/`, sha256: 'a'.repeat(64), reason: null }, cookieNames: ['sessionid'], severity: 0, ...over,
});
const fleet = (over: Partial<Fleet> = {}): Fleet => ({
  schemaVersion: 4, generatedAt: '2026-11-23T11:00:00Z',
  totals: { portals: 1, failed: 0, withUndeclared: 0, withTrackersBeforeConsent: 0, withTrackersAfterRefusal: 0, policyFound: 1, defaultUsed: 0 },
  portals: [portal('a.example.fr')], failures: [], topUndeclared: [], skippedFiles: [], duplicates: [], ...over,
});
const section = (html: string, id: string) => new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html)?.[1];
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/\s+/g, ' ').trim();

describe('the fleet page', () => {
  it('allows its one inline script by its hash, and no other source', async () => {
    const html = await renderFleetHtml(fleet());
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'"`);
  });

  it('marks as bad only the totals of defects that are not zero', async () => {
    const html = await renderFleetHtml(fleet({ totals: { portals: 5, failed: 1, withUndeclared: 2, withTrackersBeforeConsent: 0, withTrackersAfterRefusal: 3, policyFound: 4, defaultUsed: 1 } }));
    const totals = [...section(html, 'totals')!.matchAll(/<div( class="bad")?><strong>(\d+)<\/strong>([^<]+)<\/div>/g)].map((m) => [m[3], m[2], Boolean(m[1])]);
    expect(totals).toEqual([
      ['with undeclared cookies', '2', true],
      ['with trackers before consent', '0', false],
      ['with trackers after refusal', '3', true],
      ['policy read', '4', false],
      ['default catalogue used', '1', false],
      ['not audited', '1', true],
    ]);
  });

  it('leaves out the sections that have nothing to say, and says "None." of the cookies most often undeclared', async () => {
    const html = await renderFleetHtml(fleet());
    for (const id of ['changes', 'duplicates', 'failures', 'skipped', 'setters-undeclared', 'setters-before-consent']) expect(section(html, id), id).toBeUndefined();
    expect(text(section(html, 'top')!)).toBe('Cookies most often undeclared None.');
    expect(html).not.toContain('compared with');
  });

  it('says when the previous run could not be compared, and why', async () => {
    const html = await renderFleetHtml(fleet({ comparisonError: 'previous.json is not a fleet' }));
    expect(section(html, 'changes')).toContain('<p class="bad" role="alert">Not compared: previous.json is not a fleet. Nothing can be said of what got worse since the previous run.</p>');
  });

  it('names the portals reported twice, the report kept and the one set aside', async () => {
    const html = await renderFleetHtml(fleet({ duplicates: [{ portal: 'https://a.example.fr', kept: 'b.json', dropped: 'a.json', reason: 'b.json is newer' }] }));
    expect(text(section(html, 'duplicates')!)).toBe('Portals reported twice (1) https://a.example.fr: kept b.json, set aside a.json: b.json is newer');
  });

  it('lists the scripts and responses behind undeclared cookies and trackers, with portals and cookies', async () => {
    const html = await renderFleetHtml(fleet({ topSetters: {
      undeclared: [{ setter: 'script cdn.example/tag.js', host: 'cdn.example', portals: 3, cookies: ['_trk', '_uid'] }],
      beforeConsent: [{ setter: 'response ads.example/px', host: 'ads.example', portals: 1, cookies: ['_ads'] }],
    } }));
    expect(text(section(html, 'setters-undeclared')!)).toBe('Scripts and responses most often behind undeclared cookies Set by Portals Cookie script cdn.example/tag.js 3 _trk _uid');
    expect(text(section(html, 'setters-before-consent')!)).toBe('Scripts and responses most often behind trackers set before consent Set by Portals Cookie response ads.example/px 1 _ads');
  });

  it('shows a portal’s row: each kind of finding in its own column (count, then names), the policy or why the default was used, 50 names at most, the date for people', async () => {
    const many = Array.from({ length: 53 }, (_, i) => `c${i}`);
    const html = await renderFleetHtml(fleet({ portals: [
      portal('a.example.fr', { undeclared: 53, undeclaredCookies: many, trackersBeforeConsent: ['_ga'], trackersAfterRefusal: ['_ga', '_gid'], refusalTested: true, severity: 9, policy: { found: false, url: null, sha256: null, reason: 'no policy link' } }),
      portal('b.example.fr', { refusalTested: false, policy: { found: true, url: 'javascript:alert(1)', sha256: null, reason: null } }),
      portal('c.example.fr', { policy: { found: true, url: 'HTTP://c.example.fr/p', sha256: null, reason: null } }),
    ] }));
    const rows = section(html, 'ranking')!.split('<tr>').slice(2).map((r) => r.split('<td').slice(1).map((cell) => text(`<td${cell}`)));
    expect(rows[0]!.slice(1, 3)).toEqual(['2 _ga , _gid', '1 _ga']);
    expect(rows[0]![3]).toBe(`53 ${many.slice(0, 50).join(' , ')} and 3 more`);
    expect(rows[0]![4]).toBe('default (no policy link)');
    expect(rows[0]![5]).toBe('23 November 2026 at 10:00');
    expect(html).toContain('<td class="num" data-value="2"><span class="bad">2</span>');
    expect(rows[1]![1]).toBe('not tested');
    expect(rows[1]![4]).toBe('policy');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="HTTP://c.example.fr/p">policy</a>');
    expect(rows[2]!.slice(1, 4)).toEqual(['0', '0', '0']);
  });

  it('makes every column sortable, numbers as numbers', async () => {
    const html = await renderFleetHtml(fleet());
    const heads = [...html.matchAll(/<button type="button" data-col="(\d)" data-type="(\w+)">([^<]+)<\/button>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(heads).toEqual(['0 text Portal', '1 number Trackers after refusal', '2 number Trackers before consent', '3 number Undeclared cookies', '4 text Catalogue', '5 text Audited on']);
  });

  it('speaks French when asked, dates included, with no English word of its own', async () => {
    const html = await renderFleetHtml(fleet({ portals: [portal('a.example.fr', { refusalTested: false })] }), undefined, { language: 'fr', timeZone: 'Europe/Paris' });
    const words = text(html.replace(/<script[\s\S]*?<\/script>/g, ''));
    expect(html).toContain('<html lang="fr">');
    expect(words).toContain('Portails, du pire au meilleur');
    expect(words).toContain('non testé');
    expect(words).toContain('23 novembre 2026 à 11:00');
    for (const english of ['Portals', 'worst first', 'not tested', 'Filter', 'shown', 'with undeclared', 'Merged', 'None.']) expect(words, english).not.toContain(english);
  });
});

describe('links to the reports', () => {
  it('keeps every link relative to the fleet’s folder, whatever the folder is called', () => {
    expect(relativeHref('one.html')).toBe('./one.html');
    expect(relativeHref('shard 1/one.html')).toBe('./shard%201/one.html');
    expect(relativeHref('shard\\one.html')).toBe('./shard/one.html');
    expect(relativeHref('./one.html')).toBe('./one.html');
    expect(relativeHref('../other/one.html')).toBe('../other/one.html');
    expect(relativeHref('javascript:alert(1)/x.html')).toBe('./javascript%3Aalert(1)/x.html');
    expect(relativeHref('a/../b/./c.html')).toBe('./a/../b/./c.html');
    expect(relativeHref('.../x.html')).toBe('./.../x.html');
  });
});
