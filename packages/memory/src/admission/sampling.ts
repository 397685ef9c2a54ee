/**
 * Spatial sampling of key hashes (as in SHARDS, Waldspurger et al., FAST'15),
 * shared by the window's ghosts (ghost-climber.ts) and the tie judge
 * (tie-judge.ts): a key takes part when its re-mixed hash falls below a
 * threshold, so the same keys are always in or always out, and a fraction
 * `rate` of the key space takes part whatever the request stream.
 * @module
 */

/** 2^32: thresholds compare unsigned 32-bit values. */
const TWO_TO_32 = 0x100000000;

/** The threshold under which a fraction `rate` (clamped to [0, 1]) of `sampleBits` values fall; 2^32 lets every key in. */
export function sampleThreshold(rate: number): number {
  return rate >= 1 ? TWO_TO_32 : Math.floor(Math.max(0, rate) * TWO_TO_32);
}

/**
 * Re-mixes a key hash (unsigned 32-bit) so that sampling is independent of
 * the bits the sketch and the key index use; each sampler passes its own odd
 * `multiplier`, so two samplers pick independent sets of keys.
 */
export function sampleBits(hash: number, multiplier: number): number {
  return Math.imul(hash ^ (hash >>> 16), multiplier) >>> 0;
}
