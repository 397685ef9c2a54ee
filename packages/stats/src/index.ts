/**
 * `@cache/stats`: observability for every @cache tier — latency histograms,
 * instrumentation, per-level aggregation, Prometheus text and reporters.
 * @module
 */
export { Histogram, DEFAULT_HIGHEST, RELATIVE_ERROR, type HistogramOptions, type HistogramSummary } from './histogram.js';
