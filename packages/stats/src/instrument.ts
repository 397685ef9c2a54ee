/**
 * Instrumentation without touching tier code: `instrument(tier)` returns a
 * face of the tier, with the tier's type, that times every operation of the
 * tier contract into latency histograms (by operation and outcome) and
 * publishes it on the `@cache/stats:operation` diagnostics channel when
 * someone listens. The tier's other members (a RedisCache's `on`,
 * `circuitState`, `getStats`, `clearPrefix`…) stay reachable through it.
 * @module
 */
import { InvalidArgumentError, InvalidOptionError, assertKnownOptions, describeValue, messageOf, type CacheEntry, type CacheTier, type SetManyEntry, type SetOptions, type SyncCacheTier } from '@cache/core';
import { ERROR, HIT, LATENCY_RECORDER_OPTIONS, LatencyRecorder, MISS, OK, type LatencyRecorderOptions, type OperationLatency } from './latency-recorder.js';
import { overlay } from './overlay.js';

/** Options of {@link instrument} and {@link instrumentSync}. */
export interface InstrumentOptions extends LatencyRecorderOptions {
  /**
   * Record into this recorder instead of a new one (to share histograms
   * between tiers, or between a tier's sync and async faces). When given,
   * the other options are ignored.
   */
  recorder?: LatencyRecorder;
}

/** What instrumentation adds to a tier. */
export interface Instrumented {
  /** Where the latencies go (shared by the async and sync faces). */
  readonly recorder: LatencyRecorder;
  /** The histograms recorded so far (live), by operation and outcome. */
  latencies(): OperationLatency[];
}

/**
 * A {@link CacheTier} that times its operations: the tier's own type `T`
 * (every member of the original stays reachable), plus {@link Instrumented};
 * `sync`, when present, is instrumented too.
 */
export type InstrumentedTier<V, T extends CacheTier<V> = CacheTier<V>> = T &
  Instrumented & {
    /** The wrapped tier. */
    readonly inner: T;
    readonly sync?: InstrumentedSyncTier<V>;
  };

/** A {@link SyncCacheTier} that times its operations, with the tier's own type `T`. */
export type InstrumentedSyncTier<V, T extends SyncCacheTier<V> = SyncCacheTier<V>> = T &
  Instrumented & {
    /** The wrapped tier. */
    readonly inner: T;
  };

/** The value type of a tier. */
export type TierValue<T> = T extends CacheTier<infer V> ? V : T extends SyncCacheTier<infer V> ? V : never;

/** Operation indexes, in OPERATIONS order. */
const GET = 0, GET_ENTRY = 1, SET = 2, DELETE = 3, HAS = 4, GET_MANY = 5, SET_MANY = 6, DELETE_MANY = 7, CLEAR = 8; // prettier-ignore

const hitOrMiss = (value: unknown) => (value === undefined ? MISS : HIT);
const ok = () => OK;

/** Checks `tier` (an object whose `get` is a function), then makes or takes the recorder. */
function recorderOf(tier: unknown, options: InstrumentOptions, what: string): LatencyRecorder {
  let get: unknown;
  try {
    get = typeof tier === 'object' && tier !== null ? (tier as { get?: unknown }).get : undefined;
  } catch (cause) {
    throw new InvalidArgumentError('tier', `${what} could not read the tier it was given (${messageOf(cause)}); pass an @cache tier`, { cause });
  }
  if (typeof get !== 'function') {
    throw new InvalidArgumentError('tier', `${what} needs an @cache tier (got ${describeValue(tier)}); pass e.g. a RedisCache, a MultiLevelCache or memoryCache.asAsync()`);
  }
  assertKnownOptions(options, INSTRUMENT_OPTIONS, what);
  const { recorder, ...recorderOptions } = options;
  if (recorder !== undefined && !(recorder instanceof LatencyRecorder)) {
    throw new InvalidOptionError('recorder', `recorder must be a LatencyRecorder (got ${describeValue(recorder)}); pass new LatencyRecorder(...) or leave it out`);
  }
  return recorder ?? new LatencyRecorder(recorderOptions);
}

const INSTRUMENT_OPTIONS: ReadonlySet<string> = new Set([...LATENCY_RECORDER_OPTIONS, 'recorder']);

/** Times one call: `call` is the tier's operation; `outcomeOf` classifies its (awaited) result. */
type Timer = <R>(operation: number, call: () => R, outcomeOf: (result: Awaited<R>) => number, key: string | undefined, keys: number) => R;

/**
 * The timed operations of a tier, for either face: both have the same
 * method names, and `time` is what differs (awaiting or not).
 */
