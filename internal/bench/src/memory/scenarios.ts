/**
 * The in-process memory benchmark's scenarios and their sizes. Every key
 * stream is precomputed (seeded) before any timing so generation is never
 * measured, and every process gets the same streams.
 * @module
 */
import { seededRandom } from '../random.js';
import { zipfStream } from '../zipf.js';

/** Scenario names, as written in the JSON output. */
export const SCENARIOS = ['get-hit', 'set-evict-zipf', 'get-or-set-zipf', 'bytes-per-entry'] as const;
/** One of {@link SCENARIOS}. */
export type Scenario = (typeof SCENARIOS)[number];

/** The sizes a run uses. */
export interface ScenarioSizes {
  /** get-hit: entries loaded before timing, and the capacity. */
  readonly getHitEntries: number;
  /** get-hit: reads per round (uniform over the loaded keys). */
  readonly getHitReads: number;
  /** set-evict-zipf / get-or-set-zipf: the cache capacity. */
  readonly zipfCapacity: number;
  /** set-evict-zipf / get-or-set-zipf: distinct keys the Zipf stream draws from. */
  readonly zipfKeys: number;
  /** set-evict-zipf / get-or-set-zipf: operations per round. */
  readonly zipfOps: number;
  /** The Zipf skew. */
  readonly zipfExponent: number;
  /** bytes-per-entry: entries inserted. */
  readonly bytesEntries: number;
}

/** The sizes the acceptance figures are quoted at. */
export const FULL_SIZES: ScenarioSizes = {
  getHitEntries: 100_000,
  getHitReads: 1_000_000,
  zipfCapacity: 10_000,
  zipfKeys: 1_000_000,
  zipfOps: 1_000_000,
  zipfExponent: 0.99,
  bytesEntries: 1_000_000,
};

/** A hundredth of the work, for smoke runs and tests (figures are not comparable). */
export const QUICK_SIZES: ScenarioSizes = {
  getHitEntries: 1_000,
  getHitReads: 10_000,
  zipfCapacity: 100,
  zipfKeys: 10_000,
  zipfOps: 10_000,
  zipfExponent: 0.99,
  bytesEntries: 10_000,
};

const SEED = 0x5eed;

/** `key:<n>` for n in [0, count). */
export function sequentialKeys(count: number): string[] {
  const keys = new Array<string>(count);
  for (let i = 0; i < count; i++) keys[i] = `key:${i}`;
  return keys;
}

/** `reads` keys drawn uniformly (seeded) from `keys`. */
export function uniformReads(keys: readonly string[], reads: number): string[] {
  const random = seededRandom(SEED);
  const out = new Array<string>(reads);
  for (let i = 0; i < reads; i++) out[i] = keys[random.nextInt(keys.length)]!;
  return out;
}

/** The Zipf stream as key strings; equal ranks share one string. */
export function zipfKeyStream(sizes: ScenarioSizes): string[] {
  const ranks = zipfStream(sizes.zipfOps, sizes.zipfKeys, sizes.zipfExponent, SEED);
  const names = new Array<string | undefined>(sizes.zipfKeys + 1);
  const out = new Array<string>(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i]!;
    out[i] = names[rank] ??= `key:${rank}`;
  }
  return out;
}
