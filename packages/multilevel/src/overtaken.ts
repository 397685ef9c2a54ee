/**
 * Loaded values that another instance's write may have overtaken.
 *
 * The race (measured with `pnpm bench:outage`, on a hot key, ~2% writes):
 * instance b misses key k and its loader reads the database (version 1);
 * meanwhile instance a writes version 2 to the database and then to the
 * shared level (Redis), and queues its invalidation; b's loader returns,
 * and b stores version 1 into the shared level **after** a's write. The
 * shared level then holds the older value until the next write of k or its
 * TTL, and every instance that misses its L1 reads it (both instances served
 * version 1 for over a second, until the key's next write). b's read guard
 * cannot see this: a's message reaches b only after b's store began, and
 * nothing orders b's store against a's write at the server.
 *
 * So each store of a loaded value into a shared level is remembered here for
 * {@link OVERTAKE_WINDOW} ms. When a message from another instance about the
 * key (or a `clear`) arrives in that window, the order of the two writes at
 * the server is unknown, so the loaded value is removed from every level
 * (after the store, in the key's write order) and its delete published: the
 * next read loads afresh. When the other write came after the store, the
 * removal costs one extra load of the key, nothing else; a delete never
 * brings back an older value.
 *
 * While this instance may miss messages (before its first subscription, and
 * from a lost subscription until the bus is back), a store's exposure does
 * not end after the window: the message that would have told about an
 * overtaking write may be the one missed, however long ago the store was.
 * Every store from {@link OVERTAKE_WINDOW} before the loss until the
 * subscription holds again is kept (up to {@link MAX_TRACKED_STORES}) and
 * removed when it does. A store forgotten past that bound, during an outage
 * with more loads than it, stays at risk until the key's TTL.
 * @module
 */

/**
 * How long a store of a loaded value stays exposed, ms: longer than an
 * invalidation normally takes from the writer's level write to another
 * instance (a queued publish, one bus round trip; the outbox gives up on a
 * publish after 5 s and retries 1 s later), so an overtaking write's
 * message arrives within it. A longer window only costs extra loads of keys
 * that other instances write within it after they were loaded here.
 */
export const OVERTAKE_WINDOW = 10_000;
/** Stores remembered at most; past it the oldest is forgotten (bounded memory under a burst of loads). */
export const MAX_TRACKED_STORES = 10_000;

/** The loaded values this instance stored into shared levels recently, by key. */
export class LoadedStores {
  /** Key → when its store began (clock ms); insertion order is time order. */
  readonly #began = new Map<string, number>();
  readonly #now: () => number;
  /**
   * Since when messages may have been missed (clock ms; undefined: the
   * subscription holds): stores are then not forgotten by age.
   */
  #missingSince: number | undefined;

  /** Starts as if messages were being missed: nothing is heard before the first subscription. */
  constructor(now: () => number) {
    this.#now = now;
    this.#missingSince = now();
  }

  /** Messages may be missed from now on (the subscription was lost), until {@link overtaken}(undefined). */
  missing(): void {
    this.#missingSince ??= this.#now();
  }

  /** A store of a loaded value of `key` into the shared levels is about to begin. */
  began(key: string): void {
    const now = this.#now();
    this.#began.delete(key); // re-inserted last: the map stays in time order
    this.#began.set(key, now);
    this.#forget(now);
  }

  /**
   * Another instance wrote `keys` (undefined: cleared everything, or the
   * subscription holds again after messages may have been missed): returns
   * the keys whose loaded value stored here may be older than that write,
   * and forgets them.
   */
  overtaken(keys: readonly string[] | undefined): string[] {
    if (this.#began.size === 0) {
      if (keys === undefined) this.#missingSince = undefined;
      return [];
    }
    this.#forget(this.#now());
    if (keys === undefined) {
      this.#missingSince = undefined;
      const all = [...this.#began.keys()];
      this.#began.clear();
      return all;
    }
    const found: string[] = [];
    for (const key of keys) if (this.#began.delete(key)) found.push(key);
    return found;
  }

  /** Stores remembered now. */
  get size(): number {
    return this.#began.size;
  }

  /** Drops stores older than the window (unless messages may have been missed since), and the oldest past the bound. */
  #forget(now: number): void {
    const since = Math.min(now, this.#missingSince ?? now);
    for (const [key, at] of this.#began) {
      if (since - at <= OVERTAKE_WINDOW && this.#began.size <= MAX_TRACKED_STORES) break;
      this.#began.delete(key);
    }
  }
}
