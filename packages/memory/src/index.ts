/**
 * `@cache/memory`: a fast bounded in-process cache with a choice of eviction
 * policies (adaptive W-TinyLFU by default), entry and byte bounds, TTLs
 * reclaimed by a timer wheel, and core's tier contract.
 * @module
 */
export { MemoryCache } from './memory-cache.js';
export {
  DEFAULT_POLICY,
  DEFAULT_NAME,
  DEFAULT_RECLAIM_INTERVAL,
  MAX_ENTRIES_LIMIT,
  type MemoryCacheOptions,
  type MemoryCacheCommonOptions,
  type MaxEntriesBound,
  type MaxBytesBound,
} from './options.js';
export { POLICIES, FIRST_SLOT, type PolicyName, type EvictionPolicy } from './policy/policy.js';
export { createPolicy, type PolicySettings } from './policy/create.js';
export type { TimerWheel } from './expiry/timer-wheel.js';
export { estimateSize, ENTRY_OVERHEAD } from './size-of.js';
export { replay, type ReplayOptions, type ReplayResult } from './replay.js';
