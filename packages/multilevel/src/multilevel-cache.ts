/**
 * The tiered cache: an ordered list of named levels behind core's
 * `CacheTier` contract. The read path, write path, loaders and coherence
 * live in their own files; this class validates calls and wires them.
 * @module
 */
import { setMaxListeners } from 'node:events';
import {
  ClosedError,
  InvalidArgumentError,
  assertKey,
  assertKeys,
  assertValue,
  parseDuration,
  parseTtl,
  type CacheEntry,
  type CacheStatsSnapshot,
  type CacheTier,
  type SetManyEntry,
} from '@cache/core';
import { Coherence, localLevels, type LocalLevels } from './coherence.js';
import { CacheContext } from './context.js';
import { load, resolveCallOptions, type GetOrSetOptions, type LoadDeps, type Loader, type ResolvedCallOptions, type WrapOptions } from './get-or-set.js';
import type { Level } from './level.js';
import { LockWaiters, type LockSettings } from './load-lock.js';
import { resolveOptions, type MultiLevelCacheOptions, type MultiLevelSetOptions } from './options.js';
import { find, findMany, hasFresh, readFreshSync } from './read-path.js';
import { SingleFlight } from './single-flight.js';
import { cacheSnapshot, levelStats, multilevelStats, type LevelStats, type MultiLevelStats } from './stats.js';
import { logicalRemaining, storedEntry, type StoredEntry } from './stored-entry.js';
import { clearAll, deleteAll, deleteManyAll, prepareBatch, writeAll, writeManyAll } from './write-path.js';

const noop = () => {};

/** A bus message about a key also wakes this instance's lock waiters for it (the holder's value may be there now). */
function withWaiters(local: LocalLevels, lock: LockSettings | undefined): LocalLevels {
  if (lock === undefined) return local;
  return {
    invalidate: (keys) => {
      local.invalidate(keys);
      lock.waiters.wake(keys);
    },
    clear: () => local.clear(),
  };
}
const physical = (ttl: number, grace: number) => ttl + grace; // Infinity stays Infinity

/**
 * A tiered cache over an ordered list of named levels, fastest first (e.g.
 * a `MemoryCache` in front of a `RedisCache`). Reads return the first fresh
 * value and promote it to the faster levels for no longer than it has left;
 * writes go through every level (slowest first) and succeed only when every
 * level wrote; `getOrSet` loads a missing key once however many callers
 * wait, with grace, soft and hard timeouts. The levels hold
 * {@link StoredEntry} envelopes (`{ v, e }`: value and logical expiry).
 */
export class MultiLevelCache<V = unknown> implements CacheTier<V> {
  /** The cache's name, for errors and stats. */
  readonly name: string;
  readonly #ctx: CacheContext<V>;
  readonly #l1: Level<V> | undefined;
  readonly #defaults: ResolvedCallOptions;
  readonly #flights = new SingleFlight<V>();
  readonly #coherence: Coherence | undefined;
  /** Aborted by `close()`; every load in flight listens (and stops listening when it settles), so there is no listener limit. */
  readonly #closing = new AbortController();
  readonly #deps: LoadDeps<V>;
  readonly #start: number;
  #closed: Promise<void> | undefined;

