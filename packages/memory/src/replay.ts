/**
 * Trace replay: the hit ratio of a policy on a sequence of keys, through a
 * real {@link MemoryCache} (a miss is followed by a write, as a read-through
 * cache does). The seam the hit-ratio benchmark uses.
 * @module
 */
import { hitRatio } from '@cache/core';
import { MemoryCache } from './memory-cache.js';
import { DEFAULT_POLICY } from './options.js';
import type { PolicyName } from './policy/policy.js';

/** What to replay with. */
export interface ReplayOptions {
  /** Entry capacity. */
  capacity: number;
  /** The policy. @default DEFAULT_POLICY */
  policy?: PolicyName;
  /** Seed for randomised policies and hashing. @default 1 */
  seed?: number;
}

/** The outcome of a replay. */
export interface ReplayResult {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 for an empty trace. */
  hitRatio: number;
}

/** Replays `keys` (get, and set on a miss) and counts hits and misses. */
export function replay(keys: Iterable<string>, options: ReplayOptions): ReplayResult {
  const cache = new MemoryCache<boolean>({ maxEntries: options.capacity, policy: options.policy ?? DEFAULT_POLICY, seed: options.seed ?? 1 });
  let hits = 0;
  let misses = 0;
  for (const key of keys) {
    if (cache.get(key) === undefined) {
      misses++;
      cache.set(key, true);
    } else {
      hits++;
    }
  }
  cache.close();
  return { hits, misses, hitRatio: hitRatio(hits, misses) };
}
