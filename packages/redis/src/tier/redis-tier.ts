/**
 * What both Redis tiers (`RedisCache` here, `RedisClusterCache` in
 * `@cache/cluster`) offer alike, written once: the public face of a
 * {@link RedisTierCore} — state, `ready()`, the single-key commands, stats,
 * `close()` and the seed's extras. Each tier class extends it with the
 * operations that differ between one server and a cluster (multi-key,
 * clear, INFO) and holds its core itself (passed out by `makeCore`), so
 * there are no protected members. Internal (`@cache/redis/internal`).
 * @module
 */
import type { CacheEntry, CacheStatsSnapshot, Duration, SetManyEntry, SetOptions } from '@cache/core';
import type { CircuitState } from '@cache/core/remote';
import type { RedisClient } from './connection.js';
import { TypedEmitter, type RedisCacheEvents } from './events.js';
import { whenTierReady } from './lifecycle.js';
import { serverStatsOf, type RedisServerStats } from './server-stats.js';
import { del, expire, get, getEntry, has, increment, set, ttl } from './single-key.js';
import type { Emit, RedisTierCore } from './tier-core.js';

/**
 * The writes and clears that differ between one server and a cluster: each
 * tier class passes its own to the shared face, which declares the public
 * methods once. (Not abstract members: the docs site documents only the
 * tier classes, and their own methods must not point at this internal
 * class.)
 */
export interface TierOperations<V> {
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean>;
  deleteMany(keys: readonly string[]): Promise<number>;
  clearPrefix(keyPrefix: string): Promise<number>;
  info(section?: string): Promise<Record<string, string>>;
}

/** The shared face of the Redis tiers (see the module doc); each tier class adds the multi-key operations, `clearPrefix`, `info` and `getStats` and implements core's `CacheTier`. */
export class RedisTier<V, C extends RedisClient> extends TypedEmitter<RedisCacheEvents> {
  /** The tier's name (option `name`). */
  readonly name: string;
  /** The key prefix ('' when none). */
  readonly prefix: string;
  /** The ioredis client (yours when you passed `client`). */
  readonly client: C;
  readonly #t: RedisTierCore<V, C>;
  readonly #ops: TierOperations<V>;

  /**
   * @param makeCore makes the tier's core, given the tier's `emit`
   * @param ops the tier class's own multi-key writes, clear and INFO
   */
  constructor(makeCore: (emit: Emit) => RedisTierCore<V, C>, ops: TierOperations<V>) {
    super();
    this.#t = makeCore((event, ...args) => this.emit(event, ...args));
    this.#ops = ops;
    this.name = this.#t.name;
    this.prefix = this.#t.prefix;
    this.client = this.#t.client;
  }

  /** The circuit breaker's state (`closed` when the breaker is off). */
  get circuitState(): CircuitState {
    return this.#t.policy.circuitState;
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.#t.closed;
  }

  /** Every call settles within this many ms (option `commandTimeout`). */
  get commandTimeout(): number {
    return this.#t.options.commandTimeout;
  }

  /**
   * Resolves once the connection is ready (at once when it is). Rejects
   * within `connectTimeout` with a ConnectionError naming the address when
   * Redis cannot be reached (the tier keeps reconnecting in the background),
   * and with ClosedError after close().
   */
  ready(): Promise<void> {
    return whenTierReady(this.#t);
  }

  // ---- the contract (single-key.ts; multi-key, clear and info in each tier) ----

  get(key: string): Promise<V | undefined> {
    return get(this.#t, key);
  }

  getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    return getEntry(this.#t, key);
  }

  set(key: string, value: V, options?: SetOptions): Promise<boolean> {
    return set(this.#t, key, value, options);
  }

  delete(key: string): Promise<boolean> {
    return del(this.#t, key);
  }

  /** Whether a live entry exists (Redis EXISTS). Counts neither a hit nor a miss. Alias: `exists`. */
  has(key: string): Promise<boolean> {
    return has(this.#t, key);
  }

  /** The seed's name for `has`. */
  exists(key: string): Promise<boolean> {
    return this.has(key);
  }

  /**
   * Removes every key of this tier's prefix (SCAN + UNLINK in batches; never
   * KEYS). Needs a `prefix`: without one it rejects with InvalidOptionError
   * rather than touch keys it does not own (use `client.flushdb()` to wipe a
   * database on purpose).
   */
  async clear(): Promise<void> {
    await this.#ops.clearPrefix('');
  }

  /**
   * Writes every entry, each with its TTL (`SET … PX`). On one server: one
   * MULTI/EXEC transaction, so no other client sees part of the batch; on a
   * cluster: one pipeline per node, with partial failures reported per key
   * (`ClusterBatchError`). Nothing is sent when an entry is invalid or
   * cannot be encoded. Resolves true when every entry was written; a failure
   * rejects (`throw`) or resolves `false` (`miss`).
   */
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    return this.#ops.setMany(entries, options);
  }

  /** Removes every key (UNLINK: one fenced script on one server, one per slot on a cluster) and resolves how many existed. */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#ops.deleteMany(keys);
  }

  /**
   * Removes the keys of this tier's namespace that start with `keyPrefix`
   * (all of them when empty; SCAN + UNLINK, on every master of a cluster)
   * and resolves how many were removed. Glob characters in the tier's prefix
   * and in `keyPrefix` are escaped.
   */
  clearPrefix(keyPrefix = ''): Promise<number> {
    return this.#ops.clearPrefix(keyPrefix);
  }

  stats(): CacheStatsSnapshot {
    return this.#t.snapshot(); // the server's size is refreshed in the background: stats() never waits for the server
  }

  /**
   * Completes the calls issued before it (each within its `commandTimeout`),
   * then releases the connection (when the tier owns it; a client you passed
   * stays open) and every listener it added. Always resolves; calls made
   * after it reject with ClosedError.
   */
  close(): Promise<void> {
    return this.#t.close(() => this.removeAllListeners());
  }

  // ---- the seed's extra operations (single-key.ts) ---------------------------

  /**
   * Adds `by` (default 1) to the number under `key` (INCRBY, or INCRBYFLOAT
   * for fractions) and resolves the new value. A missing key counts from 0;
   * its TTL is left as it is (see `expire`). In `miss` mode a
   * failure resolves `undefined`.
   */
  increment(key: string, by = 1): Promise<number | undefined> {
    return increment(this.#t, key, by);
  }

  /**
   * Sets the TTL of an existing key (`Infinity` removes it). Resolves whether
   * the key exists.
   */
  expire(key: string, ttl: Duration): Promise<boolean> {
    return expire(this.#t, key, ttl);
  }

  /**
   * Milliseconds until `key` expires: `Infinity` when it never does,
   * `undefined` when it does not exist (or, in `miss` mode, on failure).
   */
  ttl(key: string): Promise<number | undefined> {
    return ttl(this.#t, key);
  }

  /** The server's own counters (whole server). In `miss` mode, `undefined` on failure. */
  async serverStats(): Promise<RedisServerStats | undefined> {
    return serverStatsOf(await this.#ops.info());
  }
}
