// The writes a recorder keeps, in the order they came, each kind up to its own cap: a page that
// floods document.cookie never evicts the response that set a tracker, nor the other way round.
import type { CookieWrite } from './cookie-writes.ts';

/** Beyond this many writes of one kind (responses, scripts) in a state, a page is flooding: the first ones are kept. */
export const MAX_WRITES_PER_KIND = 5_000;

const kindOf = (w: CookieWrite) => (w.kind === 'response' ? 'response' : 'script');

export class WriteLog {
  private writes: CookieWrite[] = [];
  private readonly counts = { response: 0, script: 0 };
  constructor(private readonly cap = MAX_WRITES_PER_KIND) {}

  push(w: CookieWrite | undefined): void {
    if (!w) return;
    const kind = kindOf(w);
    if (this.counts[kind] >= this.cap) return;
    this.counts[kind]++;
    this.writes.push(w);
  }

  all(): CookieWrite[] {
    return [...this.writes];
  }

  clear(): void {
    this.writes = [];
    this.counts.response = 0;
    this.counts.script = 0;
  }
}
