/**
 * The `getMany-100-all-slots` scenario: what is measured, by whom, on which
 * keys. Shared by the CLI (parent) and the workers.
 * @module
 */

/** The scenario's name in tables and JSON. */
export const SCENARIO = 'getMany-100-all-slots';

/**
 * - `@cache/cluster`: `getMany(100 keys)` (grouped per node, default options)
 * - `@cache/cluster (crossSlotReads: false)`: `getMany` with one MGET per slot, pipelined per node
 * - `per-key`: 100 concurrent `get(key)` on the same RedisClusterCache
 * - `ioredis`: 100 concurrent `getBuffer(key)` on a raw ioredis Cluster (default options)
 */
export const LIBRARIES = ['@cache/cluster', '@cache/cluster (crossSlotReads: false)', 'per-key', 'ioredis'] as const;
/** One of {@link LIBRARIES}. */
export type Library = (typeof LIBRARIES)[number];
/** What ratios are computed against. */
export const BASELINE: Library = 'per-key';

/** What the parent asks a worker to do. */
export interface WorkerJob {
  library: Library;
  nodes: { host: string; port: number }[];
  /** The tier prefix the keys were written under. */
  prefix: string;
  /** Keys `k0` … `k<keyCount-1>` exist. */
  keyCount: number;
  /** Keys per batch (100). */
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** Untimed warm-up, ms. */
  warmupMs: number;
  /** Length of one timed round, ms. */
  roundMs: number;
  /** Timed rounds; the median is reported. */
  rounds: number;
}

/** What a worker prints. */
export interface WorkerResult {
  /** Keys read per second (median round, wall clock). */
  opsPerSec: number;
  /** Keys/s of every round. */
  samples: number[];
  /** Share of keys found (1 when every read key existed). */
  hitRatio: number;
}

/** A seeded xorshift32 PRNG in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/**
 * Batches of `size` distinct keys drawn uniformly from `k0…k<keyCount-1>`:
 * with 10,000 keys over 16,384 slots, a batch of 100 touches ~100 slots on
 * every master.
 */
export function batchKeys(keyCount: number, size: number, seed: number): () => string[] {
  const next = random(seed);
  return () => {
    const picked = new Set<number>();
    while (picked.size < size) picked.add(Math.floor(next() * keyCount));
    return [...picked].map((i) => `k${i}`);
  };
}
