// One portal on several names: where the names differ, as the scan reports it.
import { describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { comparePortalNames, platformId } from '../../src/core/portal/compare-names.ts';
import type { CatalogueSource, Cookie } from '../../src/core/types.ts';

const audit = (host: string, names: string[], source: CatalogueSource) =>
  auditJar({ cookies: names.map((name): Cookie => ({ name, value: 'v', domain: host, path: '/' })), pageUrl: `https://${host}/`, entries: [{ pattern: 'sessionid' }], source, now: new Date('2026-11-23T10:00:00Z') });

describe('one portal on several names', () => {
  it('knows the platform id of its names, Huwise and cluster names included', () => {
    expect(['dataeducation.opendatasoft.com', 'dataeducation.huwise.com', 'DataEducation.outscale-euw2.opendatasoft.com'].map(platformId)).toEqual(['dataeducation', 'dataeducation', 'dataeducation']);
    expect(platformId('data.education.gouv.fr')).toBeUndefined();
  });

  it('groups the custom domain with the platform names and says where a policy and trackers differ', () => {
    const policy: CatalogueSource = { kind: 'portal', url: 'https://data.education.gouv.fr/terms/cookies-policy/' };
    const groups = comparePortalNames([
      { host: 'data.education.gouv.fr', platformHost: 'dataeducation.opendatasoft.com', audit: audit('data.education.gouv.fr', ['sessionid'], policy) },
      { host: 'dataeducation.huwise.com', audit: audit('dataeducation.huwise.com', ['sessionid', '_pk_id.1.ab', 'intercom-id'], { kind: 'default', reason: 'no-policy-link' }) },
      { host: 'other.opendatasoft.com', audit: audit('other.opendatasoft.com', [], policy) },
    ]);
    expect(groups).toEqual([{
      portal: 'dataeducation',
      names: ['data.education.gouv.fr', 'dataeducation.huwise.com'],
      differences: [
        'catalogue: policy read at https://data.education.gouv.fr/terms/cookies-policy/ on data.education.gouv.fr; embedded default (no-policy-link) on dataeducation.huwise.com',
        'trackers set on dataeducation.huwise.com only: _pk_id.1.ab',
        'cookies set on dataeducation.huwise.com only: intercom-id',
        'undeclared: 0 on data.education.gouv.fr, 2 on dataeducation.huwise.com',
      ],
    }]);
  });
});
