/**
 * What a tiered cache reports beside each level's own snapshot: its own
 * counters and its levels' breaker states. `@cache/multilevel` produces
 * them; `@cache/stats` and `@cache/otel` read them. Declared here, once, so
 * neither side imports the other.
 * @module
 */

/** A circuit breaker's state, as a remote tier reports it (`circuitState`). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The counters of a tiered cache itself (a `MultiLevelCache`'s
 * `multilevelStats()` has every one): its loads, the callers that joined
 * them, loader failures, stale answers and bus traffic; then, optional for
 * caches that have no such feature, the load lock's and the outage
 * recovery's figures.
 */
export interface TieredCounters {
  /** Loader calls made by getOrSet (one per key however many callers waited). */
  readonly loads: number;
  /** getOrSet callers that joined a load already in flight. */
  readonly coalesced: number;
  /** Loaders that threw or returned undefined. */
  readonly loaderErrors: number;
  /** Loaders stopped by the hard timeout. */
  readonly timeouts: number;
  /** getOrSet answers served from a stale value (grace or soft timeout). */
  readonly staleServed: number;
  /** Bus messages applied to the local levels (and clears after a lost subscription). */
  readonly invalidations: number;
  /** Bus publishes or subscriptions that failed. */
  readonly busErrors: number;
  /** getOrSet loads that found the load lock held by another instance and waited for its value. */
  readonly lockWaits?: number;
  /** Loads done without the load lock: it failed (see `lockErrors`), the wait for another holder ran out, or a level was failing. */
  readonly unlockedLoads?: number;
  /** Load lock acquires and releases that failed. */
  readonly lockErrors?: number;
  /** Writes recorded for failing levels, waiting for them to return (a level, not a counter). */
  readonly pendingRepairs?: number;
  /** Writes replayed to levels that came back. */
  readonly repairs?: number;
  /** Repair records dropped: past the bound, or rejected by the level as bad input. */
  readonly repairsDropped?: number;
  /** Invalidations waiting to be published (the bus is slow or down; a level, not a counter). */
  readonly pendingPublishes?: number;
  /** Times the queued publishes overflowed and became one `clear` message. */
  readonly publishFlushes?: number;
  /** Loaded values removed after their store because another instance's write may have overtaken it at a shared level (the next read loads afresh). */
  readonly overtakenLoads?: number;
}
