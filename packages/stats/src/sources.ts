/**
 * Metric sources of a tiered cache: one per level (its own stats, the
 * latencies of an instrumented tier, a breaker's state) and one for the
 * cache itself (loads, coalesced callers, loader errors and timeouts, stale
 * answers, invalidations, bus errors and status). Read from what a
 * `MultiLevelCache` and its tiers expose, structurally: this package does
 * not import them. The same sources feed the Prometheus text
 * ({@link toPrometheus}, {@link collect}) and `@cache/otel`.
 * @module
 */
import { InvalidArgumentError, describeValue } from '@cache/core';
import type { NamedStats } from './aggregate.js';
import type { OperationLatency } from './latency-recorder.js';
import type { CircuitState, MetricsSource, TieredCounters } from './series.js';

/** What {@link multilevelSources} reads from a tiered cache; a `MultiLevelCache` has it. */
export interface TieredCacheLike {
  /** The cache's name: the `cache` label. */
  readonly name: string;
  /** Each level's name and own stats, fastest first. */
  levelStats(): readonly NamedStats[];
  /** The cache's own counters (loads, stale answers…); read when present. */
  multilevelStats?(): TieredCounters;
}

/**
 * What a level's tier may add to its level's series, read when present: the
 * histograms of an instrumented tier (`instrument(tier)`), the breaker state
 * of a RedisCache or RedisClusterCache.
 */
export interface LevelTierLike {
  latencies?(): readonly OperationLatency[];
  readonly circuitState?: CircuitState;
}

/** Options of {@link multilevelSources}. */
export interface MultilevelSourcesOptions {
  /**
   * The tiers of the levels, by level name (those you passed as `levels`),
   * for what a level's stats do not carry: latencies of instrumented tiers,
   * breaker state. Unset: per-level stats only.
   */
  tiers?: Readonly<Record<string, LevelTierLike>>;
  /**
   * The invalidation bus the cache listens on (e.g. a
   * `RedisInvalidationBus`), for the `bus_subscribed` gauge. Unset: no such
   * series.
   */
  bus?: { readonly subscribed: boolean };
}

/**
 * The sources of a tiered cache at this moment: one per level (labelled
 * `level`), then one for the cache (its loads and bus). Call it at every
 * scrape or collection: e.g. `collect(() => multilevelSources(cache))`.
 * @throws InvalidArgumentError when `tiers` names a level the cache does not have
 */
export function multilevelSources(cache: TieredCacheLike, options: MultilevelSourcesOptions = {}): MetricsSource[] {
  if (typeof cache !== 'object' || cache === null || typeof cache.levelStats !== 'function') {
    throw new InvalidArgumentError('cache', `multilevelSources() needs a tiered cache with levelStats() (got ${describeValue(cache)})`);
  }
  const tiers = options.tiers ?? {};
  const levels = cache.levelStats();
  for (const name of Object.keys(tiers)) {
    if (!levels.some((level) => level.name === name)) {
      throw new InvalidArgumentError('tiers', `tiers.${name}: the cache has no level "${name}" (levels: ${levels.map((l) => l.name).join(', ')})`);
    }
  }
  const sources: MetricsSource[] = levels.map(({ name, stats }) => {
    const tier = tiers[name];
    const source: { -readonly [K in keyof MetricsSource]: MetricsSource[K] } = { cache: cache.name, level: name, stats };
    if (typeof tier?.latencies === 'function') source.latencies = tier.latencies();
    if (typeof tier?.circuitState === 'string') source.circuitState = tier.circuitState;
    return source;
  });
  const own: { -readonly [K in keyof MetricsSource]: MetricsSource[K] } = { cache: cache.name };
  if (typeof cache.multilevelStats === 'function') own.tiered = cache.multilevelStats();
  if (options.bus !== undefined) own.busSubscribed = options.bus.subscribed;
  if (own.tiered !== undefined || own.busSubscribed !== undefined) sources.push(own);
  return sources;
}
