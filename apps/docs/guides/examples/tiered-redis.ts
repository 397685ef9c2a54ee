import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// What each instance of a service builds: its own L1 and bus, a shared Redis L2.
function productCache(instance: string) {
  const bus = new RedisInvalidationBus({ url, instanceId: instance });
  const cache = new MultiLevelCache<{ price: number }>({
    name: 'products', // also the bus namespace: the same on every instance
    levels: [
      { name: 'memory', tier: new MemoryCache({ maxEntries: 10_000 }), maxTtl: '1m' },
      { name: 'redis', tier: new RedisCache({ url, prefix: 'tiered:products', commandTimeout: '200ms' }) },
    ],
    defaultTtl: '10m',
    grace: '6h',
    softTimeout: '100ms', // with a stale value at hand, answer after 100 ms and refresh in the background
    bus,
  });
  return { cache, bus };
}

const a = productCache('instance-a');
const b = productCache('instance-b');
await Promise.all([a.cache.ready(), b.cache.ready()]); // subscribed to the bus

await a.cache.set('p:1', { price: 10 });
assert.deepEqual(await b.cache.get('p:1'), { price: 10 }); // from Redis; now also in b's memory level
assert.equal(b.cache.multilevelStats().levelHits.redis, 1);

await a.cache.set('p:1', { price: 8 }); // published on the bus: b drops its memory copy
while (b.cache.multilevelStats().invalidations === 0) await sleep(5); // (only this demo waits for it)
assert.deepEqual(await b.cache.get('p:1'), { price: 8 });

await a.cache.clear(); // every level, and the other instances' local levels
await Promise.all([a.cache.close(), b.cache.close()]); // closes the levels
await Promise.all([a.bus.close(), b.bus.close()]); // the cache does not own its bus