function timedOperations<V>(tier: CacheTier<V> | SyncCacheTier<V>, recorder: LatencyRecorder, time: Timer) {
  const t = tier as CacheTier<V>; // the sync face has the same methods, returning plain values
  return {
    get name() {
      return tier.name;
    },
    recorder,
    latencies: () => recorder.latencies(),
    get: (key: string) => time(GET, () => t.get(key), hitOrMiss, key, 1),
    getEntry: (key: string) => time<Promise<CacheEntry<V> | undefined>>(GET_ENTRY, () => t.getEntry(key), hitOrMiss, key, 1),
    set: (key: string, value: V, setOptions?: SetOptions) => time(SET, () => t.set(key, value, setOptions), ok, key, 1),
    delete: (key: string) => time(DELETE, () => t.delete(key), ok, key, 1),
    has: (key: string) => time(HAS, () => t.has(key), ok, key, 1),
    getMany: (keys: readonly string[]) => time(GET_MANY, () => t.getMany(keys), ok, undefined, lengthOf(keys)),
    setMany: (entries: readonly SetManyEntry<V>[], setOptions?: SetOptions) => time(SET_MANY, () => t.setMany(entries, setOptions), ok, undefined, lengthOf(entries)),
    deleteMany: (keys: readonly string[]) => time(DELETE_MANY, () => t.deleteMany(keys), ok, undefined, lengthOf(keys)),
    clear: () => time(CLEAR, () => t.clear(), ok, undefined, 0),
    stats: () => tier.stats(),
    close: () => t.close(),
  };
}

/**
 * Wraps an asynchronous tier so every operation of the tier contract is
 * timed (per operation and outcome: hit, miss, ok, error) and published on
 * the `@cache/stats:operation` diagnostics channel while it has subscribers.
 * Values, errors and the tier's own stats pass through unchanged; the tier's
 * code is not touched. When the tier has a `sync` face, the wrapper's `sync`
 * is that face instrumented with the same recorder.
 *
 * The result has the tier's type: its other members (a RedisCache's `on`,
 * `circuitState`, `getStats`, `clearPrefix`, `info`…; a MultiLevelCache's
 * `getOrSet`, `levelStats`…) are the tier's own, bound to it, and untimed.
 */
export function instrument<T extends CacheTier<any>>(tier: T, options: InstrumentOptions = {}): InstrumentedTier<TierValue<T>, T> {
  const recorder = recorderOf(tier, options, 'instrument()');
  const sync = tier.sync === undefined ? undefined : instrumentSync(tier.sync as SyncCacheTier<TierValue<T>>, { recorder });
  const time = (async (operation: number, call: () => Promise<unknown>, outcomeOf: (result: unknown) => number, key: string | undefined, keys: number) => {
    if (!recorder.sample()) return call();
    const start = recorder.now();
    try {
      const result = await call();
      recorder.record(tier.name, operation, outcomeOf(result), start, key, keys);
      return result;
    } catch (error) {
      recorder.record(tier.name, operation, ERROR, start, key, keys, error);
      throw error;
    }
  }) as Timer;
  const operations = timedOperations<TierValue<T>>(tier, recorder, time);
  return overlay(tier, Object.assign(operations, { inner: tier }, sync === undefined ? {} : { sync }));
}

/**
 * Wraps a synchronous tier (e.g. a `MemoryCache`) so every operation is
 * timed and published like {@link instrument} does for asynchronous ones.
 * The tier's other members stay reachable (its own, untimed: e.g. a
 * MemoryCache's `peek`, or its `asAsync()`, which is the raw tier's face —
 * instrument that one with {@link instrument} to time it).
 */
export function instrumentSync<T extends SyncCacheTier<any>>(tier: T, options: InstrumentOptions = {}): InstrumentedSyncTier<TierValue<T>, T> {
  const recorder = recorderOf(tier, options, 'instrumentSync()');
  const time = ((operation: number, call: () => unknown, outcomeOf: (result: unknown) => number, key: string | undefined, keys: number) => {
    if (!recorder.sample()) return call();
    const start = recorder.now();
    let result: unknown;
    try {
      result = call();
    } catch (error) {
      recorder.record(tier.name, operation, ERROR, start, key, keys, error);
      throw error;
    }
    recorder.record(tier.name, operation, outcomeOf(result), start, key, keys);
    return result;
  }) as Timer;
  const operations = timedOperations<TierValue<T>>(tier, recorder, time);
  return overlay(tier, Object.assign(operations, { inner: tier }));
}

/** Batch size for events; bad input (not an array) is left for the tier to reject. */
function lengthOf(items: unknown): number {
  return Array.isArray(items) ? items.length : 0;
}
