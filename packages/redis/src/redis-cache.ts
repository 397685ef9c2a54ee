/**
 * The Redis tier: core's async contract on ioredis, with msgpack values, key
 * namespaces, TTL on every write path and bounded failure behaviour.
 * @module
 */
import type { Redis } from 'ioredis';
import {
  ClosedError,
  CounterStatsRecorder,
  InvalidArgumentError,
  InvalidOptionError,
  assertKey,
  assertKeys,
  assertValue,
  hitRatio,
  isCacheError,
  parseTtl,
  describeValue,
  type CacheEntry,
  type CacheError,
  type CacheStatsSnapshot,
  type CacheTier,
  type Duration,
  type SetManyEntry,
  type SetOptions,
  type StatsRecorder,
} from '@cache/core';
import { closeClient, openConnection, type Connection, type RedisClient } from './connection.js';
import { TypedEmitter, type RedisCacheEvents } from './events.js';
import type { CircuitState } from './failure/circuit-breaker.js';
import { CallPolicy, type CallToken } from './failure/call-policy.js';
import { KeyNamespace } from './keys.js';
import { DEFAULT_SCAN_COUNT, resolveOptions, type RedisCacheOptions, type ResolvedOptions } from './options.js';
import { ValueCodec } from './serialization/codec.js';
import { parseInfo, serverStatsFromInfo, type RedisServerStats } from './server-stats.js';

/** The seed's `get_stats`: local counters merged with the server's. */
export interface RedisCacheStats extends CacheStatsSnapshot, Partial<RedisServerStats> {
  /** Same as `hitRatio` (the seed's `local_hit_ratio`). */
  readonly localHitRatio: number;
}

