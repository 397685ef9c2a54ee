/**
 * cache-manager 7 on the adapter: `createCache({ stores: [new Keyv({ store })] })`
 * over a real Redis tier, alone and behind a memory store.
 */
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import type { RedisCache } from '@cache/redis';
import { KeyvCacheStore } from '../src/index.js';
import { closeAfterEach, memoryTier, redisTier } from './tiers.js';

const track = closeAfterEach();

describe('cache-manager 7 over RedisCache', () => {
  it('gets, sets with a TTL, reports the TTL, and deletes', async () => {
    const redis = track<RedisCache<any>>(redisTier());
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(redis) })] });
    expect(await cache.set('user:42', { name: 'Ada' }, 60_000)).toEqual({ name: 'Ada' });
    expect(await cache.get('user:42')).toEqual({ name: 'Ada' });
    const expires = await cache.ttl('user:42');
    expect(expires! - Date.now()).toBeGreaterThan(50_000);
    expect(await redis.ttl('keyv:user:42')).toBeGreaterThan(50_000);
    expect(await cache.del('user:42')).toBe(true);
    expect(await cache.get('user:42')).toBeUndefined();
  });

  it('uses the default ttl of createCache', async () => {
    const redis = track<RedisCache<any>>(redisTier());
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(redis) })], ttl: 30_000 });
    await cache.set('k', 'v');
    const ttl = await redis.ttl('keyv:k');
    expect(ttl).toBeGreaterThan(20_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('mset, mget and mdel go through the batch operations', async () => {
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(track(redisTier())) })] });
    await cache.mset<unknown>([{ key: 'a', value: 1 }, { key: 'b', value: 'two', ttl: 10_000 }]);
    expect(await cache.mget(['a', 'missing', 'b'])).toEqual([1, undefined, 'two']);
    expect(await cache.mdel(['a', 'b'])).toBe(true);
    expect(await cache.mget(['a', 'b'])).toEqual([undefined, undefined]);
  });

  it('wrap loads once for concurrent callers and stores the value in Redis', async () => {
    const redis = track(redisTier());
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(redis) })] });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { loaded: loads };
    };
    const values = await Promise.all(Array.from({ length: 10 }, () => cache.wrap('report', load, 60_000)));
    expect(loads).toBe(1);
    expect(values).toEqual(Array.from({ length: 10 }, () => ({ loaded: 1 })));
    expect(await cache.wrap('report', load, 60_000)).toEqual({ loaded: 1 });
    expect(loads).toBe(1);
    expect(await redis.has('keyv:report')).toBe(true);
  });

  it('clear removes its namespace only', async () => {
    const redis = track(redisTier());
    await redis.set('unrelated', 'kept');
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(redis), namespace: 'sessions' })] });
    await cache.set('a', 1);
    expect(await cache.clear()).toBe(true);
    expect(await cache.get('a')).toBeUndefined();
    expect(await redis.get('unrelated')).toBe('kept');
  });

  it('disconnect closes the tier', async () => {
    const redis = redisTier();
    const cache = createCache({ stores: [new Keyv({ store: new KeyvCacheStore(redis) })] });
    await cache.disconnect();
    await expect(redis.get('x')).rejects.toSatisfy((error: unknown) => isCacheError(error, ErrorCode.Closed));
  });
});

describe('cache-manager 7 with a memory store in front of Redis', () => {
  it('get reads through to Redis; wrap also fills the memory store', async () => {
    const memory = track(memoryTier());
    const redis = track(redisTier());
    const cache = createCache({
      stores: [new Keyv({ store: new KeyvCacheStore(memory) }), new Keyv({ store: new KeyvCacheStore(redis) })],
    });
    // written by another process: only in Redis
    await new Keyv({ store: new KeyvCacheStore(redis) }).set('shared', 'from redis', 60_000);
    expect(await memory.has('keyv:shared')).toBe(false);
    expect(await cache.get('shared')).toBe('from redis');
    expect(await memory.has('keyv:shared')).toBe(false);
    const loader = () => Promise.reject(new Error('the loader must not run: Redis has the value'));
    expect(await cache.wrap('shared', loader, 60_000)).toBe('from redis');
    expect(await memory.has('keyv:shared')).toBe(true);
    await cache.del('shared');
    expect(await redis.has('keyv:shared')).toBe(false);
    expect(await memory.has('keyv:shared')).toBe(false);
  });
});
