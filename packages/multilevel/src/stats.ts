/**
 * Stats of the tiered cache: core's snapshot for the whole cache, and the
 * seed's `get_multilevel_stats` shape with hits and hit ratios per level.
 * @module
 */
import { ratio, snapshotOf, sumSnapshots, type CacheStatsSnapshot, type CacheTier, type CircuitState, type TieredCounters } from '@cache/core';
import type { CacheContext } from './context.js';

/** A level's circuit breaker state, as its tier reports it (a RedisCache's `circuitState`): core's `CircuitState`. */
export type LevelCircuitState = CircuitState;

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

/**
 * The seed's `get_multilevel_stats`, in camelCase, plus the cache's own
 * counters (core's `TieredCounters`, every one present here: loads, stale
 * answers, bus, load lock and outage figures).
 */
export interface MultiLevelStats extends Required<TieredCounters> {
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
  /** Names of the levels failing now: reads skip them, writes are recorded for repair (see `degradedTtl`). */
  readonly failingLevels: readonly string[];
  /**
   * Whether the cache's subscription to its invalidation bus holds now
   * (false until `ready()`, and while the bus reports it lost: messages from
   * other instances may be missed meanwhile). Absent without a bus.
   */
  readonly busSubscribed?: boolean;
  /** Errors per level name. */
  readonly levelErrors: Readonly<Record<string, number>>;
  /** Each level in detail, fastest first. */
  readonly levels: readonly LevelStats[];
}


/** A level's own snapshot, or undefined when its `stats()` throws (a level that cannot report counts as zeros). */
function ownStats(tier: CacheTier<unknown>): CacheStatsSnapshot | undefined {
  try {
    return tier.stats();
  } catch {
    return undefined;
  }
}

/** Per-level stats, fastest first. */
export function levelStats<V>(ctx: CacheContext<V>): LevelStats[] {
  const gets = ctx.counters.gets;
  return ctx.levels.map((level) => {
    const stats = ownStats(level.tier);
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
    overtakenLoads: c.overtakenLoads,
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
  for (const level of ctx.levels) {
    hits += level.hits;
    errors += level.errors;
  }
  const own = ctx.levels.map((level) => ownStats(level.tier));
  const levels = sumSnapshots(own);
  const size = own.reduce((largest, s) => (s !== undefined && s.size > largest ? s.size : largest), 0);
  const counters = { hits, misses: c.misses, sets: c.sets, deletes: c.deletes, evictions: levels.evictions, expiredEvictions: levels.expiredEvictions, errors };
  return snapshotOf(counters, size, levels.memoryUsage, uptime);
}
