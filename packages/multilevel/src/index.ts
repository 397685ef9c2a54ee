/**
 * `@cache/multilevel`: a tiered cache over `@cache` tiers (memory in front of
 * Redis in front of a Redis Cluster…): first-hit reads with promotion capped
 * by the remaining TTL, write-through to every level, single-flight
 * `getOrSet` with grace, soft and hard timeouts (one load across processes
 * with a load lock), per-level stats, and L1 coherence across instances over
 * an invalidation bus.
 * @module
 */
export { MultiLevelCache } from './multilevel-cache.js';
export {
  type MultiLevelCacheOptions,
  type LevelOptions,
  type MultiLevelSetOptions,
  type AbsorbedError,
  type AbsorbedOperation,
  DEFAULT_NAME,
  DEFAULT_GRACE,
  DEFAULT_SOFT_TIMEOUT,
  DEFAULT_HARD_TIMEOUT,
  DEFAULT_RESUBSCRIBE_DELAY,
  DEFAULT_LOCK_TTL,
  DEFAULT_LOCK_WAIT,
  DEFAULT_LOCK_POLL_INTERVAL,
  DEFAULT_DEGRADED_TTL,
  DEFAULT_RECOVERY_INTERVAL,
  DEFAULT_MAX_REPAIRS,
  MAX_PENDING_PUBLISHES,
} from './options.js';
export { type GetOrSetOptions, type WrapOptions, type Loader, type LoaderContext } from './get-or-set.js';
export { MultiLevelWriteError, type LevelFailure, type WriteOperation } from './errors.js';
export { type MultiLevelStats, type LevelStats, type LevelCircuitState } from './stats.js';
export {
  GETORSET_CHANNEL,
  LOAD_CHANNEL,
  type GetOrSetOutcome,
  type GetOrSetMessage,
  type LoadMessage,
} from './tracing.js';
export { type StoredEntry, isStoredEntry } from './stored-entry.js';
