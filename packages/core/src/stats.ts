/**
 * Statistics every tier keeps: an immutable snapshot, a recorder interface,
 * a counting recorder (the default) and a disabled one (Caffeine's
 * CacheStats / StatsCounter split).
 * @module
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/**
 * Why an entry left a tier; shared by eviction listeners and stats.
 * - `explicit`: delete() or deleteMany()
 * - `replaced`: overwritten by set()
 * - `expired`: its TTL ran out
 * - `evicted`: removed by the size bound / eviction policy
 * - `cleared`: clear()
 */
export type RemovalReason = 'explicit' | 'replaced' | 'expired' | 'evicted' | 'cleared';

/** A point-in-time copy of a tier's counters (the seed's `get_stats`). */
export interface CacheStatsSnapshot {
  /** Reads that found a live value. */
  readonly hits: number;
  /** Reads that found nothing (or only an expired value). */
  readonly misses: number;
  /** Successful writes. */
  readonly sets: number;
  /** Deletes that removed an entry. */
  readonly deletes: number;
  /** Entries removed by the size bound or policy, plus expired ones (`expiredEvictions` counts those). */
  readonly evictions: number;
  /** Entries removed because their TTL ran out (included in `evictions`). */
  readonly expiredEvictions: number;
  /** Operations that failed against the backend (counted in "miss" mode). */
  readonly errors: number;
  /** Bytes held, as the tier measures them (0 when unknown). */
  readonly memoryUsage: number;
  /** Entries held (may include expired entries not reclaimed yet for remote tiers). */
  readonly size: number;
  /** hits / (hits + misses); 0 before any read. */
  readonly hitRatio: number;
  /** Milliseconds since the tier was created (or its stats reset). */
  readonly uptime: number;
}

/** Where tiers report events; implementations decide what to keep. */
export interface StatsRecorder {
  /** `count` reads hit. */
  recordHits(count: number): void;
  /** `count` reads missed. */
  recordMisses(count: number): void;
  /** `count` writes succeeded. */
  recordSets(count: number): void;
  /** `count` entries were deleted explicitly. */
  recordDeletes(count: number): void;
  /** One entry was evicted or expired. */
  recordEviction(reason: 'evicted' | 'expired'): void;
  /** `count` operations failed against the backend. */
  recordErrors(count: number): void;
  /** A snapshot, completed with the tier's current size and memory usage. */
  snapshot(size: number, memoryUsage: number): CacheStatsSnapshot;
  /** Zero every counter and restart uptime. */
  reset(): void;
}

/** `part / whole`, 0 when `whole` is 0 (a ratio before anything happened). */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Computes the hit ratio, 0 when there were no reads. */
export function hitRatio(hits: number, misses: number): number {
  return ratio(hits, hits + misses);
}

/** The counters of a snapshot; `snapshotOf()` derives the rest. */
export type StatsCounters = Pick<CacheStatsSnapshot, 'hits' | 'misses' | 'sets' | 'deletes' | 'evictions' | 'expiredEvictions' | 'errors'>;

/** The fields of {@link StatsCounters}, in snapshot order. */
const COUNTER_FIELDS = ['hits', 'misses', 'sets', 'deletes', 'evictions', 'expiredEvictions', 'errors'] as const satisfies readonly (keyof StatsCounters)[];

/** Counters of a tier that keeps none. */
export const ZERO_COUNTERS: StatsCounters = Object.freeze({ hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expiredEvictions: 0, errors: 0 });

/**
 * The one way to build a {@link CacheStatsSnapshot}: a frozen copy of
 * `counters` completed with the tier's size, memory usage and uptime, and the
 * hit ratio derived from the counters. Tiers that keep their own counters
 * (for speed) use it so every snapshot has the same shape.
 */
export function snapshotOf(counters: StatsCounters, size: number, memoryUsage: number, uptime: number): CacheStatsSnapshot {
  return Object.freeze({
    hits: counters.hits,
    misses: counters.misses,
    sets: counters.sets,
    deletes: counters.deletes,
    evictions: counters.evictions,
    expiredEvictions: counters.expiredEvictions,
    errors: counters.errors,
    memoryUsage,
    size,
    hitRatio: hitRatio(counters.hits, counters.misses),
    uptime,
  });
}

/**
 * Several tiers' snapshots added up (the levels of a tiered cache): every
 * counter, the memory usage and the size summed (an entry held by two
 * tiers counts twice), the longest uptime, and the hit ratio of the sums.
 * An `undefined` snapshot (a tier whose `stats()` threw) counts as zeros.
 */
export function sumSnapshots(snapshots: readonly (CacheStatsSnapshot | undefined)[]): CacheStatsSnapshot {
  const sum = { hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expiredEvictions: 0, errors: 0 };
  let memoryUsage = 0;
  let size = 0;
  let uptime = 0;
  for (const s of snapshots) {
    if (s === undefined) continue;
    for (const field of COUNTER_FIELDS) sum[field] += s[field];
    memoryUsage += s.memoryUsage;
    size += s.size;
    if (s.uptime > uptime) uptime = s.uptime;
  }
  return snapshotOf(sum, size, memoryUsage, uptime);
}

/** The default recorder: plain counters, cheap enough to stay on. */
export class CounterStatsRecorder implements StatsRecorder {
  readonly #counts: { -readonly [K in keyof StatsCounters]: number } = { ...ZERO_COUNTERS };
  #start: number;
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
    this.#start = clock.now();
  }

  recordHits(count: number): void {
    this.#counts.hits += count;
  }
  recordMisses(count: number): void {
    this.#counts.misses += count;
  }
  recordSets(count: number): void {
    this.#counts.sets += count;
  }
  recordDeletes(count: number): void {
    this.#counts.deletes += count;
  }
  recordEviction(reason: 'evicted' | 'expired'): void {
    this.#counts.evictions++;
    if (reason === 'expired') this.#counts.expiredEvictions++;
  }
  recordErrors(count: number): void {
    this.#counts.errors += count;
  }
  snapshot(size: number, memoryUsage: number): CacheStatsSnapshot {
    return snapshotOf(this.#counts, size, memoryUsage, this.#clock.now() - this.#start);
  }
  reset(): void {
    Object.assign(this.#counts, ZERO_COUNTERS);
    this.#start = this.#clock.now();
  }
}

/** A recorder that keeps nothing: every counter reads 0. */
export class DisabledStatsRecorder implements StatsRecorder {
  recordHits(_count: number): void {}
  recordMisses(_count: number): void {}
  recordSets(_count: number): void {}
  recordDeletes(_count: number): void {}
  recordEviction(_reason: 'evicted' | 'expired'): void {}
  recordErrors(_count: number): void {}
  snapshot(size: number, memoryUsage: number): CacheStatsSnapshot {
    return snapshotOf(ZERO_COUNTERS, size, memoryUsage, 0);
  }
  reset(): void {}
}