  /** @throws InvalidOptionError naming the first invalid option (no levels, duplicate names, bad durations…) */
  constructor(options: MultiLevelCacheOptions) {
    const o = resolveOptions(options);
    this.name = o.name;
    this.#ctx = new CacheContext<V>(o);
    const first = this.#ctx.levels[0]!;
    this.#l1 = first.sync === undefined ? undefined : first;
    this.#defaults = { ttl: o.defaultTtl, grace: o.grace, softTimeout: o.softTimeout, hardTimeout: o.hardTimeout };
    this.#start = o.clock.now();
    setMaxListeners(0, this.#closing.signal);
    const lock: LockSettings | undefined =
      o.lock === undefined ? undefined : { lock: o.lock, ttl: o.lockTtl, wait: o.lockWait, poll: o.lockPollInterval, waiters: new LockWaiters() };
    this.#deps = { ctx: this.#ctx, store: (key, value, ttl, grace) => this.#store(key, value, ttl, grace), closing: this.#closing.signal, lock };
    this.#coherence = o.bus === undefined ? undefined : new Coherence(o.bus, o.namespace, withWaiters(localLevels(this.#ctx), lock), this.#ctx);
  }

  /** The level names, fastest first. */
  get levelNames(): readonly string[] {
    return this.#ctx.levels.map((level) => level.name);
  }

  /** Resolves once the cache listens on its bus (at once without a bus). */
  ready(): Promise<void> {
    return this.#coherence?.ready() ?? Promise.resolve();
  }

  /** The first fresh value, or undefined. An L1 hit on a synchronous level resolves without awaiting anything. */
  get(key: string): Promise<V | undefined> {
    const failure = this.#checkKey<V | undefined>(key);
    if (failure !== undefined) return failure;
    this.#ctx.counters.gets++;
    const hit = this.#readL1(key);
    if (hit !== undefined) return Promise.resolve(hit.v);
    return this.#getSlow(key);
  }

  /** The first fresh value and its remaining (logical) TTL, or undefined. */
  getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    const failure = this.#checkKey<CacheEntry<V> | undefined>(key);
    if (failure !== undefined) return failure;
    this.#ctx.counters.gets++;
    const hit = this.#readL1(key);
    if (hit !== undefined) return Promise.resolve({ value: hit.v, remainingTtl: logicalRemaining(hit, this.#ctx.clock.now()) });
    return this.#findSlow(key).then((found) => (found === undefined ? undefined : { value: found.v, remainingTtl: logicalRemaining(found, this.#ctx.clock.now()) }));
  }

  /** Values in the order of `keys`; each level is asked only for the keys still missing. */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    this.#ctx.counters.gets += keys.length;
    return keys.length === 0 ? [] : findMany(this.#ctx, keys);
  }

  /** Whether a fresh value exists. Counts no hit or miss here (the levels' own stats may count the read). */
  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    return hasFresh(this.#ctx, key);
  }

  /**
   * Writes through every level (slowest first; TTL capped per level by
   * `maxTtl`). Resolves true when every level wrote.
   * @throws MultiLevelWriteError naming the failed levels (the key is then removed from every level, best effort)
   */
  async set(key: string, value: V, options?: MultiLevelSetOptions): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    assertValue(value, key, this.name);
    const ttl = parseTtl(options?.ttl) ?? this.#defaults.ttl;
    const grace = options?.grace === undefined ? this.#defaults.grace : parseDuration(options.grace, 'grace', { allowInfinity: true, kind: 'argument' });
    await this.#store(key, value, ttl, grace);
    return true;
  }

  /** Writes every entry through every level, one `setMany` per level. @throws MultiLevelWriteError */
  async setMany(entries: readonly SetManyEntry<V>[], options?: MultiLevelSetOptions): Promise<boolean> {
    this.#assertOpen();
    if (!Array.isArray(entries)) throw new InvalidArgumentError('entries', 'entries must be an array of { key, value, ttl? }', { tier: this.name });
    const batchTtl = parseTtl(options?.ttl) ?? this.#defaults.ttl;
    const grace = options?.grace === undefined ? this.#defaults.grace : parseDuration(options.grace, 'grace', { allowInfinity: true, kind: 'argument' });
    const stored = prepareBatch(entries, batchTtl, grace, this.#ctx.clock.now(), this.name);
    try {
      await writeManyAll(this.#ctx, stored);
      this.#ctx.counters.sets += stored.length;
    } finally {
      if (stored.length > 0) await this.#coherence?.publish('set', stored.map((e) => e.key));
    }
    return true;
  }

  /** Removes `key` from every level; true when some level held it. @throws MultiLevelWriteError */
  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    try {
      const removed = await deleteAll(this.#ctx, key);
      if (removed) this.#ctx.counters.deletes++;
      return removed;
    } finally {
      await this.#coherence?.publish('delete', [key]);
    }
  }

  /** Removes every key from every level; resolves how many were removed. @throws MultiLevelWriteError */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    if (keys.length === 0) return 0;
    try {
      const removed = await deleteManyAll(this.#ctx, keys);
      this.#ctx.counters.deletes += removed;
      return removed;
    } finally {
      await this.#coherence?.publish('delete', keys);
    }
  }

  /** Clears every level (each in its own namespace). @throws MultiLevelWriteError */
  async clear(): Promise<void> {
    this.#assertOpen();
    try {
      await clearAll(this.#ctx);
    } finally {
      await this.#coherence?.publish('clear', []);
    }
  }

  /**
   * The fresh value of `key`, or the loader's, written through every level.
   * One loader call per key per instance however many callers wait; they
   * all get its value or its error (errors are not cached). With the `lock`
   * option, one loader call across the instances sharing the lock: the
   * others wait for the holder's value (up to `lockWait`). Within grace a
   * stale value is served when the loader fails or hits the hard timeout,
   * or is slower than the soft timeout (it then finishes in the background).
   * @throws LoaderError (cause: the loader's error), TimeoutError (hard timeout), InvalidArgumentError (bad key/options, or the loader returned undefined)
   */
  getOrSet(key: string, loader: Loader<V>, options?: GetOrSetOptions): Promise<V> {
    const failure = this.#checkKey<V>(key);
    if (failure !== undefined) return failure;
    let call: ResolvedCallOptions;
    try {
      if (typeof loader !== 'function') throw new InvalidArgumentError('loader', 'loader must be a function (context) => value', { key, tier: this.name });
      call = options === undefined ? this.#defaults : resolveCallOptions(options, this.#defaults);
    } catch (error) {
      return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    const hit = this.#readL1(key);
    if (hit !== undefined) {
      this.#ctx.counters.gets++;
      return Promise.resolve(hit.v);
    }
    const inFlight = this.#flights.get(key);
    if (inFlight !== undefined) {
      this.#ctx.counters.coalesced++;
      return inFlight;
    }
    return this.#flights.start(key, (answer) => load(this.#deps, key, loader, call, answer));
  }

  /** `fn` cached: each call goes through `getOrSet(options.key(...args), () => fn(...args), options)`. */
  wrap<A extends unknown[]>(fn: (...args: A) => V | Promise<V>, options: WrapOptions<A>): (...args: A) => Promise<V> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'wrap needs the function to cache', { tier: this.name });
    if (typeof options?.key !== 'function') throw new InvalidArgumentError('key', 'wrap needs options.key: (...args) => string', { tier: this.name });
    const { key, ...call } = options;
    return (...args: A) => this.getOrSet(key(...args), () => fn(...args), call);
  }

  /** Core's snapshot for the whole cache (hits = reads answered by any level). */
  stats(): CacheStatsSnapshot {
    return cacheSnapshot(this.#ctx, this.#ctx.clock.now() - this.#start);
  }

  /** The seed's `get_multilevel_stats`: totals, hits and hit ratio per level, and each level's own stats. */
  multilevelStats(): MultiLevelStats {
    return multilevelStats(this.#ctx);
  }

  /** Each level's hits, hit ratio, errors, promotions and own stats, fastest first. */
  levelStats(): LevelStats[] {
    return levelStats(this.#ctx);
  }

  /** Stops listening on the bus (the bus stays open), aborts loaders' signals, and closes every level. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort();
      this.#coherence?.close();
      await Promise.all(this.#ctx.levels.map((level) => Promise.resolve().then(() => level.tier.close()).catch(noop)));
    })();
    return this.#closed;
  }

  async #store(key: string, value: V, ttl: number, grace: number): Promise<void> {
    const now = this.#ctx.clock.now();
    const lifetime = physical(ttl, grace);
    const stored = storedEntry(value, now + ttl, now + lifetime);
    try {
      await writeAll(this.#ctx, key, stored, lifetime);
      this.#ctx.counters.sets++;
    } finally {
      await this.#coherence?.publish('set', [key]);
    }
  }

  async #findSlow(key: string): Promise<StoredEntry<V> | undefined> {
    const found = await find(this.#ctx, key, this.#l1 === undefined ? 0 : 1);
    if (found.fresh === undefined) this.#ctx.counters.misses++;
    return found.fresh;
  }

  async #getSlow(key: string): Promise<V | undefined> {
    return (await this.#findSlow(key))?.v;
  }

  /** A fresh envelope from a synchronous L1 (counting its hit), or undefined. */
  #readL1(key: string): StoredEntry<V> | undefined {
    return this.#l1 === undefined ? undefined : readFreshSync(this.#l1, key, this.#ctx.clock);
  }

  #checkKey<R>(key: string): Promise<R> | undefined {
    try {
      this.#assertOpen();
      assertKey(key, this.name);
      return undefined;
    } catch (error) {
      return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
  }

  #assertOpen(): void {
    if (this.#closed !== undefined) throw new ClosedError(`the tiered cache ${JSON.stringify(this.name)} is closed`, { tier: this.name });
  }
}
