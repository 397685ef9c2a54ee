/**
 * Metric sources of a tiered cache: one per level (its own stats, the
 * latencies of an instrumented tier, a breaker's state) and one for the
 * cache itself (loads, coalesced callers, loader errors and timeouts, stale
 * answers, invalidations, bus errors and status, load lock and outage
 * state). Read from what a
 * `MultiLevelCache` and its tiers expose, structurally: this package does
 * not import them. The same sources feed the Prometheus text
 * ({@link toPrometheus}, {@link collect}) and `@cache/otel`.
 * @module
 */
import { InvalidArgumentError, describeValue } from '@cache/core';
import type { NamedStats } from './aggregate.js';
import type { OperationLatency } from './latency-recorder.js';
import type { CircuitState, MetricsSource, TieredCounters } from './series.js';

/** A level as {@link multilevelSources} reads it: a `MultiLevelCache`'s `LevelStats` has it. */
export interface LevelStatsLike extends NamedStats {
  /** The level's breaker state (copied from its tier): the `circuit_state` series. */
  readonly circuitState?: CircuitState;
}

/** What {@link multilevelSources} reads of a tiered cache's own report; a `MultiLevelCache`'s `multilevelStats()` has it. */
export interface TieredReport extends TieredCounters {
  /** Whether the cache's bus subscription holds (absent without a bus): the `bus_subscribed` gauge. */
  readonly busSubscribed?: boolean;
  /** Names of the levels failing now: the `level_failing` gauge of each level. */
  readonly failingLevels?: readonly string[];
}

/** What {@link multilevelSources} reads from a tiered cache; a `MultiLevelCache` has it. */
export interface TieredCacheLike {
  /** The cache's name: the `cache` label. */
  readonly name: string;
  /** Each level's name, own stats and breaker state, fastest first. */
  levelStats(): readonly LevelStatsLike[];
  /** The cache's own counters (loads, stale answers, outage state…) and bus status; read when present. */
  multilevelStats?(): TieredReport;
}

/** What a level's tier may add to its level's series, read when present: the histograms of an instrumented tier (`instrument(tier)`). */
export interface LevelTierLike {
  latencies?(): readonly OperationLatency[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Options of {@link multilevelSources}. */
export interface MultiLevelSourcesOptions {
  /**
   * The instrumented tiers of the levels, by level name (those you passed
   * as `levels`), for their latency histograms. Unset: no latencies. The
   * breaker state and the bus status come from the cache itself.
   */
  tiers?: Readonly<Record<string, LevelTierLike>>;
}

/** @deprecated Renamed {@link MultiLevelSourcesOptions} (spelled like `MultiLevelCache`); this alias will be removed in a future major. */
export type MultilevelSourcesOptions = MultiLevelSourcesOptions;

/**
 * The sources of a tiered cache at this moment: one per level (labelled
 * `level`), then one for the cache (its loads and bus). Call it at every
 * scrape or collection: e.g. `collect(() => multilevelSources(cache))`.
 * @throws InvalidArgumentError when `tiers` names a level the cache does not have
 */
export function multilevelSources(cache: TieredCacheLike, options: MultiLevelSourcesOptions = {}): MetricsSource[] {
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
  const report = typeof cache.multilevelStats === 'function' ? cache.multilevelStats() : undefined;
  const failing = report?.failingLevels;
  const sources: MetricsSource[] = levels.map(({ name, stats, circuitState }) => {
    const tier = tiers[name];
    const source: Mutable<MetricsSource> = { cache: cache.name, level: name, stats };
    if (typeof tier?.latencies === 'function') source.latencies = tier.latencies();
    if (circuitState !== undefined) source.circuitState = circuitState;
    if (failing !== undefined) source.failing = failing.includes(name);
    return source;
  });
  if (report !== undefined) {
    const own: Mutable<MetricsSource> = { cache: cache.name, tiered: report };
    if (report.busSubscribed !== undefined) own.busSubscribed = report.busSubscribed;
    sources.push(own);
  }
  return sources;
}
