/**
 * A Keyv storage adapter (Keyv 5's `KeyvStoreAdapter`) over any `@cache`
 * tier, so Keyv and what is built on it (cache-manager 7, cacheable,
 * `@nestjs/cache-manager`) store their data in a memory, Redis, Redis Cluster
 * or tiered cache.
 *
 * How Keyv 5 talks to a store: it serializes each value together with its
 * absolute expiry into one string (`{"value":…,"expires":…}`, unless its
 * `serialize` option is unset), prefixes each key with `<namespace>:`, and
 * passes the relative TTL in milliseconds to `set`. The tier keeps the string
 * under the prefixed key with that TTL, so entries also expire in the tier
 * (and in Redis) rather than only on read. Keyv v6 changes this interface
 * (adapters receive an absolute `expires` and own the namespace): this
 * adapter targets Keyv 5.
 * @module
 */
import { BackendError, InvalidArgumentError, InvalidOptionError, assertKeys, assertKnownOptions, describeValue, messageOf, readEntry, type SetOptions } from '@cache/core';
import { TierCapabilities, type AnyTier } from './tier-capabilities.js';

/** Options of {@link KeyvCacheStore}. */
export interface KeyvCacheStoreOptions {
  /**
   * What `clear()` removes while Keyv has a namespace (Keyv's default is
   * `keyv`):
   * - `'namespace'`: only the namespace's keys (`<namespace>:…`). Needs a
   *   tier that can clear a prefix (`RedisCache`, `RedisClusterCache`) or list
   *   its keys (`MemoryCache`); on any other tier `clear()` rejects with a
   *   `BackendError` and removes nothing.
   * - `'tier'`: everything the tier holds (`tier.clear()`), for a tier that
   *   serves this one Keyv namespace only.
   *
   * Without a namespace `clear()` always clears the whole tier.
   * @default 'namespace'
   */
  clear?: 'namespace' | 'tier';
}

/** The default of {@link KeyvCacheStoreOptions.clear}. */
export const DEFAULT_CLEAR_SCOPE = 'namespace';

const OPTION_NAMES: ReadonlySet<string> = new Set(['clear']);
const TIER_METHODS = ['get', 'set', 'delete', 'has', 'getMany', 'setMany', 'deleteMany', 'clear', 'close'] as const;

/** One entry of {@link KeyvCacheStore.setMany}, as Keyv passes it. */
export interface KeyvStoreEntry {
  key: string;
  value: unknown;
  /** Milliseconds; unset or 0: no expiry. */
  ttl?: number;
}

/** What Keyv 5 reads from `store.opts` (it decides from `dialect`/`url` whether to wire `keyv.iterator()`). */
export interface KeyvCacheStoreOpts {
  /** Always `'cache'`: not one of the dialects for which Keyv 5 wires `keyv.iterator()` by itself. */
  readonly dialect: 'cache';
  /** Always `''` (there is no connection string: the tier is already connected). */
  readonly url: string;
  /** Keyv's test suite and some users set fields here; the adapter ignores them. */
  [field: string]: unknown;
}

function assertTier(tier: unknown): asserts tier is AnyTier<unknown> {
  let missing: string[];
  try {
    missing = tier === null || typeof tier !== 'object' ? [...TIER_METHODS] : TIER_METHODS.filter((m) => typeof (tier as Record<string, unknown>)[m] !== 'function');
  } catch (cause) {
    throw new InvalidArgumentError('tier', `KeyvCacheStore could not read the tier it was given (${messageOf(cause)}); pass an @cache tier such as a RedisCache or a MemoryCache`, { cause });
  }
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      'tier',
      `KeyvCacheStore needs an @cache tier (a CacheTier such as RedisCache, or a MemoryCache); got ${describeValue(tier)}` +
        (tier !== null && typeof tier === 'object' ? `, which has no ${missing.join(', ')}` : ''),
    );
  }
}

