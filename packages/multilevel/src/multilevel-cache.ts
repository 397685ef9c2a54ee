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
  assertCallOptions,
  assertKey,
  assertKeys,
  assertValue,
  describeValue,
  type CacheEntry,
  type CacheStatsSnapshot,
  type CacheTier,
  type SetManyEntry,
} from '@cache/core';
import { Coherence, localLevels } from './coherence.js';
import { CacheContext } from './context.js';
import { WRAP_OPTIONS, load, resolveCallOptions, withTimeout, type GetOrSetOptions, type LoadDeps, type Loader, type ResolvedCallOptions, type WrapOptions } from './get-or-set.js';
import type { Level } from './level.js';
import { lockSettings, withWaiters } from './load-lock.js';
import { resolveWriteOptions, type MultiLevelCacheOptions, type MultiLevelSetOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';
import { countL1Hit, find, findMany, hasFresh, readSync } from './read-path.js';
import { SingleFlight } from './single-flight.js';
import { cacheSnapshot, levelStats, multilevelStats, type LevelStats, type MultiLevelStats } from './stats.js';
import { logicalRemaining, type StoredEntry } from './stored-entry.js';
import { traceGetOrSet, tracingGetOrSet, type GetOrSetMessage, type GetOrSetOutcome } from './tracing.js';
import { prepareBatch, WritePath } from './write-path.js';

const noop = () => {};

/**
 * A tiered cache over an ordered list of named levels, fastest first (e.g.
 * a `MemoryCache` in front of a `RedisCache`). Reads return the first fresh
 * value and promote it to the faster levels for no longer than it has left
 * there; writes go through every level (slowest first, one write of a key
 * at a time); `getOrSet` loads a missing key once however many callers
 * wait, with grace, soft and hard timeouts. A level that fails does not
 * stop the others: reads skip it, writes and loads fill the healthy levels
 * (for at most `degradedTtl`), and what it missed is repaired when it
 * returns. Bus publishes are sent in the background. The levels hold
 * {@link StoredEntry} envelopes (`{ v, e, p }`).
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
  readonly #writes: WritePath<V>;
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
    const lock = lockSettings(o);
    const local = { ...withWaiters(localLevels(this.#ctx), lock), overtaken: (keys: readonly string[] | undefined) => this.#writes.overtaken(keys), missing: () => this.#writes.missing() };
    const coherence = o.bus === undefined ? undefined : new Coherence(o.bus, o.namespace, local, this.#ctx, o.recoveryInterval);
    this.#coherence = coherence;
    this.#writes = new WritePath(this.#ctx, coherence === undefined ? noop : (kind, keys, origin) => coherence.publish(kind, keys, origin), coherence !== undefined);
    this.#deps = { ctx: this.#ctx, writes: this.#writes, closing: this.#closing.signal, lock };
  }

  /** The level names, fastest first. */
  get levelNames(): readonly string[] {
    return this.#ctx.levels.map((level) => level.name);
  }

  /**
   * Resolves once the cache listens on its bus (at once without a bus).
   * Rejects with the bus's error (e.g. a `ConnectionError` naming the Redis
   * address, within the bus's `connectTimeout`) when the first subscription
   * fails; the cache still serves, without coherence, and keeps subscribing
   * in the background.
   */
  ready(): Promise<void> {
    return this.#coherence?.ready() ?? Promise.resolve();
  }

  /** The first fresh value, or undefined. An L1 hit on a synchronous level resolves without awaiting anything. */
  get(key: string): Promise<V | undefined> {
    const failure = this.#checkKey<V | undefined>(key);
    if (failure !== undefined) return failure;
    const hit = this.#readL1(key);
    if (hit !== undefined) return Promise.resolve(hit.v);
    return this.#getSlow(key);
  }

  /** The first fresh value and its remaining (logical) TTL, or undefined. */
  getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    const failure = this.#checkKey<CacheEntry<V> | undefined>(key);
    if (failure !== undefined) return failure;
    const hit = this.#readL1(key);
    if (hit !== undefined) return Promise.resolve({ value: hit.v, remainingTtl: logicalRemaining(hit, this.#ctx.clock.now()) });
    return this.#findSlow(key).then((found) => (found === undefined ? undefined : { value: found.v, remainingTtl: logicalRemaining(found, this.#ctx.clock.now()) }));
  }

  /** Values in the order of `keys`; each level is asked only for the keys still missing. */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    return findMany(this.#ctx, keys);
  }

  /** Whether a fresh value exists. Counts no hit or miss here (the levels' own stats may count the read). */
  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    return hasFresh(this.#ctx, key);
  }

  /**
   * Writes through every level (slowest first; TTL capped per level by
   * `maxTtl`); writes of one key are applied one at a time, in call order.
   * Resolves true when every level took the value, false when some level
   * did not: it was failing (the value then lives at most `degradedTtl` in
   * the others, and the failing level is rewritten when it returns) or it
   * could not store it (its older copy is removed).
   * @throws InvalidArgumentError / SerializationError for bad input (a level's, too): nothing changed
   * @throws MultiLevelWriteError when no level took the value (nothing is repaired later)
   */
  async set(key: string, value: V, options?: MultiLevelSetOptions): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    assertValue(value, key, this.name);
    const { ttl, grace } = resolveWriteOptions(options, 'set', this.#defaults);
    return this.#writes.set(key, value, ttl, grace);
  }

  /** Writes every entry through every level, one `setMany` per level; resolves and throws like `set`. */
  async setMany(entries: readonly SetManyEntry<V>[], options?: MultiLevelSetOptions): Promise<boolean> {
    this.#assertOpen();
    if (!Array.isArray(entries)) throw new InvalidArgumentError('entries', 'entries must be an array of { key, value, ttl? }', { tier: this.name });
    const { ttl, grace } = resolveWriteOptions(options, 'setMany', this.#defaults);
    return this.#writes.setMany(prepareBatch(entries, ttl, grace, this.#ctx.clock.now(), this.name));
  }

  /**
   * Removes `key` from every level (a failing level when it returns); true
   * when some level held it.
   * @throws MultiLevelWriteError when no level could be reached
   */
  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    return this.#writes.delete(key);
  }

  /** Removes every key from every level; resolves how many were removed. @throws MultiLevelWriteError when no level could be reached */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    return keys.length === 0 ? 0 : this.#writes.deleteMany(keys);
  }

  /** Clears every level (each in its own namespace; a failing level when it returns). @throws MultiLevelWriteError when no level could be reached */
  async clear(): Promise<void> {
    this.#assertOpen();
    await this.#writes.clear();
  }

  /**
   * The fresh value of `key`, or the loader's, written through every level.
   * One loader call per key per instance however many callers wait; they
   * all get its value or its error (errors are not cached). With the `lock`
   * option, one loader call across the instances sharing the lock: the
   * others wait for the holder's value (up to `lockWait`). Within grace a
   * stale value is served when the loader fails or hits the hard timeout,
   * or is slower than the soft timeout (it then finishes in the background).
   * A caller's own `hardTimeout` holds also when it joins a load already in
   * flight; `close()` fails every waiting caller with `ClosedError`.
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
    let l1Stale: StoredEntry<V> | undefined;
    const l1 = this.#l1;
    if (l1 !== undefined) {
      const stored = readSync(l1, key);
      if (stored !== undefined) {
        if (countL1Hit(this.#ctx, l1, stored)) return tracingGetOrSet() ? this.#traced(key, 'hit', () => Promise.resolve(stored.v)) : Promise.resolve(stored.v);
        l1Stale = stored; // logically expired: servable within grace
      }
    }
    const inFlight = this.#flights.get(key);
    if (inFlight !== undefined) {
      this.#ctx.counters.coalesced++;
      // the flight may have been started with a longer (or no) hard timeout
      const joined = () => (call.hardTimeout === Infinity ? inFlight : withTimeout(inFlight, call.hardTimeout, key, this.name));
      return tracingGetOrSet() ? this.#traced(key, 'coalesced', joined) : joined();
    }
    const start = (trace: GetOrSetMessage | undefined) => this.#flights.start(key, (answer) => load(this.#deps, key, loader, call, answer, l1Stale, trace));
    return tracingGetOrSet() ? this.#traced(key, 'hit', start) : start(undefined);
  }

  /** `run` published as one getOrSet call; `outcome` until the work says otherwise (see tracing.ts). */
  #traced<R>(key: string, outcome: GetOrSetOutcome, run: (trace: GetOrSetMessage) => Promise<R>): Promise<R> {
    const message: GetOrSetMessage = { cache: this.name, key, outcome };
    return traceGetOrSet(message, () => run(message));
  }

  /** `fn` cached: each call goes through `getOrSet(options.key(...args), () => fn(...args), options)`. */
  wrap<A extends unknown[]>(fn: (...args: A) => V | Promise<V>, options: WrapOptions<A>): (...args: A) => Promise<V> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', `fn must be the function to cache (got ${describeValue(fn)}); pass e.g. cache.wrap((id) => load(id), { key: (id) => \`user:\${id}\` })`, { tier: this.name });
    if (typeof options === 'object' && options !== null) assertCallOptions(options, WRAP_OPTIONS, 'wrap');
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
    return multilevelStats(this.#ctx, this.#coherence);
  }

  /** Each level's hits, hit ratio, errors, promotions and own stats, fastest first. */
  levelStats(): LevelStats[] {
    return levelStats(this.#ctx);
  }

  /**
   * Fails every `getOrSet` caller still waiting with `ClosedError` and aborts
   * loaders' signals, lets writes in flight finish, sends queued bus
   * publishes (for at most a second), stops listening on the bus (the bus
   * stays open), stops probing failing levels (their pending repairs are
   * dropped), and closes every level.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort();
      this.#flights.rejectAll(new ClosedError(`the tiered cache ${JSON.stringify(this.name)} was closed while this getOrSet waited`, { tier: this.name }));
      await this.#writes.idle();
      await this.#coherence?.close();
      this.#ctx.recovery.close();
      await Promise.all(this.#ctx.levels.map((level) => Promise.resolve().then(() => level.tier.close()).catch(noop)));
    })();
    return this.#closed;
  }

  async #findSlow(key: string): Promise<StoredEntry<V> | undefined> {
    return (await find(this.#ctx, key, this.#ctx.firstRemote, true)).fresh;
  }

  async #getSlow(key: string): Promise<V | undefined> {
    return (await this.#findSlow(key))?.v;
  }

  /** A fresh envelope from a synchronous L1 (counting the read and its hit), or undefined. */
  #readL1(key: string): StoredEntry<V> | undefined {
    const l1 = this.#l1;
    if (l1 === undefined) return undefined;
    const stored = readSync(l1, key);
    return stored !== undefined && countL1Hit(this.#ctx, l1, stored) ? stored : undefined;
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
