/**
 * The stale-read check: successful reads against the database's commit log
 * (the version oracle) and the times the load generator saw each write end.
 * @module
 */
import type { Commit } from './database.js';

/** Successful reads of the timeline, column-wise. */
export interface Reads {
  ids: number[];
  sentAt: number[];
  versions: number[];
  buckets: number[];
}

/**
 * Stale reads per bucket. A write "is done" at the later of the moment its
 * request ended at the load generator (answered, failed or timed out) and
 * the moment the database committed it (from the commit log, matched by
 * write id). A read of item `id` sent at `t` that returned version `v` is
 * stale when a write of `id` that was done by `t − graceMs` had
 * committed a version above `v`.
 */
export function staleByBucket(reads: Reads, ended: ReadonlyMap<number, number>, commits: readonly Commit[], buckets: number, graceMs: number): number[] {
  const oracle = versionOracle(ended, commits);
  const stale = new Array<number>(buckets).fill(0);
  for (let i = 0; i < reads.ids.length; i++) {
    if (oracle.newestDone(reads.ids[i]!, reads.sentAt[i]! - graceMs) > reads.versions[i]!) stale[reads.buckets[i]!]!++;
  }
  return stale;
}

/** The writes of the database's log that are done, per item, for stale-read checks. */
export interface VersionOracle {
  /** The highest version of `id` committed by a write done at or before `at` (-1: none). */
  newestDone(id: number, at: number): number;
  /** When the first write that committed a version above `version` of `id` was done (undefined: none). */
  firstDoneAbove(id: number, version: number): number | undefined;
}

/**
 * Builds the oracle: a write "is done" at the later of the moment its
 * request ended at the load generator and the moment the database committed
 * it; writes still in flight when the run ended are left out.
 */
export function versionOracle(ended: ReadonlyMap<number, number>, commits: readonly Commit[]): VersionOracle {
  const done = new Map<number, [number, number][]>(); // id → [done at, version], sorted by done at
  for (const [id, v, committedAt, write] of commits) {
    const endedAt = ended.get(write);
    if (endedAt === undefined) continue; // still in flight when the run ended
    const list = done.get(id) ?? [];
    list.push([Math.max(endedAt, committedAt), v]);
    done.set(id, list);
  }
  const running = new Map<number, [number, number][]>(); // the same, versions as a running max
  for (const [id, list] of done) {
    list.sort((a, b) => a[0] - b[0]);
    const max = list.map(([at, v]): [number, number] => [at, v]);
    for (let i = 1; i < max.length; i++) max[i]![1] = Math.max(max[i]![1], max[i - 1]![1]);
    running.set(id, max);
  }
  return {
    newestDone(id, at) {
      const list = running.get(id);
      if (list === undefined) return -1;
      let low = 0;
      let high = list.length; // writes done by `at`: [0, low)
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (list[mid]![0] <= at) low = mid + 1;
        else high = mid;
      }
      return low > 0 ? list[low - 1]![1] : -1;
    },
    firstDoneAbove(id, version) {
      return done.get(id)?.find(([, v]) => v > version)?.[0];
    },
  };
}

