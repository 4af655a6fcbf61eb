// The browser rule that keeps the extension's own requests off private addresses says what
// isPrivateHost says, for every kind of host a redirect may name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../src/net/address-kind.ts';
import { OWN_REQUESTS_RULE_IDS, PRIVATE_ADDRESS_URLS, ownRequestsRules } from '../../src/net/private-address-rule.ts';
import { OwnRequests } from '../../src/browser/own-requests.ts';

const patterns = PRIVATE_ADDRESS_URLS.map((p) => new RegExp(p));
/** As the browser matches them: the URL normalised (lower-case host, IPv6 compressed). */
const refused = (url: string) => patterns.some((p) => p.test(new URL(url).href));

describe('the own-requests rule', () => {
  it('refuses exactly the private hosts, whatever the scheme, port, path or user info', () => {
    const hosts = ['127.0.0.1', '127.0.0.2', '10.1.2.3', '172.16.0.1', '172.31.255.255', '172.32.0.1', '172.15.0.1', '192.168.1.1', '192.169.1.1', '169.254.169.254', '100.64.0.1', '100.128.0.1', '0.0.0.0', '8.8.8.8', '1.127.0.0', 'localhost', 'portal.localhost', 'LOCALHOST.', 'localhost.example', 'data.toulouse-metropole.fr', '127.0.0.1.nip.io', '[::1]', '[::]', '[fd00::1]', '[fe80::1]', '[2001:db8::1]', '[::ffff:127.0.0.1]', '[::ffff:8.8.8.8]'];
    for (const host of hosts) {
      for (const url of [`http://${host}/`, `https://${host}:8443/terms/cookies-policy/?x=1`, `http://user:pw@${host}/p#f`]) {
        const expected = isPrivateHost(new URL(url).hostname) || /^\[::ffff:/.test(host);
        expect(refused(url), url).toBe(expected);
      }
    }
  });

  it('agrees with isPrivateHost on any IPv4 address', () => {
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (ip, port) => refused(`http://${ip}:${port}/x`) === isPrivateHost(ip)));
  });

  it('is scoped to requests from no tab, and lets private portals fetched meanwhile read their own host', () => {
    const rules = ownRequestsRules([]);
    expect(rules.map((r) => r.id)).toEqual(OWN_REQUESTS_RULE_IDS);
    expect(rules.every((r) => r.action.type === 'block' && r.condition.tabIds.join() === '-1' && !r.condition.excludedRequestDomains)).toBe(true);
    for (const rule of ownRequestsRules(['127.0.0.1', 'Intranet.localhost', '127.0.0.1', '[::1]'])) expect(rule.condition.excludedRequestDomains).toEqual(['127.0.0.1', '::1', 'intranet.localhost']);
  });
});

describe('the rule held while public portals are fetched', () => {
  function recorder() {
    const states: (string[] | null)[] = [];
    return {
      states,
      api: {
        async updateSessionRules({ addRules = [] }: { addRules?: { condition: { excludedRequestDomains?: string[] } }[] }) {
          states.push(addRules.length ? (addRules[0]!.condition.excludedRequestDomains ?? []) : null);
        },
      },
    };
  }

  it('is there from the first public fetch until the last one ends, and never for private portals alone', async () => {
    const { states, api } = recorder();
    const own = new OwnRequests(api);
    await own.around('http://127.0.0.1:8080/terms/', undefined, async () => 'private');
    expect(states).toEqual([null, null]);
    states.length = 0;
    let endFirst!: () => void;
    const first = own.around('https://data.example.fr/terms/', undefined, () => new Promise<void>((resolve) => (endFirst = resolve)));
    await new Promise((r) => setTimeout(r, 0));
    const second = own.around('https://other.example.fr/terms/', undefined, async () => {
      // A private portal's fetch meanwhile: its own host stays open.
      await own.around('http://intranet.localhost/terms/', undefined, async () => undefined);
    });
    await second;
    expect(states.at(-1)).toEqual([]);
    endFirst();
    await first;
    expect(states).toEqual([[], [], ['intranet.localhost'], [], [], null]);
  });

  it('takes a page\'s answer on private addresses over the address itself', async () => {
    const { states, api } = recorder();
    // A link on a public portal's page to a private address: the rule is up for it.
    await new OwnRequests(api).around('http://10.0.0.5/policy', false, async () => undefined);
    expect(states).toEqual([[], null]);
  });
});
