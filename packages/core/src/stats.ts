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
    return Object.freeze({
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      deletes: this.#deletes,
      evictions: this.#evictions,
      expiredEvictions: this.#expired,
      errors: this.#errors,
      memoryUsage,
      size,
      hitRatio: hitRatio(this.#hits, this.#misses),
      uptime: this.#clock.now() - this.#start,
    });
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
    return Object.freeze({
      hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expiredEvictions: 0, errors: 0,
      memoryUsage, size, hitRatio: 0, uptime: 0,
    });
  }
  reset(): void {}
}
