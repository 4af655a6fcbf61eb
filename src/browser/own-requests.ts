// Holds the browser rules of src/net/private-address-rule.ts while the extension fetches anything
// for a portal on a public host; counts the fetches, so the rules go when the last one ends.
import { isPrivateHost } from '../net/address-kind.ts';
import { OWN_REQUESTS_RULE_IDS, type OwnRequestsRule, ownRequestsRules } from '../net/private-address-rule.ts';

export interface RuleApi {
  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: OwnRequestsRule[] }): Promise<void>;
}

export class OwnRequests {
  private publicFetches = 0;
  private readonly privateHosts = new Map<string, number>();
  private update: Promise<void> = Promise.resolve();

  constructor(private readonly rules: RuleApi | undefined) {}

  /** Runs `fetch` of `url`; `allowPrivate` as fetchText takes it (undefined: whether `url` itself is private). */
  async around<T>(url: string, allowPrivate: boolean | undefined, fetch: () => Promise<T>): Promise<T> {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return fetch(); // fetchText answers a malformed address itself
    }
    const isPublic = !(allowPrivate ?? isPrivateHost(host));
    if (isPublic) this.publicFetches++;
    else this.privateHosts.set(host, (this.privateHosts.get(host) ?? 0) + 1);
    await this.apply();
    try {
      return await fetch();
    } finally {
      if (isPublic) this.publicFetches--;
      else if (this.privateHosts.get(host) === 1) this.privateHosts.delete(host);
      else this.privateHosts.set(host, this.privateHosts.get(host)! - 1);
      await this.apply();
    }
  }

  /** One update at a time, each from the counts as they are when it runs. */
  private apply(): Promise<void> {
    this.update = this.update.then(async () => {
      if (!this.rules) return;
      const addRules = this.publicFetches > 0 ? ownRequestsRules([...this.privateHosts.keys()]) : [];
      await this.rules.updateSessionRules({ removeRuleIds: [...OWN_REQUESTS_RULE_IDS], addRules }).catch(() => undefined);
    });
    return this.update;
  }
}
