/**
 * Tracing hooks: `getOrSet` and the loads it makes are published on two
 * `node:diagnostics_channel` tracing channels ({@link GETORSET_CHANNEL},
 * {@link LOAD_CHANNEL}) for tracers such as `@cache/otel`'s `traceCaches`.
 * Nothing is built or published while a channel has no subscriber: the
 * check is one property read, and an L1 hit then allocates nothing.
 * @module
 */
import diagnosticsChannel from 'node:diagnostics_channel';

/** The tracing channel of `getOrSet` (and `wrap`) calls: `tracing:@cache/multilevel:getOrSet:start`, `…:end`, `…:asyncStart`, `…:asyncEnd`, `…:error`. */
export const GETORSET_CHANNEL = '@cache/multilevel:getOrSet';
/** The tracing channel of loader calls made by `getOrSet`. */
export const LOAD_CHANNEL = '@cache/multilevel:load';

/**
 * How a `getOrSet` call was answered:
 * `hit` — a level had a fresh value (no loader ran for this call);
 * `coalesced` — the call joined a load already in flight in this instance;
 * `lock-wait` — another instance held the load lock, and this call waited
 * for the value it stored;
 * `load` — this call's loader ran (it may have failed: see `error`);
 * `stale` — a stale value was returned (the loader failed or timed out
 * within grace, or was slower than the soft timeout).
 */
export type GetOrSetOutcome = 'hit' | 'coalesced' | 'lock-wait' | 'load' | 'stale';

/** The message of one `getOrSet` call on {@link GETORSET_CHANNEL} (the same object at every event of the call). */
export interface GetOrSetMessage {
  /** The cache's name. */
  readonly cache: string;
  /** The key asked for. */
  readonly key: string;
  /** How the call was answered; set before `asyncEnd` (and `error`). */
  outcome: GetOrSetOutcome;
  /** The value returned, set by the channel before `asyncEnd`. */
  result?: unknown;
  /** What the call rejected with, set by the channel before `error`. */
  error?: unknown;
}

/** The message of one loader call on {@link LOAD_CHANNEL}. */
export interface LoadMessage {
  /** The cache's name. */
  readonly cache: string;
  /** The key being loaded. */
  readonly key: string;
  /** The message of the `getOrSet` call that started this load, when that call was traced. */
  readonly getOrSet: GetOrSetMessage | undefined;
  /** What the loader returned, set by the channel before `asyncEnd`. */
  result?: unknown;
  /** What the loader threw (or core's `TimeoutError` at the hard timeout), set by the channel before `error`. */
  error?: unknown;
}

type Tracing = diagnosticsChannel.TracingChannel<object, object>;

/** A tracing channel, or undefined where the runtime has none (then nothing is traced). */
function tracingChannel(name: string): Tracing | undefined {
  return typeof diagnosticsChannel.tracingChannel === 'function' ? diagnosticsChannel.tracingChannel(name) : undefined;
}

const getOrSetChannel = tracingChannel(GETORSET_CHANNEL);
const loadChannel = tracingChannel(LOAD_CHANNEL);

/** Whether `getOrSet` calls are traced now (someone subscribed to {@link GETORSET_CHANNEL}). */
export function tracingGetOrSet(): boolean {
  return getOrSetChannel?.hasSubscribers === true;
}

/** Publishes `work` (started by `run`) as one getOrSet call; only call when {@link tracingGetOrSet}. */
export function traceGetOrSet<V>(message: GetOrSetMessage, run: () => Promise<V>): Promise<V> {
  return getOrSetChannel!.tracePromise(run, message);
}

/** `run()` published as one load when someone listens; else `run()` itself. */
export function traceLoad<V>(cache: string, key: string, parent: GetOrSetMessage | undefined, run: () => Promise<V>): Promise<V> {
  if (loadChannel?.hasSubscribers !== true) return run();
  const message: LoadMessage = { cache, key, getOrSet: parent };
  return loadChannel.tracePromise(run, message);
}
