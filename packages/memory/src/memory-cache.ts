/**
 * The in-process cache. A {@link KeyIndex} (an open-addressing table over an
 * `Int32Array`, keyed by a seeded hash of the key; a `Map` for keys of 17 to
 * 4,096 units) from key to slot; keys and values side by side in one plain
 * array (slot s at 2s and 2s + 1, so a hit reads one cache line for both);
 * the policy's links, the expiry times and the sizes in typed arrays indexed
 * by slot. Freed slots are recycled through a free list threaded through the
 * key positions, so the hot paths allocate nothing. Features that are off
 * cost nothing: no clock read without TTLs, no size measure without a byte
 * bound. Each operation hashes its key at most once; the policies that need
 * a key hash reuse the stored one.
 * @module
 */
import {
  CapacityError,
  ClosedError,
  InvalidArgumentError,
  InvalidOptionError,
  assertKey,
  isWellFormed,
  assertKeys,
  assertValue,
  snapshotOf,
  DisabledStatsRecorder,
  describeValue,
  messageOf,
  parseTtl,
  readEntry,
  ttlOf,
  toAsyncTier,
  type CacheEntry,
  type CacheStatsSnapshot,
  type CacheTier,
  type Clock,
  type RemovalReason,
  type SetManyEntry,
  type SetOptions,
  type InProcessCacheTier,
} from '@cache/core';
import { TimerWheel } from './expiry/timer-wheel.js';
import { KeyIndex } from './key-index.js';
import { resolveOptions, type MemoryCacheOptions } from './options.js';
import { createPolicy } from './policy/create.js';
import { FIRST_SLOT, type EvictionPolicy, type PolicyName } from './policy/policy.js';
import { estimateSize } from './size-of.js';

/** What `stats()` reports with `stats: false`: core's recorder that keeps nothing (zeros, size and memory usage exact). */
const NO_STATS = new DisabledStatsRecorder();
/** Slots allocated up front; the arrays double from here up to the bound. */
const INITIAL_SLOTS = 256;
/** The longest `new Array(n)` V8 gives fast elements (longer ones are dictionaries); exactly sized, unlike an array grown by pushes. */
const FAST_ARRAY_MAX = 2 ** 25;
/** Slot limit when only a byte bound applies (slots must fit the index's 31-bit words). */
const UNBOUNDED_SLOTS = 2 ** 30;

/**
 * A bounded in-process cache with a synchronous API and an asynchronous face
 * over the same instance (`asAsync()`): core's `InProcessCacheTier`, with
 * `peek()`, so a tiered cache reads it without awaiting. Keys are non-empty strings; `undefined` is not a value.
 *
 * ```ts
 * const cache = new MemoryCache<User>({ maxEntries: 10_000, defaultTtl: '5m' });
 * cache.set('user:1', user);
 * cache.get('user:1'); // user
 * ```
 */
export class MemoryCache<V = unknown> implements InProcessCacheTier<V> {
  /** The tier's name, for errors and stats. */
  readonly name: string;
  /** The eviction policy in use. */
  readonly policy: PolicyName;
  /** The entry bound (Infinity when only `maxBytes` applies). */
  readonly maxEntries: number;
  /** The byte bound (Infinity when only `maxEntries` applies). */
  readonly maxBytes: number;

  readonly #index: KeyIndex;
  /** Entries held (live or expired but not reclaimed). */
  #count = 0;
  /** Slot s's key at 2s (or, for a free slot, the next free slot) and its value at 2s + 1: one cache line for both. */
  #entries: unknown[];
  readonly #policy: EvictionPolicy;
  #slots: number;
  readonly #maxSlots: number;
  #fresh = FIRST_SLOT;
  #free = 0;
  #sizes: Float64Array | undefined;
  #bytes = 0;
  readonly #sizeOf: ((value: V, key: string) => number) | undefined;
  #wheel: TimerWheel | undefined;
  #expires: Float64Array | undefined;
  #ttls: Float64Array | undefined;
  readonly #defaultTtl: number;
  readonly #sliding: boolean;
  readonly #clock: Clock;
  readonly #onEvict: ((key: string, value: V, reason: RemovalReason) => void) | undefined;
  readonly #pending: unknown[] = [];
  #flushing = false;
  readonly #statsEnabled: boolean;
  #hits = 0;
  #misses = 0;
  #sets = 0;
  #deletes = 0;
  #evictions = 0;
  #expired = 0;
  #start: number;
  #closed = false;
  /** No byte bound, no timer wheel, not closed: inserts take #insertPlain. */
  #plain: boolean;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #reclaimInterval: number;
  #async: CacheTier<V> | undefined;

