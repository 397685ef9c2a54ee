/**
 * The Redis tier: core's async contract on ioredis, with msgpack values, key
 * namespaces, TTL on every write path and bounded failure behaviour.
 *
 * This class is the public face; the machinery is the tier's
 * {@link RedisTierCore} (client, failure policy, codec, namespace, counters,
 * life), and each concern lives in a file of its own that works on it:
 * single-key commands in `single-key.ts`, multi-key ones in `batch.ts`, clear
 * in `clear-prefix.ts`, INFO in `info.ts`, client events and ownership in
 * `lifecycle.ts`. `@cache/cluster`'s RedisClusterCache holds a core of its
 * own over a Cluster.
 * @module
 */
import type { Redis } from 'ioredis';
import type { CacheEntry, CacheStatsSnapshot, CacheTier, Duration, SetManyEntry, SetOptions } from '@cache/core';
import type { CircuitState } from '@cache/core/remote';
import { deleteMany, getMany, setMany } from './batch.js';
import { clearPrefix } from './clear-prefix.js';
import { openConnection } from './connection.js';
import { TypedEmitter, type RedisCacheEvents } from './events.js';
import { readInfo } from './info.js';
import { whenTierReady } from './lifecycle.js';
import { resolveOptions, type RedisCacheOptions } from './options.js';
import { serverStatsOf, tierStats, type RedisCacheStats, type RedisServerStats } from './server-stats.js';
import { del, expire, get, getEntry, has, increment, set, ttl } from './single-key.js';
import { RedisTierCore } from './tier-core.js';

/**
 * A cache tier on Redis (ioredis). Implements core's `CacheTier`.
 *
 * ```ts
 * const cache = new RedisCache({ url: 'redis://127.0.0.1:6380', prefix: 'users', onError: 'miss' });
 * await cache.set('42', { name: 'Ada' }, { ttl: '5m' });
 * ```
 *
 * Failure behaviour: every command settles within `commandTimeout`; while the
 * connection is down at most `offlineQueue` commands wait; after
 * `circuitBreaker.failureThreshold` consecutive failures calls fail fast until
 * a probe succeeds. `onError` decides whether failures reject (`throw`) or read
 * as misses (`miss`). Events: `error`, `circuit-open`, `circuit-close`,
 * `connect`, `disconnect`.
 *
 * `stats()`: the local counters, with the server's `size` (keys of the database, every prefix) and
 * `memoryUsage` (`used_memory`) from `INFO`, refreshed in the background (≤ every 5 s; 0 until read).
 */
export class RedisCache<V = unknown> extends TypedEmitter<RedisCacheEvents> implements CacheTier<V> {
  /** The tier's name (option `name`). */
  readonly name: string;
  /** The key prefix ('' when none). */
  readonly prefix: string;
  /** The ioredis client (yours when you passed `client`). */
  readonly client: Redis;
  readonly #t: RedisTierCore<V, Redis>;

  /**
   * @param options validated once, here
   * @throws InvalidOptionError naming the first invalid option
   */
  constructor(options: RedisCacheOptions = {}) {
    super();
    const resolved = resolveOptions(options);
    this.name = resolved.name;
    this.prefix = resolved.prefix;
    this.#t = new RedisTierCore<V, Redis>(resolved, () => openConnection(options, resolved), (event, ...args) => this.emit(event, ...args));
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

  // ---- the contract (single-key.ts, batch.ts, clear-prefix.ts) -----------

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

  /** Whether a live entry exists (Redis EXISTS). Counts neither a hit nor a miss. Alias: {@link RedisCache.exists}. */
  has(key: string): Promise<boolean> {
    return has(this.#t, key);
  }

  /** The seed's name for {@link RedisCache.has}. */
  exists(key: string): Promise<boolean> {
    return this.has(key);
  }

  getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    return getMany(this.#t, keys);
  }

  /**
   * Writes every entry in one MULTI/EXEC transaction with `SET … PX` per
   * entry: each value is written together with its TTL (never without it),
   * and no other client sees part of the batch. Nothing is sent when an entry
   * is invalid or cannot be encoded. Redis does not roll a transaction back:
   * if the server fails one SET (e.g. out of memory) the others stay, and the
   * call fails (`throw`) or resolves `false` (`miss`).
   */
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    return setMany(this.#t, entries, options);
  }

  deleteMany(keys: readonly string[]): Promise<number> {
    return deleteMany(this.#t, keys);
  }

  /**
   * Removes every key of this tier's prefix (SCAN + UNLINK in batches; never
   * KEYS). Needs a `prefix`: without one it rejects with InvalidOptionError
   * rather than touch keys it does not own (use `client.flushdb()` to wipe a
   * database on purpose).
   */
  async clear(): Promise<void> {
    await this.clearPrefix('');
  }

  /**
   * Removes the keys of this tier's namespace that start with `keyPrefix`
   * (all of them when empty) and resolves how many were removed. Glob
   * characters in the tier's prefix and in `keyPrefix` are escaped.
   */
  clearPrefix(keyPrefix = ''): Promise<number> {
    return clearPrefix(this.#t, keyPrefix);
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

  // ---- the seed's extra operations (single-key.ts, info.ts) --------------

  /**
   * Adds `by` (default 1) to the number under `key` (INCRBY, or INCRBYFLOAT
   * for fractions) and resolves the new value. A missing key counts from 0;
   * its TTL is left as it is (see {@link RedisCache.expire}). In `miss` mode a
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

  /** Parsed `INFO [section]` (the seed's `get_info`); `{}` on failure in `miss` mode. */
  info(section?: string): Promise<Record<string, string>> {
    return readInfo(this.#t, section);
  }

  /** The server's own counters (whole server). In `miss` mode, `undefined` on failure. */
  async serverStats(): Promise<RedisServerStats | undefined> {
    return serverStatsOf(await this.info());
  }

  /**
   * The seed's `get_stats`: the local snapshot plus `localHitRatio` and the
   * server's counters (`redisKeyspaceHits`, `redisKeyspaceMisses`,
   * `redisUsedMemory`, `redisConnectedClients`, `redisTotalCommandsProcessed`,
   * `redisHitRatio`), which are absent when the server could not be asked in
   * `miss` mode.
   */
  async getStats(): Promise<RedisCacheStats> {
    const server = await this.serverStats();
    return tierStats(this.stats(), server);
  }
}
