/**
 * Stats of the tiered cache: core's snapshot for the whole cache, and the
 * seed's `get_multilevel_stats` shape with hits and hit ratios per level.
 * @module
 */
import { snapshotOf, type CacheStatsSnapshot } from '@cache/core';
import type { CacheContext } from './context.js';

/** A level's circuit breaker state, as its tier reports it (a RedisCache's `circuitState`). */
export type LevelCircuitState = 'closed' | 'open' | 'half-open';

/** One level's share of the work. */
export interface LevelStats {
  /** The level's name. */
  readonly name: string;
  /** Reads of the cache this level answered. */
  readonly hits: number;
  /** `hits / totalGets` of the cache (0 before any read). */
  readonly hitRatio: number;
  /** Operations at this level that failed (thrown, or a write that did not store). */
  readonly errors: number;
  /** Copies promoted into this level. */
  readonly promotions: number;
  /** Whether other instances share the level. */
  readonly shared: boolean;
  /** The level's own counters (its `stats()`), or undefined if that threw. */
  readonly stats: CacheStatsSnapshot | undefined;
  /**
   * The state of the level's circuit breaker, copied from its tier's
   * `circuitState` (RedisCache, RedisClusterCache) when it has one; absent
   * for tiers without a breaker (a MemoryCache).
   */
  readonly circuitState?: LevelCircuitState;
}

