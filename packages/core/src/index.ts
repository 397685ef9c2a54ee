/**
 * The shared contract of the `@cache` tiers: the tier interfaces, errors,
 * durations, key/value validation, stats and the invalidation bus.
 * @module
 */
export * from './errors.js';
export { describeValue, messageOf } from './describe-value.js';
export { parseDuration, MAX_DURATION, MAX_TIMER_DELAY, type Duration, type DurationUnit, type DurationRules } from './duration.js';
export { assertKey, assertKeys, assertValue, isWellFormed, parseTtl, readEntry, ttlOf } from './validate.js';
export { assertKnownOptions, assertReadableOptions, booleanOption, closestOption } from './options.js';
export { assertCallOptions, callOptionNames, SET_OPTIONS } from './call-options.js';
export { type Clock, systemClock } from './clock.js';
export {
  type RemovalReason,
  type CacheStatsSnapshot,
  type StatsRecorder,
  CounterStatsRecorder,
  DisabledStatsRecorder,
  hitRatio,
  ratio,
  snapshotOf,
  sumSnapshots,
  ZERO_COUNTERS,
  type StatsCounters,
} from './stats.js';
export { type CircuitState, type TieredCounters } from './tiered-stats.js';
export {
  type CacheTier,
  type SyncCacheTier,
  type InProcessCacheTier,
  type CacheEntry,
  type SetOptions,
  type SetManyEntry,
  isInProcessTier,
  toAsyncTier,
} from './tier.js';
export {
  type InvalidationBus,
  type InvalidationMessage,
  type InvalidationKind,
  type InvalidationOrigin,
  type BusStatus,
  type Publication,
  VersionClock,
  assertPublication,
  assertSubscription,
  assertNamespace,
  isInvalidationKind,
} from './bus.js';
export { VersionFilter, DEFAULT_MAX_TRACKED_KEYS } from './version-filter.js';
export { type LoadLock, type LockLease, assertLockArguments } from './lock.js';
