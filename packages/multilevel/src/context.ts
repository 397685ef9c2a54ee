/**
 * The state the read path, write path and loaders share: the levels, the
 * clock, the counters, and the read guards.
 * @module
 */
import type { Clock } from '@cache/core';
import { Level } from './level.js';
import { ReadGuards } from './read-guard.js';
import type { AbsorbedError, AbsorbedOperation, ResolvedOptions } from './options.js';

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
}

/** What the parts of one cache share. */
export class CacheContext<V> {
  readonly name: string;
  readonly levels: readonly Level<V>[];
  readonly clock: Clock;
  readonly counters = new Counters();
  /** Keeps reads that raced a write of their key from promoting (see read-guard.ts). */
  readonly guards = new ReadGuards();

  readonly #onError: ((event: AbsorbedError) => void) | undefined;

  constructor(options: ResolvedOptions) {
    this.name = options.name;
    this.#onError = options.onError;
    const report = (operation: AbsorbedOperation, level: string | undefined, key: string | undefined, error: unknown) =>
      this.report(operation, level, key, error);
    this.levels = options.levels.map((level, i) => new Level<V>(level, i, report));
    this.clock = options.clock;
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
