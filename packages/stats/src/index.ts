/**
 * `@cache/stats`: observability for every `@cache` tier — latency histograms,
 * instrumentation, per-level aggregation, Prometheus text and reporters.
 * @module
 */
export { Histogram, DEFAULT_HIGHEST, RELATIVE_ERROR, type HistogramOptions, type HistogramSummary } from './histogram.js';
export {
  LatencyRecorder,
  OPERATIONS,
  OUTCOMES,
  type Operation,
  type Outcome,
  type OperationLatency,
  type LatencyRecorderOptions,
} from './latency-recorder.js';
export { OPERATION_CHANNEL, operationChannel, subscribeOperations, type OperationEvent } from './diagnostics.js';
export { instrument, instrumentSync, type InstrumentOptions, type Instrumented, type InstrumentedTier, type InstrumentedSyncTier, type TierValue } from './instrument.js';
export { overlay } from './overlay.js';
export { aggregate, type AggregateOptions, type NamedStats, type LevelAggregate, type MultiLevelAggregate, type MultilevelAggregate } from './aggregate.js';
export {
  toPrometheus,
  levelSources,
  parseLatencyBuckets,
  escapeLabelValue,
  PROMETHEUS_CONTENT_TYPE,
  DEFAULT_PREFIX,
  DEFAULT_LATENCY_BUCKETS,
  type PrometheusOptions,
} from './prometheus.js';
export {
  SOURCE_SERIES,
  CIRCUIT_STATES,
  CIRCUIT_SERIES,
  OPERATION_DURATION,
  type MetricsSource,
  type CircuitState,
  type TieredCounters,
  type SeriesSpec,
} from './series.js';
export { multilevelSources, type TieredCacheLike, type TieredReport, type LevelStatsLike, type LevelTierLike, type MultiLevelSourcesOptions, type MultilevelSourcesOptions } from './sources.js';
export { collect, type Collected, type MetricsCollector, type Exposition } from './collect.js';
export { startReporter, type Reporter, type ReporterOptions } from './reporter.js';
export { createMetricsHandler, type MetricsHandlerOptions } from './metrics-handler.js';
