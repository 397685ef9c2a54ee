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

/** Computes the hit ratio, 0 when there were no reads. */
export function hitRatio(hits: number, misses: number): number {
  const total = hits + misses;
  return total === 0 ? 0 : hits / total;
}

/** The counters of a snapshot; `snapshotOf()` derives the rest. */
export type StatsCounters = Pick<CacheStatsSnapshot, 'hits' | 'misses' | 'sets' | 'deletes' | 'evictions' | 'expiredEvictions' | 'errors'>;

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

/** The default recorder: plain counters, cheap enough to stay on. */
export class CounterStatsRecorder implements StatsRecorder {
  #hits = 0;
  #misses = 0;
  #sets = 0;
  #deletes = 0;
  #evictions = 0;
  #expired = 0;
  #errors = 0;
  #start: number;
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
    this.#start = clock.now();
  }

  recordHits(count: number): void {
    this.#hits += count;
  }
  recordMisses(count: number): void {
    this.#misses += count;
  }
  recordSets(count: number): void {
    this.#sets += count;
  }
  recordDeletes(count: number): void {
    this.#deletes += count;
  }
  recordEviction(reason: 'evicted' | 'expired'): void {
    this.#evictions++;
    if (reason === 'expired') this.#expired++;
  }
  recordErrors(count: number): void {
    this.#errors += count;
  }
  snapshot(size: number, memoryUsage: number): CacheStatsSnapshot {
    const counters = {
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      deletes: this.#deletes,
      evictions: this.#evictions,
      expiredEvictions: this.#expired,
      errors: this.#errors,
    };
    return snapshotOf(counters, size, memoryUsage, this.#clock.now() - this.#start);
  }
  reset(): void {
    this.#hits = this.#misses = this.#sets = this.#deletes = this.#evictions = this.#expired = this.#errors = 0;
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
