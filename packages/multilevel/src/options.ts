/**
 * Options of the tiered cache and their defaults (validated in
 * resolve-options.ts).
 * @module
 */
import {
  callOptionNames,
  parseDuration,
  ttlOf,
  type CacheTier,
  type Clock,
  type Duration,
  type InvalidationBus,
  type LoadLock,
  type SetOptions,
  type SyncCacheTier,
} from '@cache/core';

/** Default name of the cache (errors, stats, and the bus namespace). */
export const DEFAULT_NAME = 'multilevel';
/** Default grace period: 0, no stale values are kept. */
export const DEFAULT_GRACE = 0;
/** Default soft timeout of loaders: none. */
export const DEFAULT_SOFT_TIMEOUT = Infinity;
/** Default hard timeout of loaders: none. */
export const DEFAULT_HARD_TIMEOUT = Infinity;
/** Default pause before retrying a failed bus subscription, ms. */
export const DEFAULT_RESUBSCRIBE_DELAY = 1000;
/** Default lease of the cross-process load lock, ms: longer than a load should take. */
export const DEFAULT_LOCK_TTL = 10_000;
/** Default longest wait for another instance's load before loading anyway, ms. */
export const DEFAULT_LOCK_WAIT = 15_000;
/** Default pause between a lock waiter's re-reads of the levels, ms. */
export const DEFAULT_LOCK_POLL_INTERVAL = 50;
/** Default longest life of a write in the healthy levels while another level is failing, ms. */
export const DEFAULT_DEGRADED_TTL = 5000;
/** Default pause between probes of a failing level (and between retries of failed bus publishes), ms. */
export const DEFAULT_RECOVERY_INTERVAL = 1000;
/** Default bound of the writes recorded per failing level for repair (distinct keys). */
export const DEFAULT_MAX_REPAIRS = 10_000;
/** Bound of the keys waiting to be published; beyond it they become one `clear` message. */
export const MAX_PENDING_PUBLISHES = 10_000;

/** Options of one write: core's `ttl`, plus this write's grace period. */
export interface MultiLevelSetOptions extends SetOptions {
  /** How long the value stays servable as stale by `getOrSet` after `ttl`. @default the cache's `grace` */
  grace?: Duration;
}

/** The options of `set` and `setMany`: any other name is refused. */
export const MULTILEVEL_SET_OPTIONS = callOptionNames<MultiLevelSetOptions>({ ttl: true, grace: true });

/**
 * The ttl and grace of one `set`/`setMany` call, in ms; unset ones take `defaults`.
 * @throws InvalidArgumentError for options that are not an object, a name `method` does not take, or a bad duration
 */
export function resolveWriteOptions(options: MultiLevelSetOptions | undefined, method: 'set' | 'setMany', defaults: { ttl: number; grace: number }): { ttl: number; grace: number } {
  const ttl = ttlOf(options, method, MULTILEVEL_SET_OPTIONS) ?? defaults.ttl;
  const grace = options?.grace === undefined ? defaults.grace : parseDuration(options.grace, 'grace', { allowInfinity: true, kind: 'argument' });
  return { ttl, grace };
}

/** What the cache was doing when it absorbed a failure. */
export type AbsorbedOperation =
  | 'read'
  | 'write'
  | 'promote'
  | 'cleanup'
  | 'invalidate'
  | 'publish'
  | 'subscribe'
  | 'load'
  | 'store'
  | 'lock'
  | 'repair';

/**
 * A failure the cache absorbed instead of throwing: a level read as a miss,
 * a level that failed a write (`'write'`: the others were written and the
 * level is repaired when it returns), a replay to a returning level that
 * failed (`'repair'`),
 * a promotion or cleanup that did not happen, a bus failure, a loader
 * failure answered with a stale value, a loaded value that could not be
 * stored, a load lock that could not be acquired or released (`'lock'`: the
 * value was loaded without it). Reported to `onError` (and counted in the stats).
 */
export interface AbsorbedError {
  /** What was being done. */
  readonly operation: AbsorbedOperation;
  /** The level's name, `'bus'`, `'lock'`, or undefined for the loader. */
  readonly level: string | undefined;
  /** The key concerned, when there is one. */
  readonly key: string | undefined;
  /** What was thrown; undefined when a level resolved false (not stored) or held something else than an envelope. */
  readonly error: unknown;
}

/** One level of the cache, fastest first in {@link MultiLevelCacheOptions.levels}. */
export interface LevelOptions {
  /** The level's name in stats and errors (`l1`, `redis`…); unique within the cache. */
  name: string;
  /**
   * The tier: a `CacheTier` (e.g. `RedisCache`), a `CacheTier` with a `sync`
   * face (e.g. `memoryCache.asAsync()`), or core's `InProcessCacheTier` (a
   * synchronous tier with its own `asAsync()`, e.g. a `MemoryCache` itself).
   * A level with a synchronous face is read without awaiting, so an L1 hit
   * costs no extra microtask, and `has()` reads it through its `peek()` when
   * it has one. Another synchronous tier: wrap it with core's
   * `toAsyncTier()` to get that (given bare, it works but is read like a
   * remote tier and counts as `shared`). Levels hold `StoredEntry`
   * envelopes (`{ v, e }`), not bare values.
   */
  tier: CacheTier<any> | SyncCacheTier<any>;
  /**
   * The longest time a copy lives at this level (writes and promotions are
   * capped to it), e.g. `'30s'` for an L1 that should not keep values long.
   * Unset or `Infinity`: no cap.
   */
  maxTtl?: Duration;
  /**
   * Whether other instances see this level's contents (Redis: true; process
   * memory: false). Levels that are not shared are the ones the invalidation
   * bus clears. @default false for a level with a synchronous face, true otherwise
   */
  shared?: boolean;
}

