/**
 * Issue 9, item 15: the L1's own miss counter counted every `getOrSet` miss
 * twice (getOrSet read L1, then the load read it again), so Prometheus'
 * `cache_hit_ratio` for L1 read 0.67 while the cache's own ratio was 0.81.
 */
import { describe, expect, it } from 'vitest';
import { MapTier } from '@cache/core/testing';
import { MultiLevelCache } from '../../src/index.js';
import { memory } from '../helpers.js';

describe('a getOrSet miss', () => {
  it('is one read of L1 (its own stats) and one read of the cache', async () => {
    const l1 = memory();
    const l2 = new MapTier({ name: 'l2' });
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    await cache.getOrSet('a', () => 'A'); // miss everywhere, loaded
    await cache.getOrSet('a', () => 'A'); // L1 hit
    await l2.set('b', { v: 'B' });
    await cache.getOrSet('b', () => 'never'); // L1 miss, L2 hit
    expect(l1.stats()).toMatchObject({ hits: 1, misses: 2 });
    expect(cache.multilevelStats()).toMatchObject({ totalGets: 3, totalMisses: 1, levelHits: { l1: 1, l2: 1 } });
    await cache.close();
  });
});
