/**
 * Skewed ids for the demo's load: a few hot ids and a long tail, with
 * P(id = k) ∝ 1/k^exponent over 1..n. The demo draws from a few thousand ids,
 * so a cumulative table searched by bisection is small and exact; the ids
 * are reproducible from a seed (mulberry32).
 * @module
 */

/** Draws ids 1..n with P(k) ∝ 1/k^exponent. */
export class SkewedIds {
  readonly #cumulative: Float64Array;
  #state: number;

  /**
   * @param n the number of distinct ids, ≥ 1
   * @param exponent the skew, > 0
   * @param seed the seed of the stream
   */
  constructor(n: number, exponent: number, seed: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`ids must be an integer ≥ 1 (got ${n})`);
    if (!(exponent > 0)) throw new RangeError(`exponent must be > 0 (got ${exponent})`);
    const cumulative = new Float64Array(n);
    let total = 0;
    for (let k = 1; k <= n; k++) cumulative[k - 1] = total += 1 / k ** exponent;
    for (let i = 0; i < n; i++) cumulative[i] = cumulative[i]! / total;
    this.#cumulative = cumulative;
    this.#state = seed >>> 0;
  }

  /** The next id, in [1, n]. */
  next(): number {
    const u = this.#uniform();
    const table = this.#cumulative;
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (table[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** mulberry32: a uniform double in [0, 1). */
  #uniform(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