/** The seed's `get_multilevel_stats`, in camelCase, plus loader and bus counters. */
export interface MultiLevelStats {
  /** Reads (get, getEntry, getMany keys, getOrSet reads of the levels). */
  readonly totalGets: number;
  /** Values written (set, setMany entries, loaded values). */
  readonly totalSets: number;
  /** Reads no level answered with a fresh value. */
  readonly totalMisses: number;
  /** Reads answered, per level name. */
  readonly levelHits: Readonly<Record<string, number>>;
  /** `levelHits / totalGets` per level name (fractions; the seed used percents). */
  readonly levelHitRatios: Readonly<Record<string, number>>;
  /** Hits of all levels over `totalGets`. */
  readonly hitRatio: number;
  /** Loader calls made by getOrSet (one per key however many callers waited). */
  readonly loads: number;
  /** getOrSet callers that joined a load already in flight. */
  readonly coalesced: number;
  /** Loaders that threw or returned undefined. */
  readonly loaderErrors: number;
  /** Loaders stopped by the hard timeout. */
  readonly timeouts: number;
  /** getOrSet answers served from a stale value (grace or soft timeout). */
  readonly staleServed: number;
  /** Bus messages applied to the local levels (and clears after a lost subscription). */
  readonly invalidations: number;
  /** Bus publishes or subscriptions that failed. */
  readonly busErrors: number;
  /** getOrSet loads that found the load lock held by another instance and waited for its value. */
  readonly lockWaits: number;
  /** Loads done without the load lock: it failed (see `lockErrors`) or the wait for another holder passed `lockWait`. */
  readonly unlockedLoads: number;
  /** Load lock acquires and releases that failed (reported to `onError` as `'lock'`). */
  readonly lockErrors: number;
  /** Names of the levels failing now: reads skip them, writes are recorded for repair (see `degradedTtl`). */
  readonly failingLevels: readonly string[];
  /** Writes recorded for failing levels, waiting for them to return. */
  readonly pendingRepairs: number;
  /** Writes replayed to levels that came back. */
  readonly repairs: number;
  /** Repair records dropped: past `maxRepairs`, or rejected by the level as bad input. */
  readonly repairsDropped: number;
  /**
   * Whether the cache's subscription to its invalidation bus holds now
   * (false until `ready()`, and while the bus reports it lost: messages from
   * other instances may be missed meanwhile). Absent without a bus.
   */
  readonly busSubscribed?: boolean;
  /** Invalidations waiting to be published (the bus is slow or down). */
  readonly pendingPublishes: number;
  /** Times the queued publishes overflowed and became one `clear` message. */
  readonly publishFlushes: number;
  /** Errors per level name. */
  readonly levelErrors: Readonly<Record<string, number>>;
  /** Each level in detail, fastest first. */
  readonly levels: readonly LevelStats[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Per-level stats, fastest first. */
export function levelStats<V>(ctx: CacheContext<V>): LevelStats[] {
  const gets = ctx.counters.gets;
  return ctx.levels.map((level) => {
    let stats: CacheStatsSnapshot | undefined;
    try {
      stats = level.tier.stats();
    } catch {
      stats = undefined;
    }
    const entry: { -readonly [K in keyof LevelStats]: LevelStats[K] } = {
      name: level.name,
      hits: level.hits,
      hitRatio: ratio(level.hits, gets),
      errors: level.errors,
      promotions: level.promotions,
      shared: level.shared,
      stats,
    };
    const circuitState = circuitOf(level.tier);
    if (circuitState !== undefined) entry.circuitState = circuitState;
    return Object.freeze(entry);
  });
}

const CIRCUIT_STATES: ReadonlySet<unknown> = new Set<LevelCircuitState>(['closed', 'open', 'half-open']);

/** The tier's `circuitState`, when it has a valid one (read defensively: a getter may throw). */
function circuitOf(tier: object): LevelCircuitState | undefined {
  try {
    const state = (tier as { circuitState?: unknown }).circuitState;
    return CIRCUIT_STATES.has(state) ? (state as LevelCircuitState) : undefined;
  } catch {
    return undefined;
  }
}

/** The bus as the report sees it: its queue's length and subscription, or undefined without a bus. */
export interface BusReport {
  readonly pending: number;
  readonly subscribed: boolean;
}

/** The multilevel report. */
export function multilevelStats<V>(ctx: CacheContext<V>, bus: BusReport | undefined): MultiLevelStats {
  const c = ctx.counters;
  const levels = levelStats(ctx);
  const levelHits: Record<string, number> = {};
  const levelHitRatios: Record<string, number> = {};
  const levelErrors: Record<string, number> = {};
  let hits = 0;
  for (const level of levels) {
    levelHits[level.name] = level.hits;
    levelHitRatios[level.name] = level.hitRatio;
    levelErrors[level.name] = level.errors;
    hits += level.hits;
  }
  const report: { -readonly [K in keyof MultiLevelStats]: MultiLevelStats[K] } = {
    totalGets: c.gets,
    totalSets: c.sets,
    totalMisses: c.misses,
    levelHits: Object.freeze(levelHits),
    levelHitRatios: Object.freeze(levelHitRatios),
    hitRatio: ratio(hits, c.gets),
    loads: c.loads,
    coalesced: c.coalesced,
    loaderErrors: c.loaderErrors,
    timeouts: c.timeouts,
    staleServed: c.staleServed,
    invalidations: c.invalidations,
    busErrors: c.busErrors,
    lockWaits: c.lockWaits,
    unlockedLoads: c.unlockedLoads,
    lockErrors: c.lockErrors,
    failingLevels: Object.freeze(ctx.levels.filter((level) => level.failing).map((level) => level.name)),
    pendingRepairs: ctx.recovery.pending,
    repairs: c.repairs,
    repairsDropped: c.repairsDropped,
    pendingPublishes: bus?.pending ?? 0,
    publishFlushes: c.publishFlushes,
    levelErrors: Object.freeze(levelErrors),
    levels: Object.freeze(levels),
  };
  if (bus !== undefined) report.busSubscribed = bus.subscribed;
  return Object.freeze(report);
}

/**
 * Core's snapshot for the whole cache: hits summed over the levels' answers,
 * misses, sets and deletes of the cache; evictions, memory usage summed over
 * the levels' own stats; size of the largest level (the slowest usually
 * holds every key); errors of the levels, loaders, bus and load lock.
 */
export function cacheSnapshot<V>(ctx: CacheContext<V>, uptime: number): CacheStatsSnapshot {
  const c = ctx.counters;
  let hits = 0;
  let errors = c.loaderErrors + c.timeouts + c.busErrors + c.lockErrors;
  let evictions = 0;
  let expired = 0;
  let memory = 0;
  let size = 0;
  for (const level of ctx.levels) {
    hits += level.hits;
    errors += level.errors;
    try {
      const s = level.tier.stats();
      evictions += s.evictions;
      expired += s.expiredEvictions;
      memory += s.memoryUsage;
      if (s.size > size) size = s.size;
    } catch {
      // a level that cannot report contributes nothing
    }
  }
  return snapshotOf({ hits, misses: c.misses, sets: c.sets, deletes: c.deletes, evictions, expiredEvictions: expired, errors }, size, memory, uptime);
}
