import { describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache } from '../src/index.js';
import { FlakyTier, memory } from './helpers.js';

function setup() {
  const clock = new FakeClock();
  const l1 = memory(clock);
  const l2 = new FlakyTier({ name: 'l2', clock });
  const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
  return { clock, l1, l2, cache };
}

describe('stats', () => {
  it('multilevelStats has the seed shape: totals, hits and hit ratio per level, each level own stats', async () => {
    const { cache, l1 } = setup();
    await cache.set('a', 'A');
    await cache.set('b', 'B');
    l1.delete('b');
    await cache.get('a'); // l1
    await cache.get('b'); // l2, promoted
    await cache.get('b'); // l1
    await cache.get('zzz'); // miss
    const stats = cache.multilevelStats();
    expect(stats).toMatchObject({
      totalGets: 4,
      totalSets: 2,
      totalMisses: 1,
      levelHits: { l1: 2, l2: 1 },
      levelHitRatios: { l1: 0.5, l2: 0.25 },
      hitRatio: 0.75,
      levelErrors: { l1: 0, l2: 0 },
    });
    expect(stats.levels.map((level) => level.name)).toEqual(['l1', 'l2']);
    expect(stats.levels[0]!.stats?.hits).toBe(2);
    expect(stats.levels[1]!.stats?.hits).toBe(1);
    expect(stats.levels[0]!.promotions).toBe(1);
    expect(Object.isFrozen(stats)).toBe(true);
  });

  it('stats() is core snapshot for the whole cache', async () => {
    const { cache, clock, l2 } = setup();
    await cache.set('a', 'A');
    await cache.get('a');
    await cache.get('b');
    await cache.delete('a');
    l2.failing.add('get');
    await cache.get('c');
    clock.advance(500);
    const s = cache.stats();
    expect(s).toMatchObject({ hits: 1, misses: 2, sets: 1, deletes: 1, errors: 1, hitRatio: 1 / 3, uptime: 500 });
  });

  it('counts errors per level', async () => {
    const { cache, l2 } = setup();
    l2.failing.add('get');
    await cache.get('x');
    await cache.getMany(['y', 'z']); // skips l2: failing since the first error
    expect(cache.levelStats().map((level) => [level.name, level.errors])).toEqual([
      ['l1', 0],
      ['l2', 1],
    ]);
  });

  it('counts loads, coalesced callers and stale answers', async () => {
    const { cache } = setup();
    await Promise.all([cache.getOrSet('k', () => 'v'), cache.getOrSet('k', () => 'v')]);
    await cache.getOrSet('k', () => 'v');
    expect(cache.multilevelStats()).toMatchObject({ loads: 1, coalesced: 1, staleServed: 0, totalGets: 2, totalMisses: 1 });
  });
});
