/**
 * The interface every tier implements, so tiers can be swapped and stacked.
 * @module
 */
import type { Duration } from './duration.js';
import type { CacheStatsSnapshot } from './stats.js';

/** Options of a single write. */
export interface SetOptions {
  /**
   * Time to live: milliseconds or a string like `'30s'`. Must be > 0;
   * `Infinity` means "never expires". Unset: the tier's default TTL (which
   * may be "never").
   */
  ttl?: Duration;
}

/** One entry of a batch write. */
export interface SetManyEntry<V> {
  /** The key (a non-empty string). */
  key: string;
  /** The value; `undefined` is rejected, `null` is a value. */
  value: V;
  /** This entry's TTL; overrides the batch's `ttl` option. */
  ttl?: Duration;
}

/** A value together with its remaining time to live. */
export interface CacheEntry<V> {
  /** The stored value. */
  readonly value: V;
  /**
   * Milliseconds until the entry expires, `Infinity` when it never does.
   * A copy promoted to a faster tier must not live longer than this.
   */
  readonly remainingTtl: number;
}

/**
 * The asynchronous tier contract (memory, Redis, Redis Cluster, the tiered
 * cache). Keys are non-empty strings; `undefined` is not a value.
 *
 * Bad input rejects with `InvalidArgumentError` and changes nothing.
 */
export interface CacheTier<V = unknown> {
  /** A short name for errors, stats and logs (e.g. `memory`, `redis`). */
  readonly name: string;
  /** The value under `key`, or `undefined` on a miss. Counts a hit or a miss. */
  get(key: string): Promise<V | undefined>;
  /** The value and its remaining TTL, or `undefined` on a miss. Counts a hit or a miss. */
  getEntry(key: string): Promise<CacheEntry<V> | undefined>;
  /** Stores `value`. Resolves true when stored, false when a tolerant tier could not store it. */
  set(key: string, value: V, options?: SetOptions): Promise<boolean>;
  /** Removes `key`. Resolves true when an entry was removed. */
  delete(key: string): Promise<boolean>;
  /** Whether a live entry exists. Counts neither a hit nor a miss. */
  has(key: string): Promise<boolean>;
  /** Values in the order of `keys`; `undefined` for each miss. */
  getMany(keys: readonly string[]): Promise<(V | undefined)[]>;
  /** Stores every entry; `options.ttl` applies to entries without their own. */
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean>;
  /** Removes every key; resolves how many entries were removed. */
  deleteMany(keys: readonly string[]): Promise<number>;
  /** Removes every entry this tier owns (its namespace only, for shared backends). */
  clear(): Promise<void>;
  /** A snapshot of the local counters. */
  stats(): CacheStatsSnapshot;
  /** Releases timers, sockets and memory. Always resolves; later calls reject with ClosedError. */
  close(): Promise<void>;
  /**
   * The synchronous face of an in-process tier, when it has one. The tiered
   * cache reads L1 through it so a hit costs no await.
   */
  readonly sync?: SyncCacheTier<V>;
}

/**
 * The synchronous face of an in-process tier: the same operations without
 * promises. Bad input throws `InvalidArgumentError` and changes nothing.
 */
export interface SyncCacheTier<V = unknown> {
  /** A short name for errors, stats and logs. */
  readonly name: string;
  get(key: string): V | undefined;
  getEntry(key: string): CacheEntry<V> | undefined;
  set(key: string, value: V, options?: SetOptions): boolean;
  delete(key: string): boolean;
  has(key: string): boolean;
  getMany(keys: readonly string[]): (V | undefined)[];
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): boolean;
  deleteMany(keys: readonly string[]): number;
  clear(): void;
  stats(): CacheStatsSnapshot;
  close(): void;
  /**
   * The live value under `key` without side effects: counts neither a hit
   * nor a miss and leaves recency, frequency and sliding TTLs as they are.
   * Optional: a caller that needs it falls back to `get()` (which counts)
   * when a tier does not have it. The tiered cache's `has()` reads through
   * it so asking does not make an entry look used.
   */
  peek?(key: string): V | undefined;
}

/**
 * An in-process tier that owns both faces (`MemoryCache`): the synchronous
 * contract and its asynchronous face over the same instance. The tiered
 * cache takes such a tier as a level directly and reads it without
 * awaiting; test for one with {@link isInProcessTier}.
 */
export interface InProcessCacheTier<V = unknown> extends SyncCacheTier<V> {
  /**
   * The asynchronous contract over this same instance (no copies): the same
   * object on every call, whose `sync` is this tier.
   */
  asAsync(): CacheTier<V>;
}

/**
 * Whether `tier` is an {@link InProcessCacheTier}: a synchronous tier with
 * its own asynchronous face (`asAsync()`). A `CacheTier`, even one with a
 * `sync` face, is not.
 */
export function isInProcessTier<V>(tier: CacheTier<V> | SyncCacheTier<V>): tier is InProcessCacheTier<V> {
  return typeof (tier as Partial<InProcessCacheTier<V>>).asAsync === 'function';
}

/**
 * Wraps a synchronous tier in the asynchronous contract without copying
 * values; the result exposes the original as `sync`. Synchronous throws become
 * rejections.
 */
export function toAsyncTier<V>(tier: SyncCacheTier<V>): CacheTier<V> {
  const run = <R>(fn: () => R): Promise<R> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
  };
  return {
    get name() {
      return tier.name;
    },
    sync: tier,
    get: (key) => run(() => tier.get(key)),
    getEntry: (key) => run(() => tier.getEntry(key)),
    set: (key, value, options) => run(() => tier.set(key, value, options)),
    delete: (key) => run(() => tier.delete(key)),
    has: (key) => run(() => tier.has(key)),
    getMany: (keys) => run(() => tier.getMany(keys)),
    setMany: (entries, options) => run(() => tier.setMany(entries, options)),
    deleteMany: (keys) => run(() => tier.deleteMany(keys)),
    clear: () => run(() => tier.clear()),
    stats: () => tier.stats(),
    close: () => run(() => tier.close()),
  };
}
