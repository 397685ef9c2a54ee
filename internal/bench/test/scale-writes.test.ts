import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { QUICK_SIZES, scaleOf, sequentialKeys, writeRounds, SCALE_SCENARIOS } from '../src/memory/scenarios.js';

/** As the worker runs a set-evict scale scenario: fill keys 0..capacity−1, then each round writes its own stretch. */
function evictedShares(scenario: (typeof SCALE_SCENARIOS)[number], rounds: number): number[] {
  const { entries } = scaleOf(scenario, QUICK_SIZES);
  const keys = sequentialKeys(2 * entries);
  const cache = new MemoryCache<number>({ maxEntries: entries, policy: 'lru' });
  for (let i = 0; i < entries; i++) cache.set(keys[i]!, i);
  return writeRounds(keys.length, rounds, QUICK_SIZES.scaleOps).map((ids) => {
    const before = cache.stats().evictions;
    for (const id of ids) cache.set(keys[id]!, id);
    return (cache.stats().evictions - before) / ids.length;
  });
}

describe('bench:memory set-evict scale scenarios', () => {
  it.each(['set-evict-10k', 'set-evict-1m', 'set-evict-10m'] as const)('%s: about half the writes of every round evict, warm-up and timed rounds alike', (scenario) => {
    // 2 warm-up + 3 timed rounds, the defaults. A replay of one stretch every round left the
    // later rounds of set-evict-10m (20k writes over 200k keys here) with no eviction at all.
    const shares = evictedShares(scenario, 5);
    for (const share of shares) {
      expect(share).toBeGreaterThan(0.45);
      expect(share).toBeLessThan(0.55);
    }
  });

  it('gives every process the same stretches, and each round a different one', () => {
    const a = writeRounds(1000, 3, 500);
    const b = writeRounds(1000, 3, 500);
    expect(a.map((r) => [...r])).toEqual(b.map((r) => [...r]));
    expect([...a[0]!]).not.toEqual([...a[1]!]);
    expect(a.every((r) => r.length === 500 && r.every((i) => i < 1000))).toBe(true);
  });
});
