/**
 * What a metric source is, and the catalogue of the series every exporter
 * makes of it (name, kind, unit, help, how to read it): the Prometheus text
 * ({@link toPrometheus}) and `@cache/otel` both render this one list, so a
 * figure means the same thing everywhere.
 * @module
 */
import type { CacheStatsSnapshot, CircuitState, TieredCounters } from '@cache/core';
import type { OperationLatency } from './latency-recorder.js';

/**
 * A circuit breaker's state, and the counters of a tiered cache itself
 * (loads, coalesced callers, loader errors and timeouts, stale answers,
 * invalidations, bus failures, load lock and outage figures): declared in
 * `@cache/core`, which `@cache/multilevel` fills, so this package needs no
 * import of multilevel. Re-exported here under the names this package has
 * always used.
 */
export type { CircuitState, TieredCounters } from '@cache/core';

/** What to export about one tier (or one level of a tiered cache, or a tiered cache itself). */
export interface MetricsSource {
  /** Value of the `cache` label: the cache's name. */
  readonly cache: string;
  /** Value of the `level` label, for a level of a tiered cache. Unset: no `level` label. */
  readonly level?: string;
  /** The tier's counters (`tier.stats()`). */
  readonly stats?: CacheStatsSnapshot;
  /** Latency histograms in nanoseconds (`instrumented.latencies()`). */
  readonly latencies?: readonly OperationLatency[];
  /** The tier's breaker state: a `circuit_state` gauge per state, 1 for the current one. */
  readonly circuitState?: CircuitState;
  /** A tiered cache's own counters: loads, coalesced callers, loader errors and timeouts, stale answers, invalidations, bus errors. */
  readonly tiered?: TieredCounters;
  /** Whether the cache's invalidation bus holds its subscription: the `bus_subscribed` gauge (1 or 0). */
  readonly busSubscribed?: boolean;
  /** For a level of a tiered cache: whether the cache counts it as failing now (reads skip it, writes wait for repair): the `level_failing` gauge (1 or 0). */
  readonly failing?: boolean;
}

/** One numeric series of a {@link MetricsSource}. */
export interface SeriesSpec {
  /** Base name in snake_case, without prefix (Prometheus adds `_total` to counters): `hits`, `memory_bytes`, `loads`. */
  readonly name: string;
  /** The name OpenTelemetry instruments use (dotted, no unit, no `_total`). */
  readonly otelName: string;
  /** `counter`: only goes up (until a reset); `gauge`: a level. */
  readonly kind: 'counter' | 'gauge';
  /** UCUM unit, as OpenTelemetry wants it: `{read}`, `By`, `s`, `1`. */
  readonly unit: string;
  readonly help: string;
  /** The figure of a source, or undefined when the source does not carry it (no series then). */
  readonly read: (source: MetricsSource) => number | undefined;
}

const stat = (field: keyof CacheStatsSnapshot, scale = 1) => (source: MetricsSource) => (source.stats === undefined ? undefined : source.stats[field] * scale);
const tiered = (field: keyof TieredCounters) => (source: MetricsSource) => source.tiered?.[field];
const flag = (field: 'busSubscribed' | 'failing') => (source: MetricsSource) => (source[field] === undefined ? undefined : source[field] ? 1 : 0);