/** Options of a {@link MultiLevelCache}. */
export interface MultiLevelCacheOptions {
  /** The levels, fastest first (at least one). */
  levels: readonly LevelOptions[];
  /** The cache's name in errors and stats. @default 'multilevel' */
  name?: string;
  /** TTL of writes that give none (ms or `'5m'`). Unset or `Infinity`: values never expire. */
  defaultTtl?: Duration;
  /**
   * How long an entry is kept after its logical expiry so `getOrSet` can
   * serve it when the loader fails, times out, or is slower than
   * `softTimeout`. Plain `get` never returns such a stale value. 0: off.
   * @default 0
   */
  grace?: Duration;
  /**
   * `getOrSet`: when a stale value exists and the loader is slower than this,
   * the stale value is returned and the loader finishes in the background.
   * 0: always answer with the stale value at once and refresh in the
   * background. Unset or `Infinity`: wait for the loader.
   * @default Infinity
   */
  softTimeout?: Duration;
  /**
   * `getOrSet`: a loader slower than this fails with core's `TimeoutError`
   * (or, within grace, the stale value is returned). Its late result is
   * dropped, and its `signal` aborts. Unset or `Infinity`: no limit.
   * @default Infinity
   */
  hardTimeout?: Duration;
  /**
   * An invalidation bus (e.g. `@cache/redis`'s `RedisInvalidationBus`)
   * shared by the instances that share the slower levels: every write,
   * delete and clear is published, and messages from other instances drop
   * the keys from this instance's local (not `shared`) levels. The cache
   * subscribes but does not own the bus: `close()` leaves it open.
   */
  bus?: InvalidationBus;
  /** The bus namespace; instances that share data must use the same one. @default the cache's `name` */
  namespace?: string;
  /** Time source for logical expiry (ms since the Unix epoch when instances share levels). @default systemClock */
  clock?: Clock;
  /**
   * Called with every failure the cache absorbs (see {@link AbsorbedError}),
   * e.g. to log a Redis outage the reads survive. Nothing is printed
   * otherwise; the stats count them either way. Exceptions it throws are ignored.
   */
  onError?: (event: AbsorbedError) => void;
  /**
   * Stampede protection across processes (e.g. `@cache/redis`'s
   * `RedisLoadLock` on the Redis the instances share). When `getOrSet`
   * misses on every level, the instance first takes the lock of the key:
   * the holder loads, stores and releases; the others wait (re-reading the
   * levels every `lockPollInterval`, and at once when the bus announces the
   * key) until the value appears, then answer with it — one loader call
   * across every instance. A waiter that gets nothing within `lockWait`
   * loads anyway, and a lock that fails (Redis down) means "load without
   * it" (reported to `onError` as `'lock'`): the lock can delay a load,
   * never prevent it. Unset: single flight per instance only.
   */
  lock?: LoadLock;
  /**
   * The lease of the load lock: a holder that dies (or hangs) blocks the
   * other instances' loads of that key for at most this long. Make it longer
   * than a load takes (or than `hardTimeout`): past it, a second instance
   * may load too.
   * @default 10000 (10 s)
   */
  lockTtl?: Duration;
  /**
   * How long a `getOrSet` waits for another instance's load before loading
   * itself (the waiter also takes the lock if the holder's lease expires
   * first). Spent before the loader's own `hardTimeout` starts; a stale
   * value is still served after `softTimeout` while waiting. 0: never wait
   * (load at once when another instance holds the lock).
   * @default 15000 (15 s)
   */
  lockWait?: Duration;
  /** How often a lock waiter re-reads the levels and retries the lock (a bus message for the key wakes it sooner). @default 50 (ms) */
  lockPollInterval?: Duration;
  /**
   * While a level is failing (an operation on it failed for another reason
   * than bad input, e.g. Redis is down), writes and loads still fill the
   * other levels, but the levels faster than it keep them for no longer
   * than this: a copy the failing level lacks is never served for long.
   * The failing level is repaired when it returns. `Infinity`: no cap.
   * @default 5000 (5 s)
   */
  degradedTtl?: Duration;
  /**
   * How often a failing level is probed (the probe replays the writes it
   * missed, then the level is used again), and how long failed bus
   * publishes wait before they are sent again.
   * @default 1000 (1 s)
   */
  recoveryInterval?: Duration;
  /**
   * The most writes (distinct keys; last write wins, deletes included)
   * recorded per failing level for repair. Beyond it the oldest record is
   * dropped (counted in `repairsDropped`): that key keeps, at that level,
   * the value it had before the outage until it expires there.
   * @default 10000
   */
  maxRepairs?: number;
}
