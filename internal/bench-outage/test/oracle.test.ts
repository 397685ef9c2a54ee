import { describe, expect, it } from 'vitest';
import type { Commit } from '../src/database.js';
import { staleByBucket, versionOracle, type Reads } from '../src/oracle.js';

const GRACE = 250;

/** Reads of item 7 as [sent at, version], each in bucket 0. */
function reads(...list: [number, number][]): Reads {
  return { ids: list.map(() => 7), sentAt: list.map(([at]) => at), versions: list.map(([, v]) => v), buckets: list.map(() => 0) };
}

describe('stale reads against the commit log', () => {
  it('holds a read against a write done more than the grace period before it was sent', () => {
    const commits: Commit[] = [[7, 1, 1000, 0]];
    const ended = new Map([[0, 1020]]);
    expect(staleByBucket(reads([1300, 0]), ended, commits, 1, GRACE)).toEqual([1]); // 280 ms after: stale
    expect(staleByBucket(reads([1300, 1]), ended, commits, 1, GRACE)).toEqual([0]); // the new version: fine
    expect(staleByBucket(reads([1200, 0]), ended, commits, 1, GRACE)).toEqual([0]); // within the grace period
  });

  it('never holds a read against a write still in flight, however long it takes', () => {
    const commits: Commit[] = [[7, 1, 1000, 0]];
    const ended = new Map([[0, 5000]]); // the service answered 4 s after the database committed
    expect(staleByBucket(reads([3000, 0], [5200, 0], [5300, 0]), ended, commits, 1, GRACE)).toEqual([1]); // only the last
  });

  it('counts a write that timed out at the caller from the moment the database committed it', () => {
    const commits: Commit[] = [[7, 1, 3000, 0]]; // committed after the caller gave up at 2000
    const ended = new Map([[0, 2000]]);
    expect(staleByBucket(reads([2500, 0], [3200, 0], [3300, 0]), ended, commits, 1, GRACE)).toEqual([1]);
  });

  it('uses the highest version among the writes done, ignores other items and writes that never committed', () => {
    const commits: Commit[] = [
      [7, 1, 1000, 0],
      [7, 2, 1100, 1],
      [8, 1, 1000, 2],
    ];
    const ended = new Map([
      [0, 1010],
      [1, 1110],
      [2, 1010],
      [3, 1010], // no commit: failed before the database
    ]);
    expect(staleByBucket(reads([2000, 1], [2000, 2]), ended, commits, 1, GRACE)).toEqual([1]);
    expect(staleByBucket({ ids: [9], sentAt: [2000], versions: [0], buckets: [0] }, ended, commits, 1, GRACE)).toEqual([0]);
  });
});

describe('the version oracle explain.ts asks', () => {
  it('answers the newest version done by a time, and when a version was first replaced', () => {
    const commits: Commit[] = [[7, 1, 1000, 0], [7, 2, 2000, 1], [8, 1, 1500, 2]];
    const oracle = versionOracle(new Map([[0, 1100], [1, 1900], [2, 1600]]), commits);
    expect([oracle.newestDone(7, 999), oracle.newestDone(7, 1100), oracle.newestDone(7, 2000), oracle.newestDone(9, 5000)]).toEqual([-1, 1, 2, -1]);
    expect([oracle.firstDoneAbove(7, 0), oracle.firstDoneAbove(7, 1), oracle.firstDoneAbove(7, 2)]).toEqual([1100, 2000, undefined]);
  });
});
