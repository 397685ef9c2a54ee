/**
 * The figures the dashboard shows, gathered from the tiered cache's own
 * stats (per level: hits, entries, errors), the read-latency histogram, the
 * simulated database and the load generator.
 * @module
 */
import type { Histogram } from '@cache/stats';
import type { DemoCache, LevelKind } from './cache.js';
import type { Database } from './database.js';
import type { LoadGenerator } from './load.js';

/** One level on the dashboard. */
export interface LevelFigures {
  name: string;
  kind: LevelKind;
  /** Reads this level answered. */
  hits: number;
  /** `hits / totals.gets`. */
  hitRatio: number;
  /** Entries held (the level's own count). */
  size: number | undefined;
  errors: number;
}

/** What `/api/stats` returns and `/events` streams. */
export interface DemoSnapshot {
  /** When it was taken (ms since the epoch). */
  time: number;
  levels: LevelFigures[];
  totals: { gets: number; hits: number; misses: number; hitRatio: number; sets: number; loads: number; stale: number; errors: number };
  /** Read latency through the cache, ms. */
  latency: { count: number; p50: number; p90: number; p99: number; max: number };
  database: { up: boolean; queries: number; failures: number; latencyMs: number };
  load: { running: boolean; rate: number; issued: number; succeeded: number; failed: number };
  /** Reads per second since the previous snapshot. */
  rates: { readsPerSec: number };
}

/** The previous snapshot's read count, for the rate. */
export interface RateSample {
  time: number;
  gets: number;
}

/** What a snapshot is taken from. */
export interface SnapshotSources {
  demo: DemoCache;
  database: Database;
  load: LoadGenerator;
  /** Read latencies in ns. */
  latency: Histogram;
  last: RateSample;
}

const ms = (ns: number) => ns / 1e6;

/** Takes a snapshot. */
export function snapshot({ demo, database, load, latency, last }: SnapshotSources): DemoSnapshot {
  const time = Date.now();
  const stats = demo.cache.multilevelStats();
  const hits = stats.levels.reduce((sum, level) => sum + level.hits, 0);
  const elapsed = (time - last.time) / 1000;
  const summary = latency.count === 0 ? undefined : latency.summary();
  return {
    time,
    levels: stats.levels.map((level) => ({
      name: level.name,
      kind: demo.kinds[level.name] ?? 'memory',
      hits: level.hits,
      hitRatio: level.hitRatio,
      size: level.stats?.size,
      errors: level.errors,
    })),
    totals: {
      gets: stats.totalGets,
      hits,
      misses: stats.totalMisses,
      hitRatio: stats.hitRatio,
      sets: stats.totalSets,
      loads: stats.loads,
      stale: stats.staleServed,
      errors: stats.loaderErrors + stats.timeouts + Object.values(stats.levelErrors).reduce((a, b) => a + b, 0),
    },
    latency: {
      count: latency.count,
      p50: summary === undefined ? 0 : ms(summary.p50),
      p90: summary === undefined ? 0 : ms(summary.p90),
      p99: summary === undefined ? 0 : ms(summary.p99),
      max: summary === undefined ? 0 : ms(summary.max),
    },
    database: { up: database.up, queries: database.queries, failures: database.failures, latencyMs: database.latencyMs },
    load: { running: load.running, rate: load.rate, ...load.counters },
    rates: { readsPerSec: elapsed > 0 ? Math.max(0, (stats.totalGets - last.gets) / elapsed) : 0 },
  };
}
