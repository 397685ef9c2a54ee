/**
 * The options of {@link MemoryCache}, their defaults and their validation.
 * @module
 */
import { InvalidOptionError, MAX_TIMER_DELAY, assertKnownOptions, booleanOption, describeValue, parseDuration, systemClock, type Clock, type Duration, type RemovalReason } from '@cache/core';
import { POLICIES, type PolicyName } from './policy/policy.js';

/** The policy used when `policy` is unset: the best hit ratios on the reference traces (see the README). */
export const DEFAULT_POLICY: PolicyName = 'w-tinylfu';
/** Default tier name. */
export const DEFAULT_NAME = 'memory';
/** Default period of the expiry timer, in milliseconds. */
export const DEFAULT_RECLAIM_INTERVAL = 1000;
/** The largest `maxEntries` (slot indices are 32-bit). */
export const MAX_ENTRIES_LIMIT = 2 ** 31 - 8;

/** Options every cache takes, whatever its bound. */
export interface MemoryCacheCommonOptions<V> {
  /**
   * The eviction policy: `lru`, `lfu`, `fifo`, `ttl`, `random`, `sieve`,
   * `s3-fifo` or `w-tinylfu`.
   * @default DEFAULT_POLICY ('w-tinylfu')
   */
  policy?: PolicyName;
  /**
   * TTL of writes that give none: milliseconds or a string like `'5m'`.
   * Unset or `Infinity`: entries never expire unless a write says so.
   * @default Infinity
   */
  defaultTtl?: Duration;
  /**
   * Sliding expiry: every read hit restarts the entry's TTL (the TTL it was
   * written with). Writes always restart it.
   * @default false
   */
  slidingTtl?: boolean;
  /**
   * Measures an entry in bytes for `maxBytes` and `memoryUsage`; must return
   * a finite number ≥ 0. Unset: {@link estimateSize} when `maxBytes` is set;
   * with neither, sizes are not measured and `memoryUsage` is 0.
   */
  sizeOf?: (value: V, key: string) => number;
  /**
   * Time source for TTLs and `uptime`.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * Keep hit/miss/… counters. When false, `stats()` reports what core's
   * `DisabledStatsRecorder` does: every counter, the hit ratio and uptime 0,
   * whatever happened before or after `resetStats()` (size and memoryUsage
   * stay exact).
   * @default true
   */
  stats?: boolean;
  /**
   * Called after an entry leaves the cache, with why: `evicted` (bound),
   * `expired`, `explicit` (delete), `replaced` (overwritten by a different
   * value) or `cleared`. Calls happen once the operation that caused them is
   * complete, so the listener may use the cache; if it throws, the error
   * reaches the caller of that operation (after the cache is consistent).
   */
  onEvict?: (key: string, value: V, reason: RemovalReason) => void;
  /**
   * Name used in errors and stats.
   * @default 'memory'
   */
  name?: string;
  /**
   * How often the single background timer reclaims expired entries. It runs
   * only while entries with a TTL exist, and never keeps the process alive
   * (unref'd). Expired entries are never returned in between: reads check.
   * @default 1000 (1 s)
   */
  reclaimInterval?: Duration;
  /**
   * W-TinyLFU only: put a Bloom-filter doorkeeper in front of the frequency
   * sketch, so keys seen once do not take counters (helps with many
   * one-hit wonders; costs a bit of memory).
   * @default false
   */
  doorkeeper?: boolean;
  /**
   * Seed of the key hash, the `random` policy and W-TinyLFU's admission
   * jitter. Unset: a random seed per instance. Set it only for reproducible
   * tests and simulations: with a known seed an attacker can choose keys
   * whose hashes share a home; the key index then reseeds itself at
   * random (and stops being reproducible) rather than slow down.
   */
  seed?: number;
}

/** Bounded by entry count (and optionally bytes). */
export interface MaxEntriesBound {
  /** Most entries held; a positive integer. Evicts by policy beyond it. */
  maxEntries: number;
  /** Most bytes held, as `sizeOf` measures them; a positive number. */
  maxBytes?: number;
}

/** Bounded by bytes (and optionally entry count). */
export interface MaxBytesBound {
  /** Most entries held; a positive integer. */
  maxEntries?: number;
  /** Most bytes held, as `sizeOf` measures them; a positive number. */
  maxBytes: number;
}

/**
 * Options of {@link MemoryCache}: at least one of `maxEntries` and `maxBytes`
 * is required (a type error without either, and an InvalidOptionError at run time).
 */
