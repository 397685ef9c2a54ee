/**
 * The Redis tier: core's async contract on ioredis, with msgpack values, key
 * namespaces, TTL on every write path and bounded failure behaviour.
 *
 * This class is the public face; each concern lives in a file of its own and
 * works on the tier's {@link TierContext} (client, failure policy, codec,
 * namespace, counters): single-key commands in `single-key.ts`, multi-key
 * ones in `batch.ts`, clear in `clear-prefix.ts`, INFO in `info.ts`, client
 * events and ownership in `lifecycle.ts`. The protected seam at the end is
 * what `@cache/cluster` builds on.
 * @module
 */
import type { Redis } from 'ioredis';
import { hitRatio, type CacheEntry, type CacheError, type CacheStatsSnapshot, type CacheTier, type Duration, type SetManyEntry, type SetOptions, type StatsRecorder } from '@cache/core';
import { deleteMany, getMany, setMany } from './batch.js';
import { clearPrefix } from './clear-prefix.js';
import { openConnection, type Connection, type RedisClient } from './connection.js';
import { TypedEmitter, type RedisCacheEvents } from './events.js';
import type { CircuitState } from './failure/circuit-breaker.js';
import { readInfo } from './info.js';
import type { KeyNamespace } from './keys.js';
import { attachClient, closeTier, whenTierReady } from './lifecycle.js';
import { resolveOptions, type RedisCacheOptions, type ResolvedOptions } from './options.js';
import { ServerSize } from './server-size.js';
import { serverStatsFromInfo, type RedisCacheStats, type RedisServerStats } from './server-stats.js';
import { del, expire, get, getEntry, has, increment, set, ttl } from './single-key.js';
import { TierContext } from './tier-context.js';

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
 *
 * `C` is the ioredis client type: `Redis` here; `@cache/cluster` reuses this
 * class over a `Cluster` (see the `connect` constructor parameter).
 */
export class RedisCache<V = unknown, C extends RedisClient = Redis> extends TypedEmitter<RedisCacheEvents> implements CacheTier<V> {
  /** The tier's name (option `name`). */
  readonly name: string;
  /** The key prefix ('' when none). */
  readonly prefix: string;
  /** The ioredis client (yours when you passed `client`). */
  readonly client: C;
  readonly #t: TierContext<V, C>;
  readonly #server: ServerSize;
  readonly #detach: () => void;
  #closing: Promise<void> | undefined;

  /**
   * @param options validated once, here
   * @param connect for subclasses over another client kind (`@cache/cluster`):
   *   makes the connection from the validated options instead of
   *   `url`/`redis`/`client`. Leave unset.
   * @throws InvalidOptionError naming the first invalid option
   */
  constructor(options: RedisCacheOptions = {}, connect?: (resolved: ResolvedOptions) => Connection<C>) {
    super();
    const resolved = resolveOptions(options);
    this.name = resolved.name;
    this.prefix = resolved.prefix;
    const open = () => (connect === undefined ? (openConnection(options, resolved) as Connection<RedisClient> as Connection<C>) : connect(resolved));
    this.#t = new TierContext<V, C>(resolved, open, (event, ...args) => this.emit(event, ...args));
    this.#server = new ServerSize(this.#t.client, resolved.clock);
    this.client = this.#t.client;
    this.#detach = attachClient(this.#t);
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
    this.#server.refresh(); // in the background: stats() never waits for the server
    return this.#t.stats.snapshot(this.#server.size, this.#server.memory);
  }

  /**
   * Completes the calls issued before it (each within its `commandTimeout`),
   * then releases the connection (when the tier owns it; a client you passed
   * stays open) and every listener it added. Always resolves; calls made
   * after it reject with ClosedError.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#t.closed = true;
    this.#closing = closeTier(this.#t, this.#detach).then(() => this.removeAllListeners());
    return this.#closing;
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
    const info = await this.info();
    return Object.keys(info).length === 0 ? undefined : serverStatsFromInfo(info);
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
    const local = this.stats();
    return Object.freeze({ ...local, localHitRatio: hitRatio(local.hits, local.misses), ...server });
  }

  // ---- subclass seam (used by @cache/cluster) ----------------------------
  // Thin protected delegates to the tier's context, so a subclass can
  // re-implement the multi-key operations with the same failure policy,
  // codec, key namespace and counters. They add no behaviour of their own.

  /** The validated options. */
  protected get settings(): Readonly<ResolvedOptions> {
    return this.#t.options;
  }

  /** The local counters (hits, misses, sets, deletes, errors). */
  protected get recorder(): StatsRecorder {
    return this.#t.stats;
  }

  /** The key namespace (user key → Redis key, SCAN pattern). */
  protected get namespace(): KeyNamespace {
    return this.#t.ns;
  }

  /** Rejects with ClosedError after close(). */
  protected assertOpen(): void {
    this.#t.assertOpen();
  }

  /** Runs one backend call under the failure policy (breaker, offline bound, timeout, error translation). */
  protected command<T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> {
    return this.#t.policy.call(operation, key, run);
  }

  /** Counts and emits `error`; throws it (`throw` mode) or returns `fallback` (`miss` mode). */
  protected failure<T>(error: unknown, operation: string, fallback: T): T {
    return this.#t.failed(error, operation, fallback);
  }

  /** Wraps what ioredis threw as a typed CacheError naming the operation and key. */
  protected translate(error: unknown, operation: string, key: string | undefined): CacheError {
    return this.#t.policy.translate(error, operation, key);
  }

  /** The server-time deadline to pass to a fenced write issued now (see `defineFencedCommands`). */
  protected writeDeadline(): number {
    return this.#t.fence.deadline();
  }

  /** Encodes a value for Redis (throws SerializationError). */
  protected encode(value: V, key: string): Buffer | string {
    return this.#t.codec.encode(value, key);
  }

  /**
   * Decodes stored bytes and counts a hit; a corrupt value is a failure (see
   * `failure`), or with `batch` a miss whose error is counted and emitted.
   */
  protected decodeHit(raw: Buffer, key: string, operation: string, batch = false): V | undefined {
    return this.#t.decodeHit(raw, key, operation, batch);
  }
}