function resolveClear(options: unknown): 'namespace' | 'tier' {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', `KeyvCacheStore options must be an object (got ${describeValue(options)})`);
  }
  assertKnownOptions(options, OPTION_NAMES, 'KeyvCacheStore');
  const clear = (options as KeyvCacheStoreOptions).clear ?? DEFAULT_CLEAR_SCOPE;
  if (clear !== 'namespace' && clear !== 'tier') {
    throw new InvalidOptionError('clear', `option "clear" must be 'namespace' or 'tier' (got ${describeValue(clear)})`);
  }
  return clear;
}

/** Keyv's TTL (milliseconds; unset or 0 means none) as the tier's write options. */
const writeOptions = (ttl: number | undefined): SetOptions | undefined => (ttl === undefined || ttl === 0 ? undefined : { ttl });

/**
 * A Keyv 5 storage adapter over an `@cache` tier.
 *
 * ```ts
 * import { Keyv } from 'keyv';
 * import { RedisCache } from '@cache/redis';
 * import { KeyvCacheStore } from '@cache/keyv';
 *
 * const keyv = new Keyv({ store: new KeyvCacheStore(new RedisCache({ url: 'redis://127.0.0.1:6379' })) });
 * await keyv.set('user:42', { name: 'Ada' }, 60_000);
 * ```
 *
 * Give each Keyv instance its own adapter: Keyv writes its namespace into
 * the adapter (`store.namespace`), and `clear()` and `iterator()` read it
 * there. Several adapters may share one tier.
 *
 * `iterator(namespace)` exists only when the tier can list its keys
 * (`MemoryCache`). Keyv 5 wires `keyv.iterator()` only for its own built-in
 * adapters; to iterate through Keyv, set
 * `keyv.iterator = keyv.generateIterator(store.iterator.bind(store))`.
 *
 * `disconnect()` closes the tier.
 */
export class KeyvCacheStore {
  /** The tier that holds the data. */
  readonly tier: AnyTier<unknown>;
  /** What Keyv reads from a store; see {@link KeyvCacheStoreOpts}. */
  opts: KeyvCacheStoreOpts = { dialect: 'cache', url: '' };
  /** Keyv's namespace, written here by Keyv; `clear()` and `iterator()` are limited to it. */
  namespace: string | undefined;
  /**
   * The live `[key, value]` pairs of `namespace` (every pair when unset), keys
   * as stored (`<namespace>:<key>`). Present only when the tier can list its
   * keys. The pairs are collected before the first is yielded.
   */
  readonly iterator?: <Value = unknown>(namespace?: string) => AsyncGenerator<[string, Value], void>;
  readonly #capabilities: TierCapabilities<unknown>;
  readonly #clear: 'namespace' | 'tier';

