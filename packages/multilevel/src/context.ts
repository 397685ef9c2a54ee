/**
 * The state the read path, write path and loaders share: the levels, the
 * clock, the counters, and the read guards.
 * @module
 */
import type { Clock } from '@cache/core';
import { Level } from './level.js';
import { ReadGuards } from './read-guard.js';
import { Recovery } from './recovery.js';
import type { AbsorbedError, AbsorbedOperation } from './options.js';
import type { ResolvedOptions } from './resolve-options.js';

/** Whole-cache counters (plain fields: one increment per event, no allocation). */
export class Counters {
  gets = 0;
  misses = 0;
  sets = 0;
  deletes = 0;
  loads = 0;
  coalesced = 0;
  loaderErrors = 0;
  timeouts = 0;
  staleServed = 0;
  invalidations = 0;
  busErrors = 0;
  lockWaits = 0;
  unlockedLoads = 0;
  lockErrors = 0;
  /** Writes replayed to a level that came back. */
  repairs = 0;
  /** Repair records dropped (bound reached, or the level rejected the value as bad input). */
  repairsDropped = 0;
  /** Times pending publishes were turned into one `clear` message (bound reached). */
  publishFlushes = 0;
  /** Loaded values removed after their store because another instance's write may have overtaken it (overtaken.ts). */
  overtakenLoads = 0;
}

/** What the parts of one cache share. */
export class CacheContext<V> {
  readonly name: string;
  readonly levels: readonly Level<V>[];
  readonly clock: Clock;
  readonly counters = new Counters();
  /** Keeps reads that raced a write of their key from promoting (see read-guard.ts). */
  readonly guards = new ReadGuards();
  /** How many levels are failing (see `Level.failing`); writes are degraded while > 0. */
  failingLevels = 0;
  /** The longest life of a write in the healthy levels while a level is failing, ms. */
  readonly degradedTtl: number;
  /** The repair logs and probes of failing levels. */
  readonly recovery: Recovery<V>;
  /** The first level a read after an L1 miss starts at: 1 with a synchronous L1 (already read), else 0. */
  readonly firstRemote: number;

  readonly #onError: ((event: AbsorbedError) => void) | undefined;

  constructor(options: ResolvedOptions) {
    this.name = options.name;
    this.#onError = options.onError;
    const report = (operation: AbsorbedOperation, level: string | undefined, key: string | undefined, error: unknown) =>
      this.report(operation, level, key, error);
    const down = (level: Level<V>) => this.recovery.down(level);
    this.levels = options.levels.map((level, i) => new Level<V>(level, i, report, down));
    this.clock = options.clock;
    this.degradedTtl = options.degradedTtl;
    this.firstRemote = this.levels[0]!.sync === undefined ? 0 : 1;
    this.recovery = new Recovery<V>(this, options.recoveryInterval, options.maxRepairs);
  }

  /** Hands an absorbed failure to `onError`, if any (its own exceptions are ignored). */
  report(operation: AbsorbedOperation, level: string | undefined, key: string | undefined, error: unknown): void {
    if (this.#onError === undefined) return;
    try {
      this.#onError(Object.freeze({ operation, level, key, error }));
    } catch {
      // a listener's bug must not break the cache
    }
  }
}