/** Every plain series, in the order exporters register them. */
export const SOURCE_SERIES: readonly SeriesSpec[] = Object.freeze([
  { name: 'hits', otelName: 'cache.hits', kind: 'counter', unit: '{read}', help: 'Reads that found a live value.', read: stat('hits') },
  { name: 'misses', otelName: 'cache.misses', kind: 'counter', unit: '{read}', help: 'Reads that found nothing.', read: stat('misses') },
  { name: 'sets', otelName: 'cache.sets', kind: 'counter', unit: '{write}', help: 'Successful writes.', read: stat('sets') },
  { name: 'deletes', otelName: 'cache.deletes', kind: 'counter', unit: '{entry}', help: 'Entries deleted explicitly.', read: stat('deletes') },
  { name: 'evictions', otelName: 'cache.evictions', kind: 'counter', unit: '{entry}', help: 'Entries removed by the size bound, the policy or expiry.', read: stat('evictions') },
  { name: 'expired_evictions', otelName: 'cache.expired_evictions', kind: 'counter', unit: '{entry}', help: 'Entries removed because their TTL ran out.', read: stat('expiredEvictions') },
  { name: 'errors', otelName: 'cache.errors', kind: 'counter', unit: '{error}', help: 'Operations that failed against the backend.', read: stat('errors') },
  { name: 'entries', otelName: 'cache.entries', kind: 'gauge', unit: '{entry}', help: 'Entries held.', read: stat('size') },
  { name: 'memory_bytes', otelName: 'cache.memory.usage', kind: 'gauge', unit: 'By', help: 'Bytes held, as the tier measures them (0 when unknown).', read: stat('memoryUsage') },
  { name: 'hit_ratio', otelName: 'cache.hit_ratio', kind: 'gauge', unit: '1', help: 'Hits over reads (0 before any read).', read: stat('hitRatio') },
  { name: 'uptime_seconds', otelName: 'cache.uptime', kind: 'gauge', unit: 's', help: 'Seconds since the tier was created or its stats reset.', read: stat('uptime', 1 / 1000) },
  { name: 'loads', otelName: 'cache.loads', kind: 'counter', unit: '{load}', help: 'Loader calls made by getOrSet (one per key however many callers waited).', read: tiered('loads') },
  { name: 'loads_coalesced', otelName: 'cache.loads.coalesced', kind: 'counter', unit: '{call}', help: 'getOrSet callers that joined a load already in flight.', read: tiered('coalesced') },
  { name: 'loader_errors', otelName: 'cache.loader.errors', kind: 'counter', unit: '{error}', help: 'Loaders that threw or returned undefined.', read: tiered('loaderErrors') },
  { name: 'loader_timeouts', otelName: 'cache.loader.timeouts', kind: 'counter', unit: '{timeout}', help: 'Loaders stopped by the hard timeout.', read: tiered('timeouts') },
  { name: 'stale_served', otelName: 'cache.stale_served', kind: 'counter', unit: '{answer}', help: 'getOrSet answers served from a stale value (grace or soft timeout).', read: tiered('staleServed') },
  { name: 'invalidations', otelName: 'cache.invalidations', kind: 'counter', unit: '{message}', help: 'Invalidation messages from other instances applied to the local levels.', read: tiered('invalidations') },
  { name: 'bus_errors', otelName: 'cache.bus.errors', kind: 'counter', unit: '{error}', help: 'Invalidation bus publishes or subscriptions that failed.', read: tiered('busErrors') },
  {
    name: 'bus_subscribed',
    otelName: 'cache.bus.subscribed',
    kind: 'gauge',
    unit: '1',
    help: 'Whether the invalidation bus holds its subscription (1) or not (0): messages may be missed while 0.',
    read: flag('busSubscribed'),
  },
  { name: 'lock_waits', otelName: 'cache.lock.waits', kind: 'counter', unit: '{load}', help: "Loads that waited for another instance's load under the load lock.", read: tiered('lockWaits') },
  { name: 'unlocked_loads', otelName: 'cache.lock.unlocked_loads', kind: 'counter', unit: '{load}', help: 'Loads done without the load lock (it failed, the wait ran out, or a level was failing).', read: tiered('unlockedLoads') },
  { name: 'lock_errors', otelName: 'cache.lock.errors', kind: 'counter', unit: '{error}', help: 'Load lock acquires and releases that failed.', read: tiered('lockErrors') },
  { name: 'level_failing', otelName: 'cache.level.failing', kind: 'gauge', unit: '1', help: 'Whether the level is failing (1): reads skip it, writes wait for repair.', read: flag('failing') },
  { name: 'pending_repairs', otelName: 'cache.repairs.pending', kind: 'gauge', unit: '{write}', help: 'Writes recorded for failing levels, waiting for them to return.', read: tiered('pendingRepairs') },
  { name: 'repairs', otelName: 'cache.repairs', kind: 'counter', unit: '{write}', help: 'Writes replayed to levels that came back.', read: tiered('repairs') },
  { name: 'repairs_dropped', otelName: 'cache.repairs.dropped', kind: 'counter', unit: '{write}', help: 'Repair records dropped (bound reached, or rejected as bad input).', read: tiered('repairsDropped') },
  { name: 'pending_publishes', otelName: 'cache.bus.pending_publishes', kind: 'gauge', unit: '{message}', help: 'Invalidations waiting to be published (the bus is slow or down).', read: tiered('pendingPublishes') },
  { name: 'publish_flushes', otelName: 'cache.bus.publish_flushes', kind: 'counter', unit: '{flush}', help: 'Times queued publishes overflowed into one clear message.', read: tiered('publishFlushes') },
  { name: 'overtaken_loads', otelName: 'cache.loads.overtaken', kind: 'counter', unit: '{load}', help: "Loaded values removed after their store because another instance's write may have overtaken it.", read: tiered('overtakenLoads') },
] satisfies SeriesSpec[]);

/** The breaker states, in the order exporters emit them. */
export const CIRCUIT_STATES: readonly CircuitState[] = Object.freeze(['closed', 'half-open', 'open'] as const);

/** The breaker's state set: one series per state (label `state`), 1 for the current one. */
export const CIRCUIT_SERIES = Object.freeze({
  name: 'circuit_state',
  otelName: 'cache.circuit.state',
  unit: '1',
  help: 'Circuit breaker state: 1 for the current state, 0 for the others.',
});

/** The latency histogram of instrumented tiers, by operation and outcome. */
export const OPERATION_DURATION = Object.freeze({
  name: 'operation_duration_seconds',
  otelName: 'cache.operation.duration',
  unit: 's',
  help: 'Duration of tier operations, by operation and outcome.',
});
