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

/** Makes an empty cache holding at most `size` entries. */
export type ReplayCacheFactory = (size: number) => ReplayCache;

/** Hits of `cache` on `trace` with get-then-set-on-miss. */
export function replayHits(trace: Trace, cache: ReplayCache): number {
  const { requests, keys } = trace;
  let hits = 0;
  for (let i = 0; i < requests.length; i++) {
    const key = keys[requests[i]!]!;
    if (cache.get(key) === undefined) cache.set(key, true);
    else hits++;
  }
  return hits;
}

/** Hit ratio in [0, 1] of a cache made by `create(size)`, or of Belady's optimum when `create` is `'opt'`. */
export function replayHitRatio(trace: Trace, size: number, create: ReplayCacheFactory | 'opt'): number {
  if (trace.requests.length === 0) return 0;
  const hits = create === 'opt' ? optimalHits(trace.requests, trace.keys.length, size) : replayHits(trace, create(size));
  return hits / trace.requests.length;
}
