/**
 * A fixed-memory log-linear histogram (the HdrHistogram layout, Gil Tene:
 * "HdrHistogram: A High Dynamic Range Histogram", hdrhistogram.org).
 *
 * Design: values are non-negative numbers in one unit (nanoseconds for
 * latencies). They are floored to integers and counted in slots. Values below
 * 128 get one slot each; above, every power-of-two range [2^k, 2^(k+1)) is
 * split into 64 slots of equal width 2^(k-6). A slot is therefore never wider
 * than 1/64 of its lower bound, and reporting its midpoint is off by at most
 * 1/128 of the true value (about two significant digits). Finding a slot is a
 * `Math.clz32` and a division by a power of two: O(1), no allocation. Values
 * above `highest` are counted in the last slot; `count`, `sum`, `min` and
 * `max` stay exact.
 * @module
 */
import { InvalidArgumentError, InvalidOptionError, assertKnownOptions, describeValue } from '@cache/core';

const HISTOGRAM_OPTIONS: ReadonlySet<string> = new Set(['highest']);

/** One hour in nanoseconds: the default highest value a latency histogram resolves. */
export const DEFAULT_HIGHEST = 3_600_000_000_000;

/**
 * Worst relative error of {@link Histogram.percentile} for values of 64 units
 * and more (below 64 units the error is at most half a unit): 1/128 ≈ 0.78 %.
 */
export const RELATIVE_ERROR = 1 / 128;

/** Options of a {@link Histogram}. */
export interface HistogramOptions {
  /**
   * The highest value resolved; larger values are counted in the last slot
   * (their `sum`, `min` and `max` stay exact). Memory is about
   * `64 × log2(highest)` eight-byte counters (18 KB for an hour in ns).
   * @default DEFAULT_HIGHEST (one hour in nanoseconds)
   */
  highest?: number;
}

const LINEAR = 128; // values below this get one slot each
const SUB = 64; // slots per power of two above LINEAR
const TWO_32 = 4_294_967_296;
const POW2: number[] = Array.from({ length: 64 }, (_, i) => 2 ** i);

/** Slot of a non-negative integer (below 2^53). */
function slotOf(v: number): number {
  if (v < LINEAR) return v;
  const log2 = v < TWO_32 ? 31 - Math.clz32(v) : 63 - Math.clz32(Math.floor(v / TWO_32));
  const shift = log2 - 6;
  return SUB * shift + Math.floor(v / POW2[shift]!);
}

/** Lowest value counted in `slot`. */
export function slotLow(slot: number): number {
  if (slot < LINEAR) return slot;
  const shift = (slot >> 6) - 1;
  return (slot - SUB * shift) * POW2[shift]!;
}

/** Width of `slot` (every value in [low, low + width) lands in it). */
export function slotWidth(slot: number): number {
  return slot < LINEAR ? 1 : POW2[(slot >> 6) - 1]!;
}

/**
 * A latency (or any non-negative quantity) histogram with fixed memory, O(1)
 * `record()` without allocation, exact `count`/`sum`/`min`/`max`, and
 * percentiles within {@link RELATIVE_ERROR}.
 */
