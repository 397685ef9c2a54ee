/**
 * Regression: `aggregate(ml.levelStats())` did not type-check (a level's
 * `stats` is undefined when its `stats()` threw) and threw at run time for
 * such a level. It now takes that shape and counts a silent level as 0.
 */
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { describe, expect, it } from 'vitest';
import { aggregate, levelSources, toPrometheus } from '../src/index.js';
import { parseExposition } from '@cache/test-support/exposition';

describe('aggregate(multiLevelCache.levelStats())', () => {
  it('takes the levels of a real tiered cache as they are', async () => {
    const l1 = new MemoryCache<unknown>({ maxEntries: 10, name: 'l1' });
    const l2 = new MemoryCache<unknown>({ maxEntries: 10, name: 'l2' });
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    await cache.set('a', 'A');
    l1.delete('a');
    await cache.get('a'); // l1 miss, l2 hit, promoted
    await cache.get('a'); // l1 hit
    await cache.get('b'); // miss everywhere
    const result = aggregate(cache.levelStats());
    expect(result).toMatchObject({ reads: 3, hits: 2, misses: 1 });
    expect(result.levels.map((l) => [l.name, l.requests])).toEqual([['l1', 3], ['l2', 2]]);
    await cache.close();
  });

  it('counts a level whose stats() threw as 0 and renders no series for it', () => {
    const result = aggregate([
      { name: 'l1', stats: new MemoryCache({ maxEntries: 1 }).stats() },
      { name: 'redis', stats: undefined },
    ]);
    expect(result.levels[1]).toMatchObject({ name: 'redis', stats: undefined, requests: 0, hitRatio: 0, shareOfReads: 0 });
    const families = parseExposition(toPrometheus(levelSources('app', result)));
    expect(families.find((f) => f.name === 'cache_hits_total')?.samples.map((s) => s.labels.level)).toEqual(['l1']);
  });
});
