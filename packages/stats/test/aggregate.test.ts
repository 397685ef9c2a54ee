import { snapshotOf, ZERO_COUNTERS, type CacheStatsSnapshot } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/index.js';

const stats = (hits: number, misses: number, extra: Partial<CacheStatsSnapshot> = {}): CacheStatsSnapshot => ({
  ...snapshotOf({ ...ZERO_COUNTERS, hits, misses }, 0, 0, 0),
  ...extra,
});

describe('aggregate', () => {
  it('computes per-level and overall hit figures of a real read chain', () => {
    const l1 = new MemoryCache<string>({ maxEntries: 10, name: 'l1' });
    const l2 = new MemoryCache<string>({ maxEntries: 10, name: 'l2' });
    l2.set('a', 'A');
    l2.set('b', 'B');
    l1.set('a', 'A');
    const read = (key: string) => l1.get(key) ?? l2.get(key);
    for (const key of ['a', 'a', 'b', 'c']) read(key); // l1: 2 hits, 2 misses; l2: 1 hit, 1 miss

    const result = aggregate([
      { name: 'l1', stats: l1.stats() },
      { name: 'l2', stats: l2.stats() },
    ]);
    expect(result).toMatchObject({ reads: 4, hits: 3, misses: 1, hitRatio: 0.75, sets: 3, size: 3 });
    expect(result.levels.map(({ name, requests, hitRatio, shareOfReads, shareOfHits }) => ({ name, requests, hitRatio, shareOfReads, shareOfHits }))).toEqual([
      { name: 'l1', requests: 4, hitRatio: 0.5, shareOfReads: 0.5, shareOfHits: 2 / 3 },
      { name: 'l2', requests: 2, hitRatio: 0.5, shareOfReads: 0.25, shareOfHits: 1 / 3 },
    ]);
    expect(result.misses).toBe(l2.stats().misses); // a read misses the cache when it misses the last level
  });

  it('takes an object of levels in key order', () => {
    const result = aggregate({ memory: stats(1, 1), redis: stats(1, 0) });
    expect(result.levels.map((l) => l.name)).toEqual(['memory', 'redis']);
    expect(result.hitRatio).toBe(1);
  });

  it('adds up for any chain: shares of reads sum to the overall hit ratio, misses to the last level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }), (reads, rates) => {
        let reaching = reads;
        const levels = rates.map((rate, i) => {
          const hits = Math.floor(reaching * rate);
          const level = { name: `l${i}`, stats: stats(hits, reaching - hits) };
          reaching -= hits;
          return level;
        });
        const result = aggregate(levels);
        expect(result.reads).toBe(reads);
        expect(result.misses).toBe(levels.at(-1)!.stats.misses);
        const shares = result.levels.reduce((s, l) => s + l.shareOfReads, 0);
        expect(shares).toBeCloseTo(result.hitRatio, 9);
        if (result.hits > 0) expect(result.levels.reduce((s, l) => s + l.shareOfHits, 0)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('uses the reads the caller counted when given', () => {
    const result = aggregate([{ name: 'l1', stats: stats(5, 5) }], { reads: 20 });
    expect(result).toMatchObject({ reads: 20, hits: 5, misses: 15, hitRatio: 0.25 });
    expect(result.levels[0]).toMatchObject({ hitRatio: 0.5, shareOfReads: 0.25 });
  });

  it('reads 0 everywhere before any read', () => {
    const result = aggregate([{ name: 'l1', stats: stats(0, 0) }]);
    expect(result).toMatchObject({ reads: 0, hits: 0, misses: 0, hitRatio: 0 });
    expect(result.levels[0]).toMatchObject({ hitRatio: 0, shareOfReads: 0, shareOfHits: 0 });
  });

  it('sums the other counters and takes the longest uptime', () => {
    const result = aggregate([
      { name: 'a', stats: stats(0, 0, { sets: 1, deletes: 2, evictions: 3, expiredEvictions: 1, errors: 4, memoryUsage: 100, size: 5, uptime: 10 }) },
      { name: 'b', stats: stats(0, 0, { sets: 1, deletes: 1, evictions: 1, expiredEvictions: 1, errors: 1, memoryUsage: 1, size: 1, uptime: 30 }) },
    ]);
    expect(result).toMatchObject({ sets: 2, deletes: 3, evictions: 4, expiredEvictions: 2, errors: 5, memoryUsage: 101, size: 6, uptime: 30 });
  });

  it('rejects no levels, empty or duplicate names, missing stats and bad reads', () => {
    expect(() => aggregate([])).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', argument: 'levels' }));
    expect(() => aggregate([{ name: '', stats: stats(0, 0) }])).toThrow(/non-empty name/);
    expect(() => aggregate([{ name: 'a', stats: stats(0, 0) }, { name: 'a', stats: stats(0, 0) }])).toThrow(/"a" appears twice/);
    expect(() => aggregate([{ name: 'a', stats: 'none' as never }])).toThrow(/must have a stats snapshot or undefined/);
    expect(() => aggregate({ a: stats(0, 0) }, { reads: -1 })).toThrow(expect.objectContaining({ argument: 'reads' }));
  });
});