export class Histogram {
  /** The highest value resolved (larger values land in the last slot). */
  readonly highest: number;
  readonly #counts: Float64Array;
  readonly #last: number;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  constructor(options: HistogramOptions = {}) {
    assertKnownOptions(options, HISTOGRAM_OPTIONS, 'Histogram');
    const highest = options.highest ?? DEFAULT_HIGHEST;
    if (typeof highest !== 'number' || !Number.isSafeInteger(highest) || highest < LINEAR) {
      throw new InvalidOptionError('highest', `highest must be an integer from ${LINEAR} to 2^53 - 1 (got ${describeValue(highest)})`);
    }
    this.highest = highest;
    this.#last = slotOf(highest);
    this.#counts = new Float64Array(this.#last + 1);
  }

  /** Values recorded. */
  get count(): number {
    return this.#count;
  }
  /** Sum of the recorded values (exact while it stays below 2^53 for integers). */
  get sum(): number {
    return this.#sum;
  }
  /** Smallest recorded value; 0 when empty. */
  get min(): number {
    return this.#count === 0 ? 0 : this.#min;
  }
  /** Largest recorded value; 0 when empty. */
  get max(): number {
    return this.#count === 0 ? 0 : this.#max;
  }
  /** Mean of the recorded values; 0 when empty. */
  get mean(): number {
    return this.#count === 0 ? 0 : this.#sum / this.#count;
  }

  /**
   * Counts one value (finite and ≥ 0). O(1), allocates nothing.
   * @throws InvalidArgumentError for negative, NaN or infinite values (nothing is counted)
   */
  record(value: number): void {
    if (typeof value !== 'number' || !(value >= 0 && value <= Number.MAX_VALUE)) {
      throw new InvalidArgumentError('value', `a histogram value must be a finite number ≥ 0 (got ${describeValue(value)})`);
    }
    const slot = value >= this.highest ? this.#last : slotOf(Math.floor(value));
    this.#counts[slot]!++;
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  /**
   * The value at percentile `p` (0–100) by nearest rank: the smallest recorded
   * value such that at least p % of the values are ≤ it, within
   * {@link RELATIVE_ERROR} (or half a unit below 64 units). `0` gives `min`,
   * `100` gives `max`; 0 when empty.
   * @throws InvalidArgumentError when `p` is not a number from 0 to 100
   */
  percentile(p: number): number {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
      throw new InvalidArgumentError('p', `percentile takes a number from 0 to 100 (got ${describeValue(p)})`);
    }
    if (this.#count === 0) return 0;
    if (p === 0) return this.#min;
    if (p === 100) return this.#max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    const counts = this.#counts;
    let seen = 0;
    for (let slot = 0; slot <= this.#last; slot++) {
      seen += counts[slot]!;
      if (seen >= rank) {
        const mid = slotLow(slot) + slotWidth(slot) / 2;
        return Math.min(this.#max, Math.max(this.#min, mid));
      }
    }
    return this.#max;
  }

  /**
   * For each bound (ascending, in the histogram's unit), how many values are
   * ≤ it: cumulative counts for Prometheus `_bucket{le=…}` series. A slot is
   * counted under a bound when the slot ends at or below it, so counts never
   * include a value above the bound, but may leave out values of the slot
   * the bound falls in (values within 1/64 of the bound, or equal to it).
   * @throws InvalidArgumentError unless `bounds` are finite and ascending
   */
  cumulativeCounts(bounds: readonly number[]): number[] {
    if (!Array.isArray(bounds)) throw new InvalidArgumentError('bounds', `bounds must be an array of finite, strictly ascending numbers (got ${describeValue(bounds)})`);
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i]!;
      if (typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!)) {
        throw new InvalidArgumentError('bounds', `bucket bounds must be finite and strictly ascending (bound ${i} is ${describeValue(b)})`);
      }
    }
    const out = new Array<number>(bounds.length).fill(0);
    const counts = this.#counts;
    let slot = 0;
    let seen = 0;
    for (let i = 0; i < bounds.length; i++) {
      const bound = bounds[i]!;
      // every value of a slot is below its end, low + width
      while (slot < this.#last && slotLow(slot) + slotWidth(slot) <= bound) seen += counts[slot++]!;
      out[i] = slot === this.#last && this.#max <= bound ? this.#count : seen;
    }
    return out;
  }

  /** Adds every value of `other` (as if they were recorded here). */
  merge(other: Histogram): this {
    if (typeof other !== 'object' || other === null || !(#counts in other)) throw new InvalidArgumentError('other', `merge takes another Histogram (got ${describeValue(other)}); pass a Histogram, e.g. from LatencyRecorder.latencies()`);
    const theirs = other.#counts;
    const mine = this.#counts;
    for (let slot = 0; slot < theirs.length; slot++) {
      const n = theirs[slot]!;
      if (n === 0) continue;
      if (slot < this.#last) mine[slot]! += n;
      else mine[this.#last]! += n;
    }
    if (other.#count > 0) {
      this.#count += other.#count;
      this.#sum += other.#sum;
      if (other.#min < this.#min) this.#min = other.#min;
      if (other.#max > this.#max) this.#max = other.#max;
    }
    return this;
  }

  /** An independent copy. */
  clone(): Histogram {
    return new Histogram({ highest: this.highest }).merge(this);
  }

  /** Forgets every value. */
  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
  }

  /** The usual figures, for logs and JSON reporters. */
  summary(): HistogramSummary {
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      mean: this.mean,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
    };
  }
}

/** {@link Histogram.summary}: count, sum, extremes, mean and common percentiles. */
export interface HistogramSummary {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
}