  /**
   * @throws InvalidOptionError naming the option, when an option is invalid
   *   or neither `maxEntries` nor `maxBytes` is set
   */
  constructor(options: MemoryCacheOptions<V>) {
    const o = resolveOptions(options);
    this.name = o.name;
    this.policy = o.policy;
    this.maxEntries = o.maxEntries;
    this.maxBytes = o.maxBytes;
    this.#maxSlots = o.maxEntries === Infinity ? UNBOUNDED_SLOTS : FIRST_SLOT + o.maxEntries;
    this.#slots = Math.min(this.#maxSlots, FIRST_SLOT + INITIAL_SLOTS);
    this.#entries = new Array<unknown>(2 * this.#slots);
    this.#clock = o.clock;
    this.#start = o.clock.now();
    this.#defaultTtl = o.defaultTtl;
    this.#sliding = o.slidingTtl;
    this.#onEvict = o.onEvict;
    this.#statsEnabled = o.stats;
    this.#reclaimInterval = o.reclaimInterval;
    if (o.maxBytes !== Infinity || o.sizeOf !== undefined) {
      this.#sizeOf = o.sizeOf ?? estimateSize;
      this.#sizes = new Float64Array(this.#slots);
    }
    if (o.policy === 'ttl' || o.defaultTtl !== Infinity) this.#ensureWheel();
    this.#plain = this.#sizes === undefined && this.#wheel === undefined;
    this.#policy = createPolicy(o.policy, {
      slots: this.#slots,
      maxSlots: this.#maxSlots,
      capacity: o.maxEntries === Infinity ? 0 : o.maxEntries,
      seed: o.seed,
      doorkeeper: o.doorkeeper,
      wheel: this.#wheel,
      hashOf: (slot) => this.#index.hashes[slot]!,
    });
    this.#index = new KeyIndex(this.#slots, o.seed, () => this.#policy.rehashed?.(), this.#policy.readsHashes !== false);
  }

  // ---------------------------------------------------------------- reads

  /** The live value under `key`, or undefined. Counts a hit or a miss and updates the policy. */
  get(key: string): V | undefined {
    const slot = this.#slotOf(key);
    if (slot === 0) return this.#miss(key);
    const expires = this.#expires;
    if (expires !== undefined && expires[slot] !== Infinity && !this.#refresh(slot)) return this.#expiredRead(slot);
    this.#policy.onAccess(slot);
    this.#hits++;
    return this.#entries[2 * slot + 1] as V;
  }

  /** The live value and its remaining TTL (ms, Infinity for none), or undefined. Counts like `get`. */
  getEntry(key: string): CacheEntry<V> | undefined {
    const slot = this.#slotOf(key);
    if (slot === 0) return this.#miss(key);
    const expires = this.#expires;
    let remainingTtl = Infinity;
    if (expires !== undefined && expires[slot] !== Infinity) {
      if (!this.#refresh(slot)) return this.#expiredRead(slot);
      remainingTtl = expires[slot]! - this.#clock.now();
    }
    this.#policy.onAccess(slot);
    this.#hits++;
    return { value: this.#entries[2 * slot + 1] as V, remainingTtl };
  }

  /**
   * The live value without counting a hit or a miss and without touching
   * recency, frequency or a sliding TTL (core's `SyncCacheTier.peek`).
   */
  peek(key: string): V | undefined {
    const slot = this.#slotOf(key);
    if (slot === 0) {
      this.#check(key);
      return undefined;
    }
    return this.#isExpired(slot) ? undefined : (this.#entries[2 * slot + 1] as V);
  }

  /** Whether a live entry exists. Counts neither a hit nor a miss; does not touch the policy. */
  has(key: string): boolean {
    const slot = this.#slotOf(key);
    if (slot === 0) {
      this.#check(key);
      return false;
    }
    if (this.#isExpired(slot)) {
      this.#remove(slot, 'expired');
      this.#flush();
      return false;
    }
    return true;
  }

  /** Milliseconds until `key` expires: Infinity without a TTL, undefined when absent or expired. */
  getRemainingTtl(key: string): number | undefined {
    const slot = this.#slotOf(key);
    if (slot === 0) {
      this.#check(key);
      return undefined;
    }
    const expires = this.#expires;
    if (expires === undefined || expires[slot] === Infinity) return Infinity;
    const remaining = expires[slot]! - this.#clock.now();
    return remaining > 0 ? remaining : undefined;
  }

  /** Values in the order of `keys`, undefined for each miss; counts a hit or miss per key. */
  getMany(keys: readonly string[]): (V | undefined)[] {
    assertKeys(keys, this.name);
    this.#assertOpen();
    const out = new Array<V | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.get(keys[i]!);
    return out;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Stores `value` under `key`, evicting by policy when a bound is reached.
   * `ttl`: milliseconds or a string (`'30s'`); unset means `defaultTtl`;
   * `Infinity` means never.
   * @returns true
   * @throws InvalidArgumentError for a bad key, value or ttl, and
   *   CapacityError when the entry alone exceeds `maxBytes` (nothing changes)
   */
  set(key: string, value: V, options?: SetOptions): boolean {
    if (options !== undefined || !this.#plain || value === undefined) return this.#set(key, value, options);
    if (typeof key !== 'string') assertKey(key, this.name);
    const slot = this.#index.lookupToWrite(key, this.#entries);
    if (slot === 0) {
      // Only a new key is validated: a key found equals a stored one, which was.
      if (key.length === 0 || !isWellFormed(key)) assertKey(key, this.name);
      this.#insertPlain(key, value);
    } else {
      const old = this.#entries[2 * slot + 1] as V;
      this.#entries[2 * slot + 1] = value;
      this.#policy.onUpdate(slot);
      this.#sets++;
      if (this.#onEvict !== undefined && old !== value) this.#pending.push(key, old, 'replaced');
    }
    if (this.#pending.length !== 0) this.#flush();
    return true;
  }

  /** `set` with options, TTLs, a byte bound, or a value to reject. */
  #set(key: string, value: V, options: SetOptions | undefined): boolean {
    const ttl = ttlOf(options) ?? this.#defaultTtl;
    if (value === undefined) assertValue(value, key, this.name);
    let size = 0;
    if (this.#sizes !== undefined) size = this.#measureChecked(key, value);
    else assertKey(key, this.name);
    const slot = this.#index.lookupToWrite(key, this.#entries);
    if (slot === 0) {
      if (this.#plain && ttl === Infinity) this.#insertPlain(key, value);
      else this.#insert(key, value, ttl, size);
    } else {
      this.#update(slot, key, value, ttl, size);
    }
    if (this.#pending.length !== 0) this.#flush();
    return true;
  }

  /**
   * Stores every entry; `options.ttl` applies to entries without their own.
   * Every entry is validated (and measured) first: one bad entry writes nothing.
   */
  setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): boolean {
    if (!Array.isArray(entries)) {
      throw new InvalidArgumentError('entries', 'entries must be an array of { key, value, ttl? }', { tier: this.name });
    }
    const batchTtl = ttlOf(options, 'setMany') ?? this.#defaultTtl;
    const checked = new Array<{ key: string; value: V }>(entries.length);
    const ttls = new Array<number>(entries.length);
    const sizes = this.#sizes === undefined ? undefined : new Array<number>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = (checked[i] = readEntry<V>(entries[i], i, this.name));
      ttls[i] = entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, `entries[${i}].ttl`)!;
      if (sizes !== undefined) sizes[i] = this.#measureChecked(entry.key, entry.value);
    }
    this.#assertOpen();
    for (let i = 0; i < entries.length; i++) {
      const { key, value } = checked[i]!;
      const slot = this.#index.lookup(key, this.#entries);
      if (slot === 0) this.#insert(key, value, ttls[i]!, sizes === undefined ? 0 : sizes[i]!);
      else this.#update(slot, key, value, ttls[i]!, sizes === undefined ? 0 : sizes[i]!);
    }
    if (this.#pending.length !== 0) this.#flush();
    return true;
  }

  /** Removes `key`; true when a live entry was removed. */
  delete(key: string): boolean {
    const slot = this.#slotOf(key);
    if (slot === 0) {
      this.#check(key);
      return false;
    }
    const live = !this.#isExpired(slot);
    this.#remove(slot, live ? 'explicit' : 'expired');
    if (this.#pending.length !== 0) this.#flush();
    return live;
  }

  /** Removes every key; returns how many live entries were removed. */
  deleteMany(keys: readonly string[]): number {
    assertKeys(keys, this.name);
    this.#assertOpen();
    let removed = 0;
    for (const key of keys) if (this.delete(key)) removed++;
    return removed;
  }

  /** Removes every entry (the listener hears `cleared`, or `expired` for entries past their TTL). Counters are kept. */
  clear(): void {
    this.#assertOpen();
    if (this.#onEvict !== undefined || this.#expires !== undefined) {
      const entries = this.#entries;
      for (let slot = FIRST_SLOT; slot < this.#fresh; slot++) {
        const key = entries[2 * slot];
        if (typeof key !== 'string') continue;
        const expired = this.#isExpired(slot);
        if (expired) {
          this.#evictions++;
          this.#expired++;
        }
        if (this.#onEvict !== undefined) this.#pending.push(key, entries[2 * slot + 1], expired ? 'expired' : 'cleared');
      }
    }
    this.#reset();
    this.#flush();
  }

  /**
   * Reclaims expired entries now (the background timer does this every
   * `reclaimInterval`). Exact to the timer wheel's resolution (about 1 s).
   * @returns how many entries were reclaimed
   */
  purgeExpired(): number {
    this.#assertOpen();
    const wheel = this.#wheel;
    if (wheel === undefined || wheel.size === 0) return 0;
    const reclaimed = this.#reclaim(this.#clock.now());
    this.#flush();
    return reclaimed;
  }

  /** Releases the timer and every entry (without notifying the listener). Later calls throw ClosedError; close itself is idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#plain = false;
    this.#pending.length = 0;
    this.#reset();
  }

  // ---------------------------------------------------------------- views

  /** Entries held, including expired ones not reclaimed yet. */
  get size(): number {
    return this.#count;
  }

  /** Bytes held as `sizeOf` (or the default estimate) measures them; 0 when sizes are not measured. */
  get memoryUsage(): number {
    return this.#bytes;
  }

  /**
   * Live keys, in no particular order (the order of the slots that hold
   * them; neither insertion nor recency order). Entries written during the
   * iteration may or may not be visited.
   */
  *keys(): IterableIterator<string> {
    for (const slot of this.#liveSlots()) yield this.#entries[2 * slot] as string;
  }

  /** Live values, in the order of `keys()`. */
  *values(): IterableIterator<V> {
    for (const slot of this.#liveSlots()) yield this.#entries[2 * slot + 1] as V;
  }

  /** Live `[key, value]` pairs, in the order of `keys()`. */
  *entries(): IterableIterator<[string, V]> {
    for (const slot of this.#liveSlots()) yield [this.#entries[2 * slot] as string, this.#entries[2 * slot + 1] as V];
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** A snapshot of the counters (the seed's `get_stats`); zeros but size and memoryUsage when `stats: false`. */
  stats(): CacheStatsSnapshot {
    if (!this.#statsEnabled) return NO_STATS.snapshot(this.#count, this.#bytes);
    const counters = {
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      deletes: this.#deletes,
      evictions: this.#evictions,
      expiredEvictions: this.#expired,
      errors: 0,
    };
    return snapshotOf(counters, this.#count, this.#bytes, this.#clock.now() - this.#start);
  }

  /** Zeroes the counters and restarts `uptime`. */
  resetStats(): void {
    this.#hits = this.#misses = this.#sets = this.#deletes = this.#evictions = this.#expired = 0;
    this.#start = this.#clock.now();
  }

  /**
   * Core's asynchronous `CacheTier` over this same instance (no copies): the
   * same object on every call, and `asAsync().sync === this`
   * (core's `InProcessCacheTier.asAsync`).
   */
  asAsync(): CacheTier<V> {
    return (this.#async ??= toAsyncTier<V>(this));
  }

  // ---------------------------------------------------------------- internals

  /** The slot holding `key`, or 0 (also for a key that is not a string: the miss path validates). */
  #slotOf(key: string): number {
    return typeof key === 'string' ? this.#index.lookup(key, this.#entries) : 0;
  }

  /** Slots holding an entry that has not expired (re-reading the arrays, which a write may replace). */
  *#liveSlots(): IterableIterator<number> {
    for (let slot = FIRST_SLOT; slot < this.#fresh; slot++) {
      if (typeof this.#entries[2 * slot] === 'string' && !this.#isExpired(slot)) yield slot;
    }
  }

  #miss(key: string): undefined {
    this.#check(key);
    this.#misses++;
    return undefined;
  }

  /** Validates a key that was not found, and refuses a closed cache (which holds nothing). */
  #check(key: string): void {
    if (typeof key !== 'string' || key.length === 0 || !isWellFormed(key)) assertKey(key, this.name);
    if (this.#closed) throw this.#closedError();
  }

  #assertOpen(): void {
    if (this.#closed) throw this.#closedError();
  }

  #closedError(): ClosedError {
    return new ClosedError(`the ${this.name} cache is closed; create a new MemoryCache`, { tier: this.name });
  }

  #isExpired(slot: number): boolean {
    const expires = this.#expires;
    if (expires === undefined) return false;
    const at = expires[slot]!;
    return at !== Infinity && at <= this.#clock.now();
  }

  /** For a slot with a finite expiry: false when expired; restarts the TTL when sliding. */
  #refresh(slot: number): boolean {
    const now = this.#clock.now();
    if (this.#expires![slot]! <= now) return false;
    if (this.#sliding) this.#wheel!.schedule(slot, now + this.#ttls![slot]!);
    return true;
  }

  #expiredRead(slot: number): undefined {
    this.#remove(slot, 'expired');
    this.#misses++;
    if (this.#pending.length !== 0) this.#flush();
    return undefined;
  }

  #measureChecked(key: string, value: V): number {
    assertKey(key, this.name);
    let size: number;
    try {
      size = this.#sizeOf!(value, key);
    } catch (cause) {
      throw new InvalidArgumentError(
        'value',
        `the value of key ${describeValue(key)} could not be measured for maxBytes (${messageOf(cause)}); store plain data, or pass a sizeOf option that measures it without reading it`,
        { tier: this.name, key, cause },
      );
    }
    if (typeof size !== 'number' || !(size >= 0) || size === Infinity) {
      throw new InvalidOptionError('sizeOf', `sizeOf must return a finite number of bytes >= 0 (got ${String(size)} for key ${describeValue(key)})`, { tier: this.name, key });
    }
    if (size > this.maxBytes) {
      throw new CapacityError(
        `the entry ${describeValue(key)} measures ${size} bytes, more than maxBytes (${this.maxBytes}); raise maxBytes or store a smaller value`,
        size,
        this.maxBytes,
        { tier: this.name, key },
      );
    }
    return size;
  }

  /** Stores a new entry (`key` validated, and just looked up in the index without success). */
  #insert(key: string, value: V, ttl: number, size: number): void {
    if (this.#closed) throw this.#closedError();
    let now = 0;
    const wheel = this.#wheel;
    if (wheel !== undefined && wheel.size > 0) {
      now = this.#clock.now();
      this.#reclaim(now);
    } else if (ttl !== Infinity) {
      now = this.#clock.now();
    }
    let slot = -1;
    if (this.#count >= this.maxEntries || this.#bytes + size > this.maxBytes) slot = this.#makeRoom(size);
    if (slot < 0) slot = this.#allocate();
    this.#count++;
    this.#entries[2 * slot] = key;
    this.#entries[2 * slot + 1] = value;
    const hash = this.#index.insert(slot, key, this.#entries);
    if (this.#sizes !== undefined) {
      this.#sizes[slot] = size;
      this.#bytes += size;
    }
    if (ttl !== Infinity) this.#schedule(slot, now + ttl, ttl);
    this.#policy.onInsert(slot, hash);
    this.#sets++;
  }

  /** The common insert: entry bound only, no TTL anywhere, open. At most one eviction, whose slot is reused. */
  #insertPlain(key: string, value: V): void {
    let slot: number;
    if (this.#count >= this.maxEntries) {
      slot = this.#policy.evict();
      this.#index.delete(slot, this.#entries);
      this.#evictions++;
      if (this.#onEvict !== undefined) this.#pending.push(this.#entries[2 * slot], this.#entries[2 * slot + 1], 'evicted');
    } else {
      slot = this.#allocate();
      this.#count++;
    }
    this.#entries[2 * slot] = key;
    this.#entries[2 * slot + 1] = value;
    this.#policy.onInsert(slot, this.#index.insert(slot, key, this.#entries));
    this.#sets++;
  }

  #update(slot: number, key: string, value: V, ttl: number, size: number): void {
    const expires = this.#expires;
    const hadTtl = expires !== undefined && expires[slot] !== Infinity;
    const now = hadTtl || ttl !== Infinity ? this.#clock.now() : 0;
    const old = this.#entries[2 * slot + 1] as V;
    const wasExpired = hadTtl && expires[slot]! <= now;
    this.#entries[2 * slot + 1] = value;
    if (ttl !== Infinity) this.#schedule(slot, now + ttl, ttl);
    else if (hadTtl) this.#wheel!.unschedule(slot);
    if (this.#sizes !== undefined) {
      this.#bytes += size - this.#sizes[slot]!;
      this.#sizes[slot] = size;
    }
    this.#policy.onUpdate(slot);
    this.#sets++;
    if (wasExpired) {
      this.#evictions++;
      this.#expired++;
    }
    if (this.#onEvict !== undefined && (wasExpired || old !== value)) this.#pending.push(key, old, wasExpired ? 'expired' : 'replaced');
    if (this.#bytes > this.maxBytes) {
      const wheel = this.#wheel;
      if (wheel !== undefined && wheel.size > 0) this.#reclaim(this.#clock.now());
      while (this.#bytes > this.maxBytes) {
        const victim = this.#evictOne();
        if (victim < 0) break;
        this.#release(victim);
      }
    }
  }

  /** Evicts until an entry of `size` bytes fits; returns the last victim's slot for reuse (-1 if none). */
  #makeRoom(size: number): number {
    let reusable = -1;
    while (this.#count >= this.maxEntries || this.#bytes + size > this.maxBytes) {
      if (reusable >= 0) this.#release(reusable);
      reusable = this.#evictOne();
      if (reusable < 0) break;
    }
    return reusable;
  }

  /**
   * Asks the policy for a victim and removes it; returns its (not yet
   * released) slot, or -1. A victim past its TTL (the wheel reclaims to its
   * ~1 s resolution first) counts and is reported as `expired`.
   */
  #evictOne(): number {
    const slot = this.#policy.evict();
    if (slot < 0) return -1;
    const key = this.#entries[2 * slot] as string;
    const expired = this.#isExpired(slot);
    this.#index.delete(slot, this.#entries);
    this.#count--;
    if (this.#wheel !== undefined) this.#wheel.unschedule(slot);
    if (this.#sizes !== undefined) this.#bytes -= this.#sizes[slot]!;
    this.#evictions++;
    if (expired) this.#expired++;
    if (this.#onEvict !== undefined) this.#pending.push(key, this.#entries[2 * slot + 1], expired ? 'expired' : 'evicted');
    this.#entries[2 * slot + 1] = undefined;
    return slot;
  }

  /** Removes a live slot for a reason other than eviction. */
  #remove(slot: number, reason: 'explicit' | 'expired'): void {
    this.#policy.onRemove(slot);
    const key = this.#entries[2 * slot] as string;
    this.#index.delete(slot, this.#entries);
    this.#count--;
    if (this.#wheel !== undefined) this.#wheel.unschedule(slot);
    if (this.#sizes !== undefined) this.#bytes -= this.#sizes[slot]!;
    if (reason === 'explicit') {
      this.#deletes++;
    } else {
      this.#evictions++;
      this.#expired++;
    }
    if (this.#onEvict !== undefined) this.#pending.push(key, this.#entries[2 * slot + 1], reason);
    this.#release(slot);
  }

  /** Puts a slot on the free list (threaded through the key array). */
  #release(slot: number): void {
    this.#entries[2 * slot] = this.#free;
    this.#entries[2 * slot + 1] = undefined;
    this.#free = slot;
  }

  #allocate(): number {
    const free = this.#free;
    if (free !== 0) {
      this.#free = this.#entries[2 * free] as number;
      return free;
    }
    if (this.#fresh === this.#slots) this.#grow();
    return this.#fresh++;
  }

  #grow(): void {
    const slots = Math.min(this.#maxSlots, this.#slots * 2);
    const old = this.#entries;
    let entries: unknown[];
    if (2 * slots <= FAST_ARRAY_MAX) {
      entries = new Array<unknown>(2 * slots);
      for (let i = 0; i < old.length; i++) entries[i] = old[i];
    } else {
      // V8 makes a `new Array(n)` past FAST_ARRAY_MAX a slow dictionary; one filled by pushes stays fast
      entries = old.slice();
      for (let i = entries.length; i < 2 * slots; i++) entries.push(undefined);
    }
    this.#entries = entries;
    if (this.#sizes !== undefined) {
      const sizes = new Float64Array(slots);
      sizes.set(this.#sizes);
      this.#sizes = sizes;
    }
    if (this.#wheel !== undefined) {
      this.#wheel.grow(slots);
      this.#expires = this.#wheel.expires;
    }
    if (this.#ttls !== undefined) {
      const ttls = new Float64Array(slots);
      ttls.set(this.#ttls);
      this.#ttls = ttls;
    }
    this.#index.grow(slots);
    this.#policy.grow(slots);
    this.#slots = slots;
  }

  #ensureWheel(): TimerWheel {
    if (this.#wheel === undefined) {
      this.#plain = false;
      this.#wheel = new TimerWheel(this.#slots, this.#clock.now());
      this.#expires = this.#wheel.expires;
      if (this.#sliding) this.#ttls = new Float64Array(this.#slots);
    }
    return this.#wheel;
  }

  #schedule(slot: number, at: number, ttl: number): void {
    const wheel = this.#wheel ?? this.#ensureWheel();
    wheel.schedule(slot, at);
    if (this.#ttls !== undefined) this.#ttls[slot] = ttl;
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#onTimer(), this.#reclaimInterval);
      this.#timer.unref();
    }
  }

  /** Reclaims what the wheel says is due at `now`; returns how many. */
  #reclaim(now: number): number {
    const due = this.#wheel!.advance(now);
    const expires = this.#expires!;
    let reclaimed = 0;
    for (let i = 0; i < due.length; i++) {
      const slot = due[i]!;
      if (expires[slot]! <= now) {
        this.#remove(slot, 'expired');
        reclaimed++;
      }
    }
    return reclaimed;
  }

  #onTimer(): void {
    const wheel = this.#wheel;
    if (this.#closed || wheel === undefined) return this.#stopTimer();
    this.#reclaim(this.#clock.now());
    if (wheel.size === 0) this.#stopTimer();
    this.#flush();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #reset(): void {
    this.#stopTimer();
    this.#index.clear();
    this.#count = 0;
    this.#policy.clear();
    this.#wheel?.clear();
    this.#entries.fill(undefined, 0, 2 * this.#fresh);
    this.#fresh = FIRST_SLOT;
    this.#free = 0;
    this.#bytes = 0;
  }

  /** Delivers queued listener calls; rethrows the first listener error once all are delivered. */
  #flush(): void {
    const pending = this.#pending;
    if (this.#flushing || pending.length === 0) return;
    const listener = this.#onEvict;
    if (listener === undefined) {
      pending.length = 0;
      return;
    }
    this.#flushing = true;
    let failed = false;
    let error: unknown;
    try {
      for (let i = 0; i < pending.length; i += 3) {
        try {
          listener(pending[i] as string, pending[i + 1] as V, pending[i + 2] as RemovalReason);
        } catch (e) {
          if (!failed) {
            failed = true;
            error = e;
          }
        }
      }
    } finally {
      pending.length = 0;
      this.#flushing = false;
    }
    if (failed) throw error;
  }
}
