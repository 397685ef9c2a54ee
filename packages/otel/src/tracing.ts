/**
 * Spans for tiered caches' `getOrSet` (and `wrap`) calls and the loads they
 * make, from the tracing channels `@cache/multilevel` publishes on
 * (`node:diagnostics_channel`): the cache itself says how each call was
 * answered, so nothing wraps it. Until {@link traceCaches} subscribes, the
 * caches publish nothing.
 * @module
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { InvalidOptionError, assertKnownOptions, describeValue } from '@cache/core';
import { INSTRUMENTATION_SCOPE } from './metrics.js';

/** `@cache/multilevel`'s tracing channel of getOrSet calls (its `GETORSET_CHANNEL`). */
export const GETORSET_CHANNEL = '@cache/multilevel:getOrSet';
/** `@cache/multilevel`'s tracing channel of loader calls (its `LOAD_CHANNEL`). */
export const LOAD_CHANNEL = '@cache/multilevel:load';

/**
 * How a traced `getOrSet` was answered (attribute `cache.outcome`), as the
 * cache reports it: `hit` (a level had the value), `coalesced` (joined a
 * load in flight in this instance), `lock-wait` (waited for another
 * instance's load under the load lock), `load` (this call's loader ran),
 * `stale` (a stale value was returned: the loader failed or timed out
 * within grace, or was slower than the soft timeout).
 */
export type GetOrSetOutcome = 'hit' | 'coalesced' | 'lock-wait' | 'load' | 'stale';

/** Options of {@link traceCaches}. */
export interface TraceCachesOptions {
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

/** A subscription of {@link traceCaches}. */
export interface CacheTracing {
  /** Unsubscribes: the caches stop publishing (when nobody else listens) and no more spans start. Idempotent. */
  close(): void;
}

/** The message fields read here (see `@cache/multilevel`'s `GetOrSetMessage` and `LoadMessage`). */
interface Message {
  readonly cache: string;
  readonly key: string;
  readonly outcome?: GetOrSetOutcome;
  readonly getOrSet?: object;
  readonly error?: unknown;
}

const TRACE_OPTIONS: ReadonlySet<string> = new Set(['tracer', 'tracerProvider', 'includeKeys']);

type Handlers = diagnosticsChannel.TracingChannelSubscribers<object>;

/**
 * Spans for every `MultiLevelCache` of the process: a `cache.getOrSet` span
 * per call (kind internal; attributes `cache.name`, `cache.outcome`, and
 * `cache.key` with `includeKeys`; status error with the exception when the
 * call rejects), and a `cache.load` child span per loader call (status
 * error when the loader throws or hits the hard timeout). A getOrSet span's
 * parent is the context active where `getOrSet` was called. Call it once
 * per process; `close()` stops it.
 * @throws InvalidOptionError for bad options
 */
export function traceCaches(options: TraceCachesOptions = {}): CacheTracing {
  assertKnownOptions(options, TRACE_OPTIONS, 'traceCaches');
  if (options.tracer !== undefined && typeof (options.tracer as Partial<Tracer> | null)?.startSpan !== 'function') {
    throw new InvalidOptionError('tracer', `tracer must be an OpenTelemetry Tracer (got ${describeValue(options.tracer)}); pass e.g. trace.getTracer('app'), or leave it out`);
  }
  if (options.tracerProvider !== undefined && typeof (options.tracerProvider as Partial<TracerProvider> | null)?.getTracer !== 'function') {
    throw new InvalidOptionError('tracerProvider', `tracerProvider must be an OpenTelemetry TracerProvider (got ${describeValue(options.tracerProvider)}); pass your SDK's TracerProvider, or leave it out`);
  }
  if (options.includeKeys !== undefined && typeof options.includeKeys !== 'boolean') {
    throw new InvalidOptionError('includeKeys', `includeKeys must be a boolean (got ${describeValue(options.includeKeys)})`);
  }
  const tracer = options.tracer ?? (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const includeKeys = options.includeKeys ?? false;
  const spans = new WeakMap<object, Span>(); // message -> its span
  const attributesOf = (message: Message): Attributes => (includeKeys ? { 'cache.name': message.cache, 'cache.key': message.key } : { 'cache.name': message.cache });

  const handlers = (name: string, parentOf: (message: Message) => Span | undefined, finish: (span: Span, message: Message) => void): Handlers => {
    const end = (message: Message) => {
      const span = spans.get(message);
      if (span === undefined) return;
      spans.delete(message);
      finish(span, message);
      span.end();
    };
    return {
      start(raw) {
        const message = raw as Message;
        const parent = parentOf(message);
        const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
        spans.set(message, tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes: attributesOf(message) }, ctx));
      },
      // a synchronous throw ends the call at `end`; a promise ends it at `asyncEnd`
      end: (raw) => {
        if ('error' in raw) end(raw as Message);
      },
      asyncStart: () => {},
      asyncEnd: (raw) => end(raw as Message),
      error(raw) {
        const message = raw as Message;
        const span = spans.get(message);
        if (span !== undefined) fail(span, message.error);
      },
    };
  };
  const getOrSet = handlers(
    'cache.getOrSet',
    () => undefined,
    (span, message) => span.setAttribute('cache.outcome', message.outcome ?? 'hit'),
  );
  const load = handlers(
    'cache.load',
    (message) => (message.getOrSet === undefined ? undefined : spans.get(message.getOrSet)),
    () => {},
  );
  const getOrSetChannel = diagnosticsChannel.tracingChannel(GETORSET_CHANNEL);
  const loadChannel = diagnosticsChannel.tracingChannel(LOAD_CHANNEL);
  getOrSetChannel.subscribe(getOrSet);
  loadChannel.subscribe(load);
  let open = true;
  return {
    close() {
      if (!open) return;
      open = false;
      getOrSetChannel.unsubscribe(getOrSet);
      loadChannel.unsubscribe(load);
    },
  };
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
