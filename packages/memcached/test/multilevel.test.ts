/**
 * The tier under `@cache/multilevel`, with a memory level in front: values
 * reach memcached, and a hung memcached does not stop the tiered cache
 * (reads and loads settle, the memory level keeps serving).
 */
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { describe, expect, it } from 'vitest';
import { createCache, useMemcached } from './helpers.js';

const mc = useMemcached(1);

describe('MemoryCache → MemcachedCache', () => {
  it('writes through to memcached, and rides out a hung server', async () => {
    const remote = createCache(mc.addresses, { commandTimeout: 200 });
    const cache = new MultiLevelCache<{ id: number }>({
      levels: [
        { name: 'memory', tier: new MemoryCache({ maxEntries: 100 }) },
        { name: 'memcached', tier: remote },
      ],
      defaultTtl: '1m',
    });
    let loads = 0;
    const load = async () => ({ id: ++loads });
    expect(await cache.getOrSet('a', load)).toEqual({ id: 1 });
    expect(await remote.has('a')).toBe(true); // (multilevel stores its own envelope in lower levels)
    await cache.set('b', { id: 42 });
    expect(await remote.has('b')).toBe(true);

    mc.servers[0]!.pause();
    try {
      const started = performance.now();
      expect(await cache.get('a')).toEqual({ id: 1 }); // the memory level answers
      expect(await cache.getOrSet('c', load)).toEqual({ id: 2 }); // memcached times out; the load still fills memory
      expect(await cache.get('c')).toEqual({ id: 2 });
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      mc.servers[0]!.resume();
    }
    await cache.close();
  });
});
