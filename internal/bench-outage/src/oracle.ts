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
  const done = new Map<number, [number, number][]>(); // id → [done at, version], sorted by done at
  for (const [id, v, committedAt, write] of commits) {
    const endedAt = ended.get(write);
    if (endedAt === undefined) continue; // still in flight when the run ended
    const list = done.get(id) ?? [];
    list.push([Math.max(endedAt, committedAt), v]);
    done.set(id, list);
  }
  for (const list of done.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) list[i]![1] = Math.max(list[i]![1], list[i - 1]![1]); // running max of versions
  }
  const stale = new Array<number>(buckets).fill(0);
  for (let i = 0; i < reads.ids.length; i++) {
    const list = done.get(reads.ids[i]!);
    if (list === undefined) continue;
    const cutoff = reads.sentAt[i]! - graceMs;
    let low = 0;
    let high = list.length; // writes done by the cutoff: [0, low)
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]![0] <= cutoff) low = mid + 1;
      else high = mid;
    }
    if (low > 0 && reads.versions[i]! < list[low - 1]![1]) stale[reads.buckets[i]!]!++;
  }
  return stale;
}

