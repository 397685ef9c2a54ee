/**
 * A small seeded pseudo-random generator (mulberry32) so every benchmark
 * process draws the same key streams. Not for cryptography.
 * @module
 */

/** A deterministic source of uniform numbers. */
export interface Random {
  /** A uniform double in [0, 1). */
  next(): number;
  /** A uniform integer in [0, bound). */
  nextInt(bound: number): number;
}

/** mulberry32 (Tommy Ettinger): 32 bits of state, period 2^32, good enough for key streams. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (bound) => Math.floor(next() * bound) };
}
