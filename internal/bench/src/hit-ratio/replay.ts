/**
 * Replays a trace through a cache and counts hits: get, and set on a miss
 * (demand fill), the way an application uses a cache. Hit ratio does not
 * depend on speed, so every policy runs in this process.
 * @module
 */
import type { Trace } from '../trace/trace.js';
import { optimalHits } from './belady.js';

/** The two operations a replay needs. */
export interface ReplayCache {
  get(key: string): unknown;
  set(key: string, value: true): unknown;
}

/**
 * Makes an empty cache holding at most `size` entries; `seed` feeds policies
 * that randomise (hashing, sampling) and is ignored by the others.
 */
export type ReplayCacheFactory = (size: number, seed: number) => ReplayCache;

/** A hit ratio measured over one or more seeds. */
export interface SeededHitRatio {
  /** Mean hit ratio over the seeds, in [0, 1]. */
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** How many seeds were replayed. */
  readonly runs: number;
  /**
   * With a stretch length: the mean hit ratio (over the seeds) of each
   * stretch of that many requests, in trace order (the last one may be
   * shorter).
   */
  readonly stretches?: readonly number[];
}

/**
 * Hits of `cache` on `trace` with get-then-set-on-miss. With `byStretch`,
 * also adds each hit to `byStretch[⌊i / stretch⌋]` (i: the request's index).
 */
export function replayHits(trace: Trace, cache: ReplayCache, stretch = 0, byStretch?: Float64Array): number {
  const { requests, keys } = trace;
  let hits = 0;
  for (let i = 0; i < requests.length; i++) {
    const key = keys[requests[i]!]!;
    if (cache.get(key) === undefined) cache.set(key, true);
    else {
      hits++;
      if (byStretch !== undefined) byStretch[Math.floor(i / stretch)]!++;
    }
  }
  return hits;
}

/**
 * Hit ratio of caches made by `create(size, seed)` for seeds 1..`seeds`
 * (pass 1 for a cache that ignores the seed), or of Belady's optimum when
 * `create` is `'opt'`. A `stretch` (requests, > 0) also gives the hit ratio
 * of every stretch of that many requests (not for `'opt'`, which is
 * computed for the trace as a whole).
 */
export function replayHitRatio(trace: Trace, size: number, create: ReplayCacheFactory | 'opt', seeds = 1, stretch = 0): SeededHitRatio {
  const n = trace.requests.length;
  if (n === 0) return { mean: 0, min: 0, max: 0, runs: 1 };
  if (create === 'opt') {
    const ratio = optimalHits(trace.requests, trace.keys.length, size) / n;
    return { mean: ratio, min: ratio, max: ratio, runs: 1 };
  }
  const byStretch = stretch > 0 ? new Float64Array(Math.ceil(n / stretch)) : undefined;
  // Sum hits, not ratios: the mean of equal runs is then exactly each run's ratio.
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let seed = 1; seed <= seeds; seed++) {
    const hits = replayHits(trace, create(size, seed), stretch, byStretch);
    total += hits;
    min = Math.min(min, hits);
    max = Math.max(max, hits);
  }
  const ratio: SeededHitRatio = { mean: total / (seeds * n), min: min / n, max: max / n, runs: seeds };
  if (byStretch === undefined) return ratio;
  const stretches = Array.from(byStretch, (hits, i) => hits / (seeds * (Math.min(n, (i + 1) * stretch) - i * stretch)));
  return { ...ratio, stretches };
}