  /**
   * @param tier any `@cache` tier: a `CacheTier` (`RedisCache`,
   *   `RedisClusterCache`, `MultiLevelCache`, `memory.asAsync()`) or a
   *   `MemoryCache` itself
   * @throws InvalidArgumentError when `tier` is not a tier
   * @throws InvalidOptionError naming an unknown or invalid option
   */
  constructor(tier: AnyTier<any>, options: KeyvCacheStoreOptions = {}) {
    assertTier(tier);
    this.#clear = resolveClear(options);
    this.tier = tier;
    this.#capabilities = new TierCapabilities(tier);
    if (this.#capabilities.canList) this.iterator = this.#iterate.bind(this) as KeyvCacheStore['iterator'];
  }

  /** The stored value under `key` (Keyv's serialized envelope), or `undefined`. */
  async get<Value = unknown>(key: string): Promise<Value | undefined> {
    return (await this.tier.get(key)) as Value | undefined;
  }

  /** The stored values of `keys`, in order; `undefined` for each miss. */
  async getMany<Value = unknown>(keys: string[]): Promise<(Value | undefined)[]> {
    return (await this.tier.getMany(keys)) as (Value | undefined)[];
  }

  /** Stores `value` for `ttl` milliseconds (unset or 0: no expiry). Resolves whether it was stored. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    return this.tier.set(key, value, writeOptions(ttl));
  }

  /**
   * Stores every entry with its own TTL in one batch of the tier. Resolves
   * one boolean per entry (all true, or all false when a tolerant tier could
   * not write the batch), which Keyv hands back from `keyv.setMany()`; typed
   * `void` because Keyv 5's `KeyvStoreAdapter` declares it so.
   */
  async setMany(entries: KeyvStoreEntry[]): Promise<void> {
    if (!Array.isArray(entries)) {
      throw new InvalidArgumentError('entries', `entries must be an array of { key, value, ttl? } (got ${describeValue(entries)})`, { tier: this.tier.name });
    }
    const stored = await this.tier.setMany(
      entries.map((entry, i) => {
        const { key, value, ttl } = readEntry(entry, i, this.tier.name);
        return { key, value, ...writeOptions(ttl as number | undefined) };
      }),
    );
    return entries.map(() => stored) as unknown as void;
  }

  /** Removes `key`; resolves whether an entry was removed. */
  async delete(key: string): Promise<boolean> {
    return this.tier.delete(key);
  }

  /** Removes every key; resolves true when each of them (counted once) held an entry, as Keyv's own fallback does. */
  async deleteMany(keys: string[]): Promise<boolean> {
    const removed = await this.tier.deleteMany(keys);
    return removed === new Set(keys).size;
  }

  /** Whether a live entry exists under `key` (counts neither a hit nor a miss). */
  async has(key: string): Promise<boolean> {
    return this.tier.has(key);
  }

  /** `has` for each key, in order. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    assertKeys(keys, this.tier.name);
    return Promise.all(keys.map(async (key) => this.tier.has(key)));
  }

  /**
   * Removes the entries of the current namespace (see
   * {@link KeyvCacheStoreOptions.clear}); without a namespace, every entry of
   * the tier.
   * @throws BackendError when limited to a namespace on a tier that can neither clear a prefix nor list its keys
   */
  async clear(): Promise<void> {
    const namespace = this.#namespace();
    if (namespace === undefined || namespace === '' || this.#clear === 'tier') {
      await this.tier.clear();
      return;
    }
    if (!this.#capabilities.canClearPrefix) {
      throw new BackendError(
        `tier "${this.tier.name}" cannot list its keys, so clear() cannot remove namespace "${namespace}" alone: ` +
          `give this namespace a tier of its own and pass { clear: 'tier' } to KeyvCacheStore, or use a tier that can (RedisCache, RedisClusterCache, MemoryCache)`,
        { tier: this.tier.name },
      );
    }
    await this.#capabilities.clearPrefix(`${namespace}:`, async (keys) => this.tier.deleteMany(keys));
  }

  /** Closes the tier (timers, sockets); later calls reject with `ClosedError`. */
  async disconnect(): Promise<void> {
    await this.tier.close();
  }

  /**
   * Keyv subscribes to `error` here: the tier's own `error` events (a
   * `RedisCache` in `onError: 'miss'` mode reports failures this way) reach
   * the listener. Other events are not emitted.
   */
  on(event: string, listener: (...args: any[]) => void): this {
    const on = (this.tier as { on?: unknown }).on;
    if (event === 'error' && typeof on === 'function') (on as (event: string, listener: (...args: any[]) => void) => unknown).call(this.tier, 'error', listener);
    return this;
  }

  /** `namespace`, checked: Keyv writes a string (or nothing) there. */
  #namespace(namespace: unknown = this.namespace): string | undefined {
    if (namespace !== undefined && typeof namespace !== 'string') {
      throw new InvalidArgumentError('namespace', `namespace must be a string or undefined (got ${describeValue(namespace)}); set it to the Keyv namespace, e.g. 'keyv'`, { tier: this.tier.name });
    }
    return namespace;
  }

  async *#iterate(raw?: string): AsyncGenerator<[string, unknown], void> {
    const namespace = this.#namespace(raw);
    const prefix = namespace === undefined || namespace === '' ? '' : `${namespace}:`;
    const read = async (keys: string[]) => (keys.length === 0 ? [] : this.tier.getMany(keys));
    yield* await this.#capabilities.entries(prefix, read);
  }
}

