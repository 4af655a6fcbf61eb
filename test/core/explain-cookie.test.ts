// How a cookie's name is explained from what is known about it, on a small database written for
// each rule: the cookie's own domain before a generic entry before another site's, exact names
// before prefixes, the platform's own prefixes first, then the longest.
import { describe, expect, it } from 'vitest';
import { CookieKnowledge } from '../../src/core/explain/explain-cookie.ts';
import type { KnownCookie } from '../../src/core/explain/known-cookies.ts';

const known = (name: string, domain: string, platform: string, prefix = false): KnownCookie => ({
  platform, category: 'Analytics', name, domain, description: `${platform} cookie`, retention: '1 year', controller: platform, prefix, source: 'open-cookie-database',
});

describe('explaining a cookie by its name', () => {
  it('takes the entry of the cookie’s own site, else a generic one, else another site’s and says so', () => {
    const knowledge = new CookieKnowledge([
      known('zz_id', 'other.example (3rd party)', 'Other'),
      known('zz_id', '.tracker.example', 'Tracker'),
      known('zz_id', ' (any) ', 'Generic'),
    ]);
    expect(knowledge.explain('zz_id', 'cdn.tracker.example')).toMatchObject({ platform: 'Tracker', matchedBy: 'exact', otherDomain: false, name: 'zz_id', source: 'open-cookie-database' });
    expect(knowledge.explain('zz_id', 'TRACKER.example.')).toMatchObject({ platform: 'Tracker' });
    expect(knowledge.explain('zz_id', 'data.portal.fr')).toMatchObject({ platform: 'Generic', otherDomain: false });
    const onlyOthers = new CookieKnowledge([known('zz_x', 'first.example', 'First'), known('zz_x', 'second.example', 'Second')]);
    expect(onlyOthers.explain('zz_x', 'data.portal.fr')).toMatchObject({ platform: 'First', otherDomain: true });
    expect(onlyOthers.explain('zz_x', 'www.second.example')).toMatchObject({ platform: 'Second', otherDomain: false });
  });

  it('gives every field of the entry chosen', () => {
    const entry: KnownCookie = { platform: 'P', category: 'Marketing', name: 'zz_full', domain: '', description: 'd', retention: 'r', controller: 'c', prefix: false, source: 'open-cookie-database' };
    expect(new CookieKnowledge([entry]).explain('zz_full', 'a.example')).toEqual({ platform: 'P', category: 'Marketing', description: 'd', retention: 'r', controller: 'c', name: 'zz_full', matchedBy: 'exact', otherDomain: false, source: 'open-cookie-database' });
  });

  it('prefers an exact name to a prefix, the longest prefix to a shorter, and the own site among equally long ones', () => {
    const knowledge = new CookieKnowledge([
      known('zz_', '', 'Short', true),
      known('zz_ab', 'x.example', 'LongOther', true),
      known('zz_ab', 'site.example', 'LongOwn', true),
      known('zz_abc', '', 'Exact'),
      known('', '', 'Empty', true),
    ]);
    expect(knowledge.explain('zz_abc', 'site.example')).toMatchObject({ platform: 'Exact', matchedBy: 'exact' });
    expect(knowledge.explain('zz_abcd', 'site.example')).toMatchObject({ platform: 'LongOwn', matchedBy: 'prefix', name: 'zz_ab' });
    expect(knowledge.explain('zz_abcd', 'y.example')).toMatchObject({ platform: 'LongOther', otherDomain: true });
    expect(knowledge.explain('zz_q', 'y.example')).toMatchObject({ platform: 'Short', name: 'zz_' });
    expect(knowledge.explain('nothing_known_here', 'y.example')).toBeUndefined();
  });

  it('takes the platform’s own entries first, by exact name and by prefix, whatever the database says', () => {
    const knowledge = new CookieKnowledge([known('csrftoken', 'data.portal.fr', 'Django elsewhere'), known('_BEAMER_USER', '', 'Database Beamer', true)]);
    expect(knowledge.explain('csrftoken', 'data.portal.fr')).toMatchObject({ platform: 'Opendatasoft', source: 'opendatasoft-platform' });
    expect(knowledge.explain('_BEAMER_USER_ID_x', 'data.portal.fr')).toMatchObject({ platform: 'Opendatasoft', matchedBy: 'prefix', name: '_BEAMER' });
  });
});
