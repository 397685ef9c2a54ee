/**
 * Spans for a tiered cache's `getOrSet` (and `wrap`) and for the loads it
 * makes, through a traced face of the cache: the same object type, whose
 * `getOrSet` and `wrap` open spans; every other member is the cache's own.
 * A cache you do not trace costs nothing.
 * @module
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { InvalidArgumentError, InvalidOptionError, describeValue } from '@cache/core';
import { overlay } from '@cache/stats';
import { INSTRUMENTATION_SCOPE } from './metrics.js';

/** What {@link traceCache} needs: a `MultiLevelCache` has it. */
export interface GetOrSetCache {
  readonly name: string;
  getOrSet(key: string, loader: (context: any) => unknown, options?: any): Promise<unknown>;
  wrap?(fn: (...args: any[]) => unknown, options: any): (...args: any[]) => Promise<unknown>;
}

/** Options of {@link traceCache}. */
export interface TraceCacheOptions {
  /** Start spans on this tracer. @default `tracerProvider.getTracer('@cache/otel')` */
  tracer?: Tracer;
  /** Get the tracer from this provider. @default the global provider (`trace.getTracerProvider()`) */
  tracerProvider?: TracerProvider;
  /**
   * Put the key in the `cache.key` attribute. Keys may hold personal data,
   * hence off.
   * @default false
   */
  includeKeys?: boolean;
}

/**
 * How a traced `getOrSet` was answered (attribute `cache.outcome`):
 * `load` — this call's loader ran and its value was returned;
 * `stale` — this call's loader ran but a stale value was returned (the
 * loader failed or timed out within grace, or was slower than the soft
 * timeout and finishes in the background);
 * `coalesced` — no loader ran for this call, and another traced call of
 * this face loaded the key meanwhile (this one joined its load; a hit on
 * the value that load had just stored also counts here);
 * `hit` — no loader ran for this call (a level had the value, or another
 * instance loaded it under the load lock).
 */
export type GetOrSetOutcome = 'hit' | 'load' | 'stale' | 'coalesced';

/**
 * A face of `cache` whose `getOrSet` opens a `cache.getOrSet` span (kind
 * internal; attributes `cache.name`, `cache.outcome`, `cache.key` with
 * `includeKeys`) and whose loads open a child `cache.load` span (status
 * error with the exception when the loader throws). `wrap` goes through the
 * traced `getOrSet`. Everything else is the cache's own member, bound to
 * it: `traceCache(cache).levelStats()` is `cache.levelStats()`.
 * @throws InvalidArgumentError when `cache` has no getOrSet; InvalidOptionError for bad options
 */
export function traceCache<T extends GetOrSetCache>(cache: T, options: TraceCacheOptions = {}): T {
  if (typeof cache !== 'object' || cache === null || typeof cache.getOrSet !== 'function') {
    throw new InvalidArgumentError('cache', `traceCache() needs a cache with getOrSet (got ${describeValue(cache)})`);
  }
  if (options.includeKeys !== undefined && typeof options.includeKeys !== 'boolean') {
    throw new InvalidOptionError('includeKeys', `includeKeys must be a boolean (got ${describeValue(options.includeKeys)})`);
  }
  const tracer = options.tracer ?? (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const includeKeys = options.includeKeys ?? false;
  const flights = new Map<string, Flight>(); // keys with traced calls in flight
  const attributesOf = (key: string): Attributes => (includeKeys ? { 'cache.name': cache.name, 'cache.key': key } : { 'cache.name': cache.name });

  const getOrSet = (key: string, loader: (context: any) => unknown, callOptions?: unknown): Promise<unknown> => {
    const attributes = attributesOf(key);
    return tracer.startActiveSpan('cache.getOrSet', { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      let flight = flights.get(key);
      if (flight === undefined) flights.set(key, (flight = { calls: 0, loads: 0 }));
      flight.calls++;
      const loadsBefore = flight.loads;
      const load = { ran: false, settled: false, failed: false };
      const inFlight = flight;
      const traced = typeof loader !== 'function' ? loader : (loaderContext: unknown) => (inFlight.loads++, runLoad(tracer, span, attributes, load, () => loader(loaderContext)));
      try {
        const value = await cache.getOrSet(key, traced, callOptions);
        const outcome: GetOrSetOutcome = load.ran ? (load.failed || !load.settled ? 'stale' : 'load') : flight.loads > loadsBefore ? 'coalesced' : 'hit';
        span.setAttribute('cache.outcome', outcome);
        return value;
      } catch (error) {
        fail(span, error);
        throw error;
      } finally {
        if (--flight.calls === 0) flights.delete(key);
        span.end();
      }
    });
  };
  const overrides: Partial<GetOrSetCache> = { getOrSet };
  const wrap = cache.wrap; // eslint-disable-line @typescript-eslint/unbound-method -- called with the face as `this` below
  // the cache's own wrap, on the face: the calls it makes go through the traced getOrSet
  if (typeof wrap === 'function') overrides.wrap = (fn, wrapOptions) => wrap.call(face, fn, wrapOptions);
  const face: T = overlay(cache, overrides);
  return face;
}

/** Traced calls of one key in flight, and the loads they started. */
interface Flight {
  calls: number;
  loads: number;
}

/** Runs one load in a `cache.load` span, child of the getOrSet span whose loader it is. */
function runLoad(tracer: Tracer, parent: Span, attributes: Attributes, load: { ran: boolean; settled: boolean; failed: boolean }, call: () => unknown): Promise<unknown> {
  load.ran = true;
  return tracer.startActiveSpan('cache.load', { kind: SpanKind.INTERNAL, attributes }, trace.setSpan(context.active(), parent), async (span) => {
    try {
      return await call();
    } catch (error) {
      load.failed = true;
      fail(span, error);
      throw error;
    } finally {
      load.settled = true;
      span.end();
    }
  });
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
