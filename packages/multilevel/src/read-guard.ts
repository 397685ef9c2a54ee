/**
 * Read guards: a read that overlaps a write, delete, clear or invalidation
 * of its key must not promote what it found (the value may be older than the
 * write that raced it, and promoting it would resurrect it in a faster
 * level). Per key, and only while reads of that key are in flight, so the
 * bookkeeping is bounded by the reads in flight, and writes to other keys
 * never cost a promotion.
 * @module
 */

interface Guard {
  /** Reads of the key in flight. */
  count: number;
  /** Bumped by every write or invalidation of the key while reads are in flight. */
  version: number;
}

/** The guards of one cache. */
export class ReadGuards {
  readonly #reads = new Map<string, Guard>();

  /** Starts a read of `key`; returns the token `valid()` checks. Pair with `end()`. */
  begin(key: string): number {
    let guard = this.#reads.get(key);
    if (guard === undefined) {
      guard = { count: 0, version: 0 };
      this.#reads.set(key, guard);
    }
    guard.count++;
    return guard.version;
  }

  /** Ends a read of `key`. */
  end(key: string): void {
    const guard = this.#reads.get(key);
    if (guard !== undefined && --guard.count === 0) this.#reads.delete(key);
  }

  /** Whether nothing wrote or invalidated `key` since the read that got `token` began. */
  valid(key: string, token: number): boolean {
    return this.#reads.get(key)?.version === token;
  }

  /** Records a write, delete or invalidation of `keys`. */
  touch(keys: readonly string[]): void {
    if (this.#reads.size === 0) return;
    for (const key of keys) {
      const guard = this.#reads.get(key);
      if (guard !== undefined) guard.version++;
    }
  }

  /** Records a clear: every read in flight is invalidated. */
  touchAll(): void {
    for (const guard of this.#reads.values()) guard.version++;
  }

  /** Keys with reads in flight. */
  get size(): number {
    return this.#reads.size;
  }
}
