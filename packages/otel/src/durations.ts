/**
 * Operation latency as an OpenTelemetry histogram, fed by the
 * `@cache/stats:operation` diagnostics channel that instrumented tiers
 * (`instrument(tier)`) publish on. Subscribing is what turns the
 * publication on: until this is called, instrumented tiers build no event.
 * @module
 */
import { ValueType } from '@opentelemetry/api';
import { OPERATION_DURATION, parseLatencyBuckets, subscribeOperations } from '@cache/stats';
import { assertKnownOptions } from '@cache/core';
import { METER_OPTIONS, meterOf, type MeterOptions } from './metrics.js';

const DURATION_OPTIONS: ReadonlySet<string> = new Set([...METER_OPTIONS, 'buckets']);

/** Options of {@link recordOperationDurations}. */
export interface OperationDurationOptions extends MeterOptions {
  /** Bucket bounds in seconds, passed to the SDK as advice. @default `@cache/stats`' DEFAULT_LATENCY_BUCKETS (1 µs to 10 s) */
  buckets?: readonly number[];
}

/**
 * Records every operation of every instrumented tier into the histogram
 * `cache.operation.duration` (seconds), with attributes `cache.tier` (the
 * tier's `name`: name your levels' tiers after the levels), `cache.operation`
 * (`get`, `set`, `getMany`…) and `cache.outcome` (`hit`, `miss`, `ok`,
 * `error`). Returns a function that unsubscribes. Call it once per process.
 * @throws InvalidOptionError for bad `buckets`
 */
export function recordOperationDurations(options: OperationDurationOptions = {}): () => void {
  assertKnownOptions(options, DURATION_OPTIONS, 'recordOperationDurations');
  const buckets = parseLatencyBuckets(options.buckets);
  const histogram = meterOf(options).createHistogram(OPERATION_DURATION.otelName, {
    description: OPERATION_DURATION.help,
    unit: OPERATION_DURATION.unit,
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: [...buckets] },
  });
  return subscribeOperations((event) => {
    histogram.record(event.duration / 1000, { 'cache.tier': event.tier, 'cache.operation': event.operation, 'cache.outcome': event.outcome });
  });
}
