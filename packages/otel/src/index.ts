/**
 * `@cache/otel`: OpenTelemetry for `@cache` — the metrics of every tier and
 * tiered cache (hits, misses, latency, loads, stale answers, errors, breaker
 * state, bus status) as observable instruments read at collection, operation
 * latency from instrumented tiers, and spans for `getOrSet` and its loads,
 * through `@opentelemetry/api` (a peer dependency: the application's SDK
 * decides where they go).
 * @module
 */
export {
  observeCacheMetrics,
  sourceAttributes,
  meterOf,
  INSTRUMENTATION_SCOPE,
  type CacheMetrics,
  type CacheMetricsOptions,
  type MeterOptions,
  type SourcesResult,
} from './metrics.js';
export { recordOperationDurations, type OperationDurationOptions } from './durations.js';
export { traceCache, type TraceCacheOptions, type GetOrSetCache, type GetOrSetOutcome } from './tracing.js';
