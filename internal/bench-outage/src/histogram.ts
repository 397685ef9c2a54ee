/**
 * A latency histogram with log-spaced buckets (2% wide, 0.01 ms to ~30 s):
 * fixed memory per time bucket, mergeable across time buckets (phases), and
 * small enough to pass between processes as sparse [index, count] pairs.
 * Quantiles are read as a bucket's upper bound (at most 2% high).
 * @module
 */

const MIN_MS = 0.01;
const STEP = Math.log(1.02);
const SIZE = 760;

/** The bucket index of a latency. */
function indexOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  return Math.min(SIZE - 1, Math.ceil(Math.log(ms / MIN_MS) / STEP));
}

/** The upper bound of bucket `index`, ms. */
function upperBound(index: number): number {
  return MIN_MS * Math.exp(index * STEP);
}

export class Histogram {
  readonly #counts = new Uint32Array(SIZE);
  #total = 0;

  get total(): number {
    return this.#total;
  }

  record(ms: number): void {
    this.#counts[indexOf(ms)]!++;
    this.#total++;
  }

  /** Adds sparse [index, count] pairs (from {@link toSparse}). */
  add(pairs: readonly (readonly [number, number])[]): this {
    for (const [index, count] of pairs) {
      this.#counts[index]! += count;
      this.#total += count;
    }
    return this;
  }

  /** The `q`-quantile (0…1), ms; NaN when empty. */
  quantile(q: number): number {
    if (this.#total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.#total));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return upperBound(i);
    }
    return upperBound(SIZE - 1);
  }

  toSparse(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < SIZE; i++) if (this.#counts[i] !== 0) pairs.push([i, this.#counts[i]!]);
    return pairs;
  }
}