type Payload = Buffer | string;

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
 * `stats()` is the local snapshot; its `size` and `memoryUsage` are 0 (the
 * server is shared: see {@link RedisCache.getStats}).
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
  readonly #options: ResolvedOptions;
  readonly #ns: KeyNamespace;
  readonly #codec: ValueCodec;
  readonly #stats: CounterStatsRecorder;
  readonly #policy: CallPolicy;
  readonly #owned: boolean;
  readonly #miss: boolean;
  readonly #detach: () => void;
  #closed = false;
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
    this.#options = resolved;
    this.name = resolved.name;
    this.prefix = resolved.prefix;
    this.#ns = new KeyNamespace(resolved.prefix);
    this.#codec = new ValueCodec(resolved.serializer, resolved.compression, resolved.name);
    this.#stats = new CounterStatsRecorder(resolved.clock);
    this.#miss = resolved.onError === 'miss';
    const connection = connect === undefined ? (openConnection(options, resolved) as Connection<RedisClient> as Connection<C>) : connect(resolved);
    this.client = connection.client;
    this.#owned = connection.owned;
    this.#policy = new CallPolicy(connection.client, {
      tier: resolved.name,
      commandTimeout: resolved.commandTimeout,
      ownTimeout: connection.needsOwnTimeout,
      offlineQueue: resolved.offlineQueue,
      circuitBreaker: resolved.circuitBreaker,
      adaptivePipelining: connection.owned && resolved.autoPipelining,
      clock: resolved.clock,
      onCircuit: (state) => this.#onCircuit(state),
    });
    this.#detach = this.#attach(connection.client);
  }

  /** The circuit breaker's state (`closed` when the breaker is off). */
  get circuitState(): CircuitState {
    return this.#policy.circuitState;
  }

  // ---- the contract ------------------------------------------------------

  async get(key: string): Promise<V | undefined> {
    this.#assertOpen();
    assertKey(key, this.name);
    let raw: Buffer | null;
    let token: CallToken | -1 = -1;
    try {
      token = this.#policy.enter('get', key);
      raw = await this.#policy.timed(this.client.getBuffer(this.#ns.key(key)));
    } catch (error) {
      return this.#failed(token === -1 ? error : this.#policy.rejected(token, error, 'get', key), 'get', undefined);
    }
    this.#policy.succeeded(token);
    if (raw === null) {
      this.#stats.recordMisses(1);
      return undefined;
    }
    return this.#decodeHit(raw, key, 'get');
  }

  async getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    this.#assertOpen();
    assertKey(key, this.name);
    const rkey = this.#ns.key(key);
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await this.#policy.call('getEntry', key, () => this.client.multi().getBuffer(rkey).pttl(rkey).exec());
      this.#assertExec(replies, 'getEntry', key);
    } catch (error) {
      return this.#failed(error, 'getEntry', undefined);
    }
    const raw = replies![0]![1] as Buffer | null;
    const pttl = replies![1]![1] as number;
    if (raw === null || pttl === -2) {
      this.#stats.recordMisses(1);
      return undefined;
    }
    const value = this.#decodeHit(raw, key, 'getEntry');
    if (value === undefined) return undefined;
    return { value, remainingTtl: pttl < 0 ? Infinity : pttl };
  }

  async set(key: string, value: V, options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    assertValue(value, key, this.name);
    const ttl = parseTtl(options?.ttl) ?? this.#options.defaultTtl;
    const payload = this.#codec.encode(value, key);
    const rkey = this.#ns.key(key);
    let token: CallToken | -1 = -1;
    try {
      token = this.#policy.enter('set', key);
      await this.#policy.timed(ttl === Infinity ? this.client.set(rkey, payload) : this.client.set(rkey, payload, 'PX', toPx(ttl)));
    } catch (error) {
      return this.#failed(token === -1 ? error : this.#policy.rejected(token, error, 'set', key), 'set', false);
    }
    this.#policy.succeeded(token);
    this.#stats.recordSets(1);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    let removed: number;
    try {
      removed = await this.#policy.call('delete', key, () => this.client.unlink(this.#ns.key(key)));
    } catch (error) {
      return this.#failed(error, 'delete', false);
    }
    if (removed > 0) this.#stats.recordDeletes(removed);
    return removed > 0;
  }

  /** Whether a live entry exists (Redis EXISTS). Counts neither a hit nor a miss. Alias: {@link RedisCache.exists}. */
  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    try {
      return (await this.#policy.call('has', key, () => this.client.exists(this.#ns.key(key)))) > 0;
    } catch (error) {
      return this.#failed(error, 'has', false);
    }
  }

  /** The seed's name for {@link RedisCache.has}. */
  exists(key: string): Promise<boolean> {
    return this.has(key);
  }

  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    if (keys.length === 0) return [];
    let raws: (Buffer | null)[];
    let token: CallToken | -1 = -1;
    try {
      token = this.#policy.enter('getMany', undefined);
      raws = await this.#policy.timed(this.client.mgetBuffer(this.#ns.keys(keys)));
    } catch (error) {
      return this.#failed(token === -1 ? error : this.#policy.rejected(token, error, 'getMany', undefined), 'getMany', keys.map(() => undefined));
    }
    this.#policy.succeeded(token);
    const out = new Array<V | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const raw = raws[i];
      if (raw === null || raw === undefined) {
        this.#stats.recordMisses(1);
        out[i] = undefined;
      } else {
        out[i] = this.#decodeHit(raw, keys[i]!, 'getMany');
      }
    }
    return out;
  }

  /**
   * Writes every entry in one MULTI/EXEC transaction with `SET … PX` per
   * entry: each value is written together with its TTL (never without it),
   * and no other client sees part of the batch. Nothing is sent when an entry
   * is invalid or cannot be encoded. Redis does not roll a transaction back:
   * if the server fails one SET (e.g. out of memory) the others stay, and the
   * call fails (`throw`) or resolves `false` (`miss`).
   */
  async setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    if (!Array.isArray(entries)) {
      throw new InvalidArgumentError('entries', `entries must be an array of { key, value, ttl? } (got ${describeValue(entries)})`, { tier: this.name });
    }
    const batchTtl = parseTtl(options?.ttl) ?? this.#options.defaultTtl;
    const prepared: { key: string; ttl: number }[] = [];
    for (const entry of entries) {
      assertKey(entry?.key, this.name);
      assertValue(entry.value, entry.key, this.name);
      prepared.push({ key: entry.key, ttl: entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, 'ttl')! });
    }
    if (prepared.length === 0) return true;
    const payloads: Payload[] = entries.map((entry) => this.#codec.encode(entry.value, entry.key));
    const multi = this.client.multi();
    for (let i = 0; i < prepared.length; i++) {
      const { key, ttl } = prepared[i]!;
      const rkey = this.#ns.key(key);
      if (ttl === Infinity) multi.set(rkey, payloads[i]!);
      else multi.set(rkey, payloads[i]!, 'PX', toPx(ttl));
    }
    try {
      const replies = await this.#policy.call('setMany', undefined, () => multi.exec());
      this.#assertExec(replies, 'setMany', undefined);
    } catch (error) {
      return this.#failed(error, 'setMany', false);
    }
    this.#stats.recordSets(prepared.length);
    return true;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    if (keys.length === 0) return 0;
    let removed: number;
    try {
      removed = await this.#policy.call('deleteMany', undefined, () => this.client.unlink(...this.#ns.keys(keys)));
    } catch (error) {
      return this.#failed(error, 'deleteMany', 0);
    }
    if (removed > 0) this.#stats.recordDeletes(removed);
    return removed;
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
  async clearPrefix(keyPrefix = ''): Promise<number> {
    this.#assertOpen();
    if (typeof keyPrefix !== 'string') {
      throw new InvalidArgumentError('keyPrefix', `keyPrefix must be a string (got ${describeValue(keyPrefix)})`, { tier: this.name });
    }
    if (this.prefix === '') {
      throw new InvalidOptionError(
        'prefix',
        `${this.name}: clear() needs a prefix so it only removes this tier's keys; set the prefix option, or call client.flushdb() to wipe the database on purpose`,
        { tier: this.name },
      );
    }
    const match = this.#ns.matchPattern(keyPrefix);
    let cursor = '0';
    let removed = 0;
    try {
      do {
        const [next, batch] = await this.#policy.call('clear', undefined, () => this.client.scanBuffer(cursor, 'MATCH', match, 'COUNT', DEFAULT_SCAN_COUNT));
        cursor = next.toString();
        if (batch.length > 0) removed += await this.#policy.call('clear', undefined, () => this.client.unlink(...batch));
      } while (cursor !== '0');
    } catch (error) {
      return this.#failed(error, 'clear', removed);
    }
    if (removed > 0) this.#stats.recordDeletes(removed);
    return removed;
  }

  stats(): CacheStatsSnapshot {
    return this.#stats.snapshot(0, 0);
  }

  /**
   * Releases the connection (when the tier owns it; a client you passed stays
   * open) and every listener it added. Always resolves; later calls reject
   * with ClosedError.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#closing = this.#shutdown();
    return this.#closing;
  }

  // ---- the seed's extra operations --------------------------------------

  /**
   * Adds `by` (default 1) to the number under `key` (INCRBY, or INCRBYFLOAT
   * for fractions) and resolves the new value. A missing key counts from 0;
   * its TTL is left as it is (see {@link RedisCache.expire}). In `miss` mode a
   * failure resolves `undefined`.
   */
  async increment(key: string, by = 1): Promise<number | undefined> {
    this.#assertOpen();
    assertKey(key, this.name);
    if (typeof by !== 'number' || !Number.isFinite(by)) {
      throw new InvalidArgumentError('by', `by must be a finite number (got ${describeValue(by)})`, { key, tier: this.name });
    }
    const rkey = this.#ns.key(key);
    try {
      if (Number.isInteger(by)) return await this.#policy.call('increment', key, () => this.client.incrby(rkey, by));
      return Number(await this.#policy.call('increment', key, () => this.client.incrbyfloat(rkey, by)));
    } catch (error) {
      return this.#failed(error, 'increment', undefined);
    }
  }

  /**
   * Sets the TTL of an existing key (`Infinity` removes it). Resolves whether
   * the key exists.
   */
  async expire(key: string, ttl: Duration): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    const ms = parseTtl(ttl);
    if (ms === undefined) throw new InvalidArgumentError('ttl', 'ttl is required; pass Infinity to remove the expiry', { key, tier: this.name });
    const rkey = this.#ns.key(key);
    try {
      if (ms === Infinity) {
        const replies = await this.#policy.call('expire', key, () => this.client.multi().persist(rkey).exists(rkey).exec());
        this.#assertExec(replies, 'expire', key);
        return replies![1]![1] === 1;
      }
      return (await this.#policy.call('expire', key, () => this.client.pexpire(rkey, toPx(ms)))) === 1;
    } catch (error) {
      return this.#failed(error, 'expire', false);
    }
  }

  /**
   * Milliseconds until `key` expires: `Infinity` when it never does,
   * `undefined` when it does not exist (or, in `miss` mode, on failure).
   */
  async ttl(key: string): Promise<number | undefined> {
    this.#assertOpen();
    assertKey(key, this.name);
    let pttl: number;
    try {
      pttl = await this.#policy.call('ttl', key, () => this.client.pttl(this.#ns.key(key)));
    } catch (error) {
      return this.#failed(error, 'ttl', undefined);
    }
    if (pttl === -2) return undefined;
    return pttl === -1 ? Infinity : pttl;
  }

  /** Parsed `INFO [section]` (the seed's `get_info`); `{}` on failure in `miss` mode. */
  async info(section?: string): Promise<Record<string, string>> {
    this.#assertOpen();
    if (section !== undefined && (typeof section !== 'string' || !/^[a-z_]+$/i.test(section))) {
      throw new InvalidArgumentError('section', `section must be an INFO section name such as 'stats' (got ${describeValue(section)})`, { tier: this.name });
    }
    try {
      const text = await this.#policy.call('info', undefined, () => section === undefined ? this.client.info() : this.client.info(section));
      return parseInfo(text);
    } catch (error) {
      return this.#failed(error, 'info', {});
    }
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
  // Thin protected delegates to the private machinery above, so a subclass
  // can re-implement the multi-key operations with the same failure policy,
  // codec, key namespace and counters. They add no behaviour of their own.

  /** The validated options. */
  protected get settings(): Readonly<ResolvedOptions> {
    return this.#options;
  }

  /** The local counters (hits, misses, sets, deletes, errors). */
  protected get recorder(): StatsRecorder {
    return this.#stats;
  }

  /** The key namespace (user key → Redis key, SCAN pattern). */
  protected get namespace(): KeyNamespace {
    return this.#ns;
  }

  /** Rejects with ClosedError after close(). */
  protected assertOpen(): void {
    this.#assertOpen();
  }

  /** Runs one backend call under the failure policy (breaker, offline bound, timeout, error translation). */
  protected command<T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> {
    return this.#policy.call(operation, key, run);
  }

  /** Counts and emits `error`; throws it (`throw` mode) or returns `fallback` (`miss` mode). */
  protected failure<T>(error: unknown, operation: string, fallback: T): T {
    return this.#failed(error, operation, fallback);
  }

  /** Wraps what ioredis threw as a typed CacheError naming the operation and key. */
  protected translate(error: unknown, operation: string, key: string | undefined): CacheError {
    return this.#policy.translate(error, operation, key);
  }

  /** Encodes a value for Redis (throws SerializationError). */
  protected encode(value: V, key: string): Buffer | string {
    return this.#codec.encode(value, key);
  }

  /** Decodes stored bytes and counts a hit; a corrupt value is a failure (see `failure`). */
  protected decodeHit(raw: Buffer, key: string, operation: string): V | undefined {
    return this.#decodeHit(raw, key, operation);
  }

  // ---- internals ---------------------------------------------------------

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError(`${this.name} tier is closed`, { tier: this.name });
  }

  /** Throws (throw mode) or reports and returns `fallback` (miss mode). */
  #failed<T>(error: unknown, operation: string, fallback: T): T {
    const failure = isCacheError(error) ? error : this.#policy.translate(error, operation, undefined);
    this.#stats.recordErrors(1);
    this.emit('error', failure, operation);
    if (!this.#miss) throw failure;
    return fallback;
  }

  #decodeHit(raw: Buffer, key: string, operation: string): V | undefined {
    let value: V;
    try {
      value = this.#codec.decode(raw, key) as V;
    } catch (error) {
      return this.#failed(error, operation, undefined);
    }
    this.#stats.recordHits(1);
    return value;
  }

  #assertExec(replies: [Error | null, unknown][] | null, operation: string, key: string | undefined): void {
    if (replies === null) throw this.#policy.translate(new Error('transaction aborted'), operation, key);
    for (const [error] of replies) if (error) throw this.#policy.translate(error, operation, key);
  }

  #onCircuit(state: CircuitState): void {
    if (state === 'open') this.emit('circuit-open');
    else if (state === 'closed') this.emit('circuit-close');
  }

  #attach(client: C): () => void {
    const onReady = () => {
      this.#policy.connectionReady();
      this.emit('connect');
    };
    const onClose = () => this.emit('disconnect');
    const onError = (error: unknown) => {
      if (this.#closed) return;
      this.emit('error', this.#policy.translate(error, 'connection', undefined), 'connection');
    };
    client.on('ready', onReady);
    client.on('close', onClose);
    client.on('error', onError);
    return () => {
      client.off('ready', onReady);
      client.off('close', onClose);
      client.off('error', onError);
    };
  }

  async #shutdown(): Promise<void> {
    this.#detach();
    if (this.#owned) {
      const client = this.client;
      client.on('error', noop); // an owned client must never raise an unhandled 'error' while closing
      await closeClient(client, this.#options.commandTimeout);
    }
    this.removeAllListeners();
  }
}

function noop(): void {}

/** Redis PX argument: whole milliseconds, at least 1. */
function toPx(ttl: number): number {
  return Math.max(1, Math.ceil(ttl));
}