export type MemoryCacheOptions<V> = (MaxEntriesBound | MaxBytesBound) & MemoryCacheCommonOptions<V>;

/** Options after validation. */
export interface ResolvedOptions<V> {
  name: string;
  policy: PolicyName;
  maxEntries: number;
  maxBytes: number;
  defaultTtl: number;
  slidingTtl: boolean;
  sizeOf: ((value: V, key: string) => number) | undefined;
  clock: Clock;
  stats: boolean;
  onEvict: ((key: string, value: V, reason: RemovalReason) => void) | undefined;
  reclaimInterval: number;
  doorkeeper: boolean;
  seed: number;
}

/** Every option a MemoryCache takes (any other is refused, naming the closest). */
const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'maxEntries', 'maxBytes', 'policy', 'defaultTtl', 'slidingTtl', 'sizeOf', 'clock', 'stats', 'onEvict', 'name', 'reclaimInterval', 'doorkeeper', 'seed',
]);

/** Validates options once, with messages that name the option to change. */
export function resolveOptions<V>(options: MemoryCacheOptions<V>): ResolvedOptions<V> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('maxEntries', 'MemoryCache needs an options object with maxEntries and/or maxBytes, e.g. new MemoryCache({ maxEntries: 10_000 })');
  }
  assertKnownOptions(options, KNOWN_OPTIONS, 'MemoryCache');
  const o = options as Partial<MaxEntriesBound & MaxBytesBound> & MemoryCacheCommonOptions<V>;
  if (o.maxEntries === undefined && o.maxBytes === undefined) {
    throw new InvalidOptionError('maxEntries', 'MemoryCache needs a bound: set maxEntries (an entry count) and/or maxBytes (with sizeOf or the default estimate)');
  }
  let maxEntries = Infinity;
  if (o.maxEntries !== undefined) {
    if (typeof o.maxEntries !== 'number' || !Number.isInteger(o.maxEntries) || o.maxEntries < 1 || o.maxEntries > MAX_ENTRIES_LIMIT) {
      throw new InvalidOptionError('maxEntries', `maxEntries must be an integer from 1 to ${MAX_ENTRIES_LIMIT} (got ${describeValue(o.maxEntries)})`);
    }
    maxEntries = o.maxEntries;
  }
  let maxBytes = Infinity;
  if (o.maxBytes !== undefined) {
    if (typeof o.maxBytes !== 'number' || !(o.maxBytes > 0) || !Number.isFinite(o.maxBytes)) {
      throw new InvalidOptionError('maxBytes', `maxBytes must be a finite number of bytes > 0 (got ${describeValue(o.maxBytes)})`);
    }
    maxBytes = o.maxBytes;
  }
  const policy = o.policy ?? DEFAULT_POLICY;
  if (!POLICIES.includes(policy)) {
    throw new InvalidOptionError('policy', `policy must be one of ${POLICIES.join(', ')} (got ${describeValue(policy)})`);
  }
  if (o.sizeOf !== undefined && typeof o.sizeOf !== 'function') {
    throw new InvalidOptionError('sizeOf', 'sizeOf must be a function (value, key) => bytes');
  }
  if (o.onEvict !== undefined && typeof o.onEvict !== 'function') {
    throw new InvalidOptionError('onEvict', 'onEvict must be a function (key, value, reason) => void');
  }
  const clock = o.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new InvalidOptionError('clock', 'clock must be an object with a now() method returning milliseconds');
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isInteger(o.seed))) {
    throw new InvalidOptionError('seed', `seed must be an integer (got ${describeValue(o.seed)})`);
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) {
    throw new InvalidOptionError('name', 'name must be a non-empty string');
  }
  return {
    name: o.name ?? DEFAULT_NAME,
    policy,
    maxEntries,
    maxBytes,
    defaultTtl: o.defaultTtl === undefined ? Infinity : parseDuration(o.defaultTtl, 'defaultTtl', { allowZero: false, allowInfinity: true }),
    slidingTtl: booleanOption(o.slidingTtl, 'slidingTtl', false),
    sizeOf: o.sizeOf,
    clock,
    stats: booleanOption(o.stats, 'stats', true),
    onEvict: o.onEvict,
    reclaimInterval:
      o.reclaimInterval === undefined ? DEFAULT_RECLAIM_INTERVAL : parseDuration(o.reclaimInterval, 'reclaimInterval', { allowZero: false, max: MAX_TIMER_DELAY }),
    doorkeeper: booleanOption(o.doorkeeper, 'doorkeeper', false),
    seed: o.seed ?? ((Math.random() * 0x100000000) | 0),
  };
}
