/**
 * Instrumentation without touching tier code: `instrument(tier)` returns a
 * tier with the same interface that times every operation into latency
 * histograms (by operation and outcome) and publishes it on the
 * `@cache/stats:operation` diagnostics channel when someone listens.
 * @module
 */
import type { CacheEntry, CacheTier, SyncCacheTier } from '@cache/core';
import { ERROR, HIT, LatencyRecorder, MISS, OK, type LatencyRecorderOptions, type OperationLatency } from './latency-recorder.js';

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

/** A {@link CacheTier} that times its operations; `sync`, when present, is instrumented too. */
export interface InstrumentedTier<V> extends CacheTier<V>, Instrumented {
  /** The wrapped tier. */
  readonly inner: CacheTier<V>;
  readonly sync?: InstrumentedSyncTier<V>;
}

/** A {@link SyncCacheTier} that times its operations. */
export interface InstrumentedSyncTier<V> extends SyncCacheTier<V>, Instrumented {
  /** The wrapped tier. */
  readonly inner: SyncCacheTier<V>;
}

/** Operation indexes, in OPERATIONS order. */
const GET = 0, GET_ENTRY = 1, SET = 2, DELETE = 3, HAS = 4, GET_MANY = 5, SET_MANY = 6, DELETE_MANY = 7, CLEAR = 8; // prettier-ignore

const hitOrMiss = (value: unknown) => (value === undefined ? MISS : HIT);
const ok = () => OK;

function recorderOf(options: InstrumentOptions): LatencyRecorder {
  return options.recorder ?? new LatencyRecorder(options);
}

/**
 * Wraps an asynchronous tier so every operation is timed (per operation and
 * outcome: hit, miss, ok, error) and published on the `@cache/stats:operation`
 * diagnostics channel while it has subscribers. Values, errors and the
 * tier's own stats pass through unchanged; the tier's code is not touched.
 * When the tier has a `sync` face, the wrapper's `sync` is that face
 * instrumented with the same recorder.
 */
export function instrument<V>(tier: CacheTier<V>, options: InstrumentOptions = {}): InstrumentedTier<V> {
  const recorder = recorderOf(options);
  const sync = tier.sync === undefined ? undefined : instrumentSync(tier.sync, { recorder });
  const time = async <R>(operation: number, call: () => Promise<R>, outcomeOf: (result: R) => number, key: string | undefined, keys: number): Promise<R> => {
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
  };
  return {
    get name() {
      return tier.name;
    },
    inner: tier,
    recorder,
    ...(sync === undefined ? {} : { sync }),
    latencies: () => recorder.latencies(),
    get: (key) => time(GET, () => tier.get(key), hitOrMiss, key, 1),
    getEntry: (key) => time<CacheEntry<V> | undefined>(GET_ENTRY, () => tier.getEntry(key), hitOrMiss, key, 1),
    set: (key, value, setOptions) => time(SET, () => tier.set(key, value, setOptions), ok, key, 1),
    delete: (key) => time(DELETE, () => tier.delete(key), ok, key, 1),
    has: (key) => time(HAS, () => tier.has(key), ok, key, 1),
    getMany: (keys) => time(GET_MANY, () => tier.getMany(keys), ok, undefined, lengthOf(keys)),
    setMany: (entries, setOptions) => time(SET_MANY, () => tier.setMany(entries, setOptions), ok, undefined, lengthOf(entries)),
    deleteMany: (keys) => time(DELETE_MANY, () => tier.deleteMany(keys), ok, undefined, lengthOf(keys)),
    clear: () => time(CLEAR, () => tier.clear(), ok, undefined, 0),
    stats: () => tier.stats(),
    close: () => tier.close(),
  };
}

/**
 * Wraps a synchronous tier (e.g. a `MemoryCache`) so every operation is
 * timed and published like {@link instrument} does for asynchronous ones.
 */
export function instrumentSync<V>(tier: SyncCacheTier<V>, options: InstrumentOptions = {}): InstrumentedSyncTier<V> {
  const recorder = recorderOf(options);
  const time = <R>(operation: number, call: () => R, outcomeOf: (result: R) => number, key: string | undefined, keys: number): R => {
    if (!recorder.sample()) return call();
    const start = recorder.now();
    let result: R;
    try {
      result = call();
    } catch (error) {
      recorder.record(tier.name, operation, ERROR, start, key, keys, error);
      throw error;
    }
    recorder.record(tier.name, operation, outcomeOf(result), start, key, keys);
    return result;
  };
  return {
    get name() {
      return tier.name;
    },
    inner: tier,
    recorder,
    latencies: () => recorder.latencies(),
    get: (key) => time(GET, () => tier.get(key), hitOrMiss, key, 1),
    getEntry: (key) => time<CacheEntry<V> | undefined>(GET_ENTRY, () => tier.getEntry(key), hitOrMiss, key, 1),
    set: (key, value, setOptions) => time(SET, () => tier.set(key, value, setOptions), ok, key, 1),
    delete: (key) => time(DELETE, () => tier.delete(key), ok, key, 1),
    has: (key) => time(HAS, () => tier.has(key), ok, key, 1),
    getMany: (keys) => time(GET_MANY, () => tier.getMany(keys), ok, undefined, lengthOf(keys)),
    setMany: (entries, setOptions) => time(SET_MANY, () => tier.setMany(entries, setOptions), ok, undefined, lengthOf(entries)),
    deleteMany: (keys) => time(DELETE_MANY, () => tier.deleteMany(keys), ok, undefined, lengthOf(keys)),
    clear: () => time(CLEAR, () => tier.clear(), ok, undefined, 0),
    stats: () => tier.stats(),
    close: () => tier.close(),
  };
}

/** Batch size for events; bad input (not an array) is left for the tier to reject. */
function lengthOf(items: unknown): number {
  return Array.isArray(items) ? items.length : 0;
}
