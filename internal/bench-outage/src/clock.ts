/**
 * One clock for every process of a run: epoch milliseconds with
 * sub-millisecond resolution, so that the load generator, the database and
 * the parent agree on when the timeline starts and when Redis was hurt.
 * @module
 */

/** Epoch ms (fractional). */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Index of the time bucket holding `at` (negative before the timeline). */
export function bucketOf(at: number, t0: number, bucketMs: number): number {
  return Math.floor((at - t0) / bucketMs);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
