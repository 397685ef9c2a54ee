/**
 * The in-process memory benchmark's scenarios and their sizes. Every key
 * stream is precomputed (seeded) before any timing so generation is never
 * measured, and every process gets the same streams.
 * @module
 */
import { seededRandom } from '../random.js';
import { zipfStream } from '../zipf.js';

/** The scenarios every policy runs. */
export const POLICY_SCENARIOS = ['get-hit', 'set-evict-zipf', 'get-or-set-zipf', 'bytes-per-entry'] as const;
/**
 * get-hit by key shape: long keys (~45 UTF-16 units), and keys built by a
 * template literal on every read (as a service does) instead of the same
 * string objects reused (which lets a `Map` reuse V8's cached string hash).
 */
export const KEY_SHAPE_SCENARIOS = ['get-hit-long-keys', 'get-hit-fresh-keys', 'get-hit-fresh-long-keys'] as const;
/**
 * By cache size (10k, 1M, 10M entries; prebuilt `key:N` strings): uniform
 * reads of loaded keys, and uniform writes over twice as many keys as the
 * capacity (half of them evict).
 */
export const SCALE_SCENARIOS = ['get-hit-10k', 'get-hit-1m', 'get-hit-10m', 'set-evict-10k', 'set-evict-1m', 'set-evict-10m'] as const;
/** Every scenario, in report order: the default run. Key shapes and scale compare the peers with `lru` and the default policy only. */
export const ALL_SCENARIOS = [...POLICY_SCENARIOS, ...KEY_SHAPE_SCENARIOS, ...SCALE_SCENARIOS] as const;
/** One of {@link SCALE_SCENARIOS}. */
export type ScaleScenario = (typeof SCALE_SCENARIOS)[number];
/** One of {@link ALL_SCENARIOS}. */
export type Scenario = (typeof ALL_SCENARIOS)[number];

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
  /** The scale scenarios' cache sizes (`10k`, `1m`, `10m`). */
  readonly scaleEntries: { readonly '10k': number; readonly '1m': number; readonly '10m': number };
  /** The scale scenarios: operations per round. */
  readonly scaleOps: number;
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
  scaleEntries: { '10k': 10_000, '1m': 1_000_000, '10m': 10_000_000 },
  scaleOps: 2_000_000,
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
  scaleEntries: { '10k': 100, '1m': 10_000, '10m': 100_000 },
  scaleOps: 20_000,
};

const SEED = 0x5eed;

/** The name of key `n`: `key:<n>`, or a ~45-unit key with `n` in the middle. */
export function keyName(long: boolean): (n: number) => string {
  return long ? (n) => `tenant:acme-corporation:user:${n}:profile:v2` : (n) => `key:${n}`;
}

/** The names of keys 0 to count − 1. */
export function sequentialKeys(count: number, long = false): string[] {
  const name = keyName(long);
  const keys = new Array<string>(count);
  for (let i = 0; i < count; i++) keys[i] = name(i);
  return keys;
}

/** `reads` indices drawn uniformly (seeded) from [0, count). */
export function uniformIndices(count: number, reads: number): Uint32Array {
  const random = seededRandom(SEED);
  const out = new Uint32Array(reads);
  for (let i = 0; i < reads; i++) out[i] = random.nextInt(count);
  return out;
}

/**
 * The keys a scale scenario's set-evict rounds write: `rounds` stretches of
 * `ops` indices drawn uniformly (seeded) from [0, count), one per round, in
 * the order the rounds run. Each round needs its own: uniform draws over
 * twice the capacity find the key in the cache half of the time only while
 * they are independent of what the cache holds, and a round replaying the
 * previous one's writes finds them all (at 10M entries, 2M writes over 20M
 * keys leave every key they wrote in the cache, and no write of a replay
 * evicted).
 */
export function writeRounds(count: number, rounds: number, ops: number): Uint32Array[] {
  const all = uniformIndices(count, rounds * ops);
  return Array.from({ length: rounds }, (_, r) => all.subarray(r * ops, (r + 1) * ops));
}

/** A scale scenario's operation and cache size. */
export function scaleOf(scenario: ScaleScenario, sizes: ScenarioSizes): { op: 'get-hit' | 'set-evict'; entries: number } {
  const [, op, size] = /^(get-hit|set-evict)-(10k|1m|10m)$/.exec(scenario)!;
  return { op: op as 'get-hit' | 'set-evict', entries: sizes.scaleEntries[size as '10k' | '1m' | '10m'] };
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
