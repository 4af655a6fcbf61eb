// The writes a recorder keeps, in the order they came, each kind up to its own cap: a page that
// floods document.cookie never evicts the response that set a tracker, nor the other way round.
import type { CookieWrite } from './cookie-writes.ts';

/** Beyond this many writes of one kind (responses, scripts) in a state, a page is flooding: the first ones are kept. */
export const MAX_WRITES_PER_KIND = 5_000;

/** Items in the order they came, each kind up to `cap`: the first ones are kept. */
export class CappedLog<T, K extends string> {
  private items: T[] = [];
  private readonly counts = new Map<K, number>();
  constructor(private readonly kindOf: (item: T) => K, private readonly cap: number) {}

  push(item: T | undefined): void {
    if (item === undefined) return;
    const kind = this.kindOf(item);
    const count = this.counts.get(kind) ?? 0;
    if (count >= this.cap) return;
    this.counts.set(kind, count + 1);
    this.items.push(item);
  }

  all(): T[] {
    return [...this.items];
  }

  get length(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
    this.counts.clear();
  }
}

export class WriteLog extends CappedLog<CookieWrite, 'response' | 'script'> {
  constructor(cap = MAX_WRITES_PER_KIND) {
    super((w) => (w.kind === 'response' ? 'response' : 'script'), cap);
  }
}
