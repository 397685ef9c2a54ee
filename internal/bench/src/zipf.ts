/**
 * Zipf-distributed integers by rejection-inversion.
 *
 * Design note: rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-
 * inversion to generate variates from monotone discrete distributions", ACM
 * TOMACS 6(3), 1996) draws rank k in [1, n] with probability proportional to
 * 1 / k^s in O(1) expected time and O(1) memory, without a table of n
 * weights; this follows the formulation of Apache Commons RNG's
 * RejectionInversionZipfSampler. Streams are precomputed into typed arrays
 * before any timing, so generation is never measured.
 * @module
 */
import { seededRandom, type Random } from './random.js';

/** Draws ranks 1..n with P(k) ∝ 1/k^exponent. */
export class ZipfGenerator {
  readonly #n: number;
  readonly #exponent: number;
  readonly #hIntegralX1: number;
  readonly #hIntegralN: number;
  readonly #s: number;
  readonly #random: Random;

  /**
   * @param n the number of distinct ranks (keys), ≥ 1
   * @param exponent the skew s, > 0 (0.99 is the classic web-cache skew)
   * @param random the uniform source
   */
  constructor(n: number, exponent: number, random: Random) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf n must be an integer ≥ 1 (got ${n})`);
    if (!(exponent > 0)) throw new RangeError(`zipf exponent must be > 0 (got ${exponent})`);
    this.#n = n;
    this.#exponent = exponent;
    this.#random = random;
    this.#hIntegralX1 = this.#hIntegral(1.5) - 1;
    this.#hIntegralN = this.#hIntegral(n + 0.5);
    this.#s = 2 - this.#hIntegralInverse(this.#hIntegral(2.5) - this.#h(2));
  }

  /** The next rank, in [1, n]. */
  next(): number {
    for (;;) {
      const u = this.#hIntegralN + this.#random.next() * (this.#hIntegralX1 - this.#hIntegralN);
      const x = this.#hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.#n) k = this.#n;
      if (k - x <= this.#s || u >= this.#hIntegral(k + 0.5) - this.#h(k)) return k;
    }
  }

  #h(x: number): number {
    return Math.exp(-this.#exponent * Math.log(x));
  }

  #hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.#exponent) * logX) * logX;
  }

  #hIntegralInverse(x: number): number {
    let t = x * (1 - this.#exponent);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x) / x, accurate near 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, accurate near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/**
 * A precomputed stream of `count` Zipf ranks in [1, n]; the same seed always
 * gives the same stream.
 */
export function zipfStream(count: number, n: number, exponent: number, seed: number): Int32Array {
  const generator = new ZipfGenerator(n, exponent, seededRandom(seed));
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = generator.next();
  return out;
}
