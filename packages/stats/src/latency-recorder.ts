/**
 * Latency per tier operation and outcome: one {@link Histogram} per
 * (operation, outcome) pair, created on its first use, and the
 * diagnostics_channel publication of each timed operation.
 * @module
 */
import { InvalidOptionError, assertKnownOptions, booleanOption, describeValue } from '@cache/core';
import { Histogram, type HistogramOptions } from './histogram.js';
import { operationChannel, type OperationEvent } from './diagnostics.js';
import { ERROR, OPERATIONS, OUTCOMES, type Operation, type Outcome } from './operations.js';

/** Every option of a LatencyRecorder. */
export const LATENCY_RECORDER_OPTIONS: ReadonlySet<string> = new Set(['now', 'histogram', 'diagnostics', 'includeKeys', 'timeEvery']);

export { OPERATIONS, OUTCOMES, HIT, MISS, OK, ERROR, type Operation, type Outcome } from './operations.js';

/** The latency histogram of one (operation, outcome) pair, in nanoseconds. */
export interface OperationLatency {
  readonly operation: Operation;
  readonly outcome: Outcome;
  /** Durations in nanoseconds. Live: `clone()` it to keep a copy. */
  readonly histogram: Histogram;
}

/** Settings of a {@link LatencyRecorder}. */
export interface LatencyRecorderOptions {
  /** Time source in milliseconds (fractions welcome). @default performance.now */
  now?: () => number;
  /** Options of every histogram. @default {} (1 ns to 1 h) */
  histogram?: HistogramOptions;
  /**
   * Publish each timed operation on the `@cache/stats:operation` diagnostics channel
   * (only while it has subscribers, so it costs nothing otherwise).
   * @default true
   */
  diagnostics?: boolean;
  /**
   * Put the key in diagnostics events of single-key operations. Keys may hold
   * personal data, hence off.
   * @default false
   */
  includeKeys?: boolean;
  /**
   * Time one operation in this many (1: every one). Reading the clock twice
   * costs about 80 ns, several times an in-process cache hit; sampling keeps
   * histograms' shape at a fraction of that cost (their counts are then
   * samples, not totals). While the diagnostics channel has subscribers
   * every operation is timed and published.
   * @default 1
   */
  timeEvery?: number;
}

const defaultNow = () => performance.now();

/** Times operations into per-(operation, outcome) histograms. */
export class LatencyRecorder {
  /** The time source (milliseconds). */
  readonly now: () => number;
  readonly #histograms: (Histogram | undefined)[] = new Array<Histogram | undefined>(OPERATIONS.length * OUTCOMES.length).fill(undefined);
  readonly #histogramOptions: HistogramOptions;
  readonly #diagnostics: boolean;
  readonly #includeKeys: boolean;
  readonly #every: number;
  #untimed = 0;

  constructor(options: LatencyRecorderOptions = {}) {
    assertKnownOptions(options, LATENCY_RECORDER_OPTIONS, 'LatencyRecorder');
    const every = options.timeEvery ?? 1;
    if (!Number.isSafeInteger(every) || every < 1) throw new InvalidOptionError('timeEvery', `timeEvery must be a positive integer (got ${describeValue(every)})`);
    this.#every = every;
    const now = options.now ?? defaultNow;
    if (typeof now !== 'function') throw new InvalidOptionError('now', `now must be a function returning milliseconds (got ${describeValue(now)})`);
    this.now = now;
    this.#histogramOptions = { ...options.histogram };
    new Histogram(this.#histogramOptions); // validates the options once, at construction
    this.#diagnostics = booleanOption(options.diagnostics, 'diagnostics', true);
    this.#includeKeys = booleanOption(options.includeKeys, 'includeKeys', false);
  }

  /** Whether to time the next operation (see `timeEvery`). */
  sample(): boolean {
    if (this.#every === 1 || (this.#diagnostics && operationChannel.hasSubscribers)) return true;
    if (++this.#untimed < this.#every) return false;
    this.#untimed = 0;
    return true;
  }

  /**
   * Records an operation that started at `start` (from `now()`) and ended
   * now; publishes it when the diagnostics channel has subscribers.
   * @param operation index in {@link OPERATIONS}
   * @param outcome index in {@link OUTCOMES}
   */
  record(tier: string, operation: number, outcome: number, start: number, key: string | undefined, keys: number, error?: unknown): void {
    const ms = this.now() - start;
    const duration = ms > 0 ? ms : 0;
    const index = operation * OUTCOMES.length + outcome;
    const histogram = (this.#histograms[index] ??= new Histogram(this.#histogramOptions));
    histogram.record(duration * 1e6);
    if (this.#diagnostics && operationChannel.hasSubscribers) {
      const event: OperationEvent = { tier, operation: OPERATIONS[operation]!, outcome: OUTCOMES[outcome]!, duration, keys };
      if (this.#includeKeys && key !== undefined) event.key = key;
      if (outcome === ERROR) event.error = error;
      operationChannel.publish(event);
    }
  }

  /** Every (operation, outcome) pair timed so far, in {@link OPERATIONS} then {@link OUTCOMES} order. */
  latencies(): OperationLatency[] {
    const out: OperationLatency[] = [];
    this.#histograms.forEach((histogram, index) => {
      if (histogram === undefined) return;
      const operation = OPERATIONS[Math.floor(index / OUTCOMES.length)]!;
      out.push({ operation, outcome: OUTCOMES[index % OUTCOMES.length]!, histogram });
    });
    return out;
  }

  /** Zeroes every histogram. */
  reset(): void {
    for (const histogram of this.#histograms) histogram?.reset();
  }
}
