/**
 * Per-level aggregation of a tiered cache's stats (the seed's
 * `get_multilevel_stats`), computed from each level's own snapshot.
 *
 * A read goes to level 1; each miss goes on to the next level. So the reads
 * that reach a level are its hits plus its misses, the reads of the whole
 * cache are those of level 1, and a read misses the whole cache when it
 * misses the last level.
 * @module
 */
import { InvalidArgumentError, ZERO_COUNTERS, assertKnownOptions, describeValue, hitRatio, messageOf, ratio, sumSnapshots, type CacheStatsSnapshot } from '@cache/core';

const AGGREGATE_OPTIONS: ReadonlySet<string> = new Set(['reads']);

/**
 * One named level, in lookup order (fastest first). A `MultiLevelCache`'s
 * `levelStats()` entries have this shape (their other fields are ignored).
 */
export interface NamedStats {
  /** The level's name (unique, non-empty), e.g. `l1` or `redis`. */
  readonly name: string;
  /** The level's own snapshot; undefined when it could not report (its `stats()` threw): its figures then count as 0. */
  readonly stats: CacheStatsSnapshot | undefined;
}

/** A level's figures within the whole. */
export interface LevelAggregate {
  readonly name: string;
  /** The level's own snapshot (undefined when it could not report: its figures are then 0). */
  readonly stats: CacheStatsSnapshot | undefined;
  /** Reads that reached this level: its hits + misses. */
  readonly requests: number;
  /** Hits over the reads that reached this level (0 when none did). */
  readonly hitRatio: number;
  /**
   * This level's hits over every read of the whole cache: the share of all
   * reads it served (the seed's `<level>_hit_ratio`, as a fraction, not a
   * percentage). The levels' shares add up to the overall hit ratio.
   */
  readonly shareOfReads: number;
  /** This level's hits over the hits of every level (0 when there were none). */
  readonly shareOfHits: number;
}

/**
 * The whole cache's figures and each level's (what {@link aggregate}
 * returns). As a snapshot of the whole cache: `hits` are the reads some
 * level served (the sum of the levels' hits), `misses` the reads none could
 * serve (`reads - hits`), `hitRatio` hits over reads; sets, deletes,
 * evictions, expired evictions, errors, memory usage and size are the sums
 * over the levels (an entry held by two levels counts twice) and `uptime`
 * the longest of theirs.
 */
export interface MultiLevelAggregate extends CacheStatsSnapshot {
  /** Levels in lookup order. */
  readonly levels: readonly LevelAggregate[];
  /** Reads of the whole cache (level 1's hits + misses, or the `reads` option). */
  readonly reads: number;
}

/** @deprecated Renamed {@link MultiLevelAggregate} (spelled like `MultiLevelCache`); this alias will be removed in a future major. */
export type MultilevelAggregate = MultiLevelAggregate;

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /**
   * Reads of the whole cache, when the caller counts them (e.g. a tiered
   * cache's own counter). Needed when level 1 also serves reads that do not
   * come through the tiered cache. Unset: level 1's hits + misses.
   */
  reads?: number;
}

/**
 * Per-level and overall hit figures of a tiered cache. `levels` is ordered
 * fastest first: an array of `{ name, stats }`, or an object whose keys are
 * the level names in lookup order. `aggregate(multilevelCache.levelStats())`
 * works as it is.
 * @throws InvalidArgumentError for no levels, duplicate or empty names, or a bad `reads`
 */
export function aggregate(levels: readonly NamedStats[] | Readonly<Record<string, CacheStatsSnapshot | undefined>>, options: AggregateOptions = {}): MultiLevelAggregate {
  if (typeof levels !== 'object' || levels === null) {
    throw new InvalidArgumentError('levels', `levels must be an array of { name, stats } or an object of snapshots by level name (got ${describeValue(levels)}); pass e.g. cache.levelStats()`);
  }
  assertKnownOptions(options, AGGREGATE_OPTIONS, 'aggregate');
  let list: readonly NamedStats[];
  try {
    list = Array.isArray(levels)
      ? (levels as readonly NamedStats[])
      : Object.entries(levels as Record<string, CacheStatsSnapshot | undefined>).map(([name, stats]) => ({ name, stats }));
  } catch (cause) {
    throw new InvalidArgumentError('levels', `levels could not be read (${messageOf(cause)}); pass an array of { name, stats } such as cache.levelStats()`, { cause });
  }
  if (list.length === 0) throw new InvalidArgumentError('levels', 'aggregate() needs at least one level');
  const names = new Set<string>();
  for (const level of list) {
    if (typeof level !== 'object' || level === null) throw new InvalidArgumentError('levels', `every level must be { name, stats } (got ${describeValue(level)})`);
    const { name, stats } = level;
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('levels', `every level needs a non-empty name (got ${describeValue(name)})`);
    if (names.has(name)) throw new InvalidArgumentError('levels', `level names must be unique; "${name}" appears twice`);
    if (stats !== undefined && (typeof stats !== 'object' || stats === null)) {
      throw new InvalidArgumentError('levels', `level "${name}" must have a stats snapshot or undefined (got ${describeValue(stats)})`);
    }
    names.add(name);
  }
  const first = list[0]!.stats;
  const reads = options.reads ?? (first === undefined ? 0 : first.hits + first.misses);
  if (typeof reads !== 'number' || !Number.isFinite(reads) || reads < 0) {
    throw new InvalidArgumentError('reads', `reads must be a finite number ≥ 0 (got ${describeValue(reads)})`);
  }
  const total = sumSnapshots(list.map((level) => level.stats));
  const hits = total.hits;
  return {
    ...total,
    misses: Math.max(0, reads - hits),
    hitRatio: Math.min(1, ratio(hits, reads)),
    levels: list.map(({ name, stats }) => {
      const own = stats ?? ZERO_COUNTERS;
      return {
        name,
        stats,
        requests: own.hits + own.misses,
        hitRatio: hitRatio(own.hits, own.misses),
        shareOfReads: ratio(own.hits, reads),
        shareOfHits: ratio(own.hits, hits),
      };
    }),
    reads,
  };
}
