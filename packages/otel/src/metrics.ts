/**
 * The figures of `@cache` tiers and tiered caches as OpenTelemetry
 * observable instruments, read at each collection from metric sources (the
 * ones `@cache/stats` renders as Prometheus text, e.g.
 * `multilevelSources(cache)`): nothing is recorded on the request path, and
 * nothing is read while no reader collects.
 * @module
 */
import { metrics, ValueType, type Attributes, type BatchObservableResult, type Meter, type MeterProvider, type Observable } from '@opentelemetry/api';
import { InvalidArgumentError, InvalidOptionError, assertKnownOptions, describeValue } from '@cache/core';
import { CIRCUIT_SERIES, CIRCUIT_STATES, SOURCE_SERIES, type MetricsSource } from '@cache/stats';

/** The instrumentation scope's name (the meter's and the tracer's). */
export const INSTRUMENTATION_SCOPE = '@cache/otel';

/** Where instruments are created: a meter, a provider, or the global provider. */
export interface MeterOptions {
  /** Create the instruments on this meter. @default `meterProvider.getMeter('@cache/otel')` */
  meter?: Meter;
  /** Get the meter from this provider. @default the global provider (`metrics.getMeterProvider()`) */
  meterProvider?: MeterProvider;
}

/** Options of {@link observeCacheMetrics}. */
export interface CacheMetricsOptions extends MeterOptions {
  /**
   * Receives what the sources function threw (or rejected with) during a
   * collection; that collection then observes nothing for these sources.
   * @default none (the missing points are the only signal)
   */
  onError?: (error: unknown) => void;
}

/** What the sources function returns. */
export type SourcesResult = MetricsSource | readonly MetricsSource[];

/** A registration of {@link observeCacheMetrics}. */
export interface CacheMetrics {
  /** Stops observing (the instruments stay, with no more points). Idempotent. */
  close(): void;
}

/** The attributes of a source's points. */
export function sourceAttributes(source: MetricsSource): Attributes {
  return source.level === undefined ? { 'cache.name': source.cache } : { 'cache.name': source.cache, 'cache.level': source.level };
}

/** The meter the options designate. */
export function meterOf(options: MeterOptions): Meter {
  const { meter, meterProvider } = options;
  if (meter !== undefined) {
    if (typeof (meter as Partial<Meter> | null)?.createHistogram !== 'function') {
      throw new InvalidOptionError('meter', `meter must be an OpenTelemetry Meter (got ${describeValue(meter)}); pass e.g. metrics.getMeter('app'), or leave it out`);
    }
    return meter;
  }
  if (meterProvider !== undefined && typeof (meterProvider as Partial<MeterProvider> | null)?.getMeter !== 'function') {
    throw new InvalidOptionError('meterProvider', `meterProvider must be an OpenTelemetry MeterProvider (got ${describeValue(meterProvider)}); pass your SDK's MeterProvider, or leave it out`);
  }
  return (meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
}

/** The options every metrics entry point takes (see {@link MeterOptions}). */
export const METER_OPTIONS: readonly string[] = ['meter', 'meterProvider'];
const CACHE_METRICS_OPTIONS: ReadonlySet<string> = new Set([...METER_OPTIONS, 'onError']);

/**
 * Observes metric sources at each collection: every series of
 * `@cache/stats`' catalogue (`cache.hits`, `cache.misses`, `cache.sets`,
 * `cache.deletes`, `cache.evictions`, `cache.expired_evictions`,
 * `cache.errors`, `cache.entries`, `cache.memory.usage`, `cache.hit_ratio`,
 * `cache.uptime`, `cache.loads`, `cache.loads.coalesced`,
 * `cache.loader.errors`, `cache.loader.timeouts`, `cache.stale_served`,
 * `cache.invalidations`, `cache.bus.errors`, `cache.bus.subscribed`,
 * `cache.lock.waits`, `cache.lock.unlocked_loads`, `cache.lock.errors`,
 * `cache.level.failing`, `cache.repairs.pending`, `cache.repairs`,
 * `cache.repairs.dropped`, `cache.bus.pending_publishes`,
 * `cache.bus.publish_flushes`) and
 * `cache.circuit.state` (attribute `cache.circuit.state`, 1 for the current
 * state), with attributes `cache.name` and `cache.level`. Counters are
 * observable counters (cumulative), the others observable gauges.
 *
 * `sources` is called once per collection (it may be async):
 * `observeCacheMetrics(() => multilevelSources(cache))`.
 * @throws InvalidArgumentError when `sources` is not a function; InvalidOptionError for a bad `onError`
 */
export function observeCacheMetrics(sources: () => SourcesResult | Promise<SourcesResult>, options: CacheMetricsOptions = {}): CacheMetrics {
  if (typeof sources !== 'function') throw new InvalidArgumentError('sources', `sources must be a function returning metric sources (got ${describeValue(sources)})`);
  assertKnownOptions(options, CACHE_METRICS_OPTIONS, 'observeCacheMetrics');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidOptionError('onError', `onError must be a function (got ${describeValue(options.onError)})`);
  }
  const meter = meterOf(options);
  const instruments = SOURCE_SERIES.map((spec) => {
    const settings = { description: spec.help, unit: spec.unit, valueType: ValueType.DOUBLE };
    return { spec, instrument: spec.kind === 'counter' ? meter.createObservableCounter(spec.otelName, settings) : meter.createObservableGauge(spec.otelName, settings) };
  });
  const circuit = meter.createObservableGauge(CIRCUIT_SERIES.otelName, { description: CIRCUIT_SERIES.help, unit: CIRCUIT_SERIES.unit, valueType: ValueType.INT });
  const observables: Observable[] = [...instruments.map((i) => i.instrument), circuit];
  const callback = async (result: BatchObservableResult) => {
    let collected: SourcesResult;
    try {
      collected = await sources();
    } catch (error) {
      report(options.onError, error);
      return;
    }
    for (const source of Array.isArray(collected) ? (collected as readonly MetricsSource[]) : [collected as MetricsSource]) {
      const attributes = sourceAttributes(source);
      for (const { spec, instrument } of instruments) {
        const value = spec.read(source);
        if (value !== undefined) result.observe(instrument, value, attributes);
      }
      if (source.circuitState !== undefined) {
        for (const state of CIRCUIT_STATES) result.observe(circuit, state === source.circuitState ? 1 : 0, { ...attributes, 'cache.circuit.state': state });
      }
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  let open = true;
  return {
    close() {
      if (!open) return;
      open = false;
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}

function report(onError: ((error: unknown) => void) | undefined, error: unknown): void {
  try {
    onError?.(error);
  } catch {
    // a failing onError must not break the collection of other instruments
  }
}
