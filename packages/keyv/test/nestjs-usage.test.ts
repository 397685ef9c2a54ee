/**
 * `@nestjs/cache-manager` (3.x) on the adapter, without NestJS: the calls its
 * provider and interceptor make, reproduced. `CacheModule.register({ stores,
 * ttl, namespace })` builds `new Keyv({ store, ttl, namespace })` for each
 * store that is not already a Keyv, then `createCache({ ...options, stores })`,
 * and destroys the module with `disconnect()`. `CacheInterceptor` reads with
 * `get(key)` and, on a miss, runs the handler and `set(key, response, ttl)`.
 */
import { createCache, type Cache } from 'cache-manager';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import type { RedisCache } from '@cache/redis';
import { KeyvCacheStore } from '../src/index.js';
import { closeAfterEach, redisTier } from './tiers.js';

interface ModuleOptions {
  stores: KeyvStoreAdapter | Keyv | (KeyvStoreAdapter | Keyv)[];
  ttl?: number;
  namespace?: string;
}

/** What `CacheModule.register(options)` provides as CACHE_MANAGER. */
function registerCacheModule(options: ModuleOptions): Cache & { onModuleDestroy(): Promise<void> } {
  const toKeyv = (store: KeyvStoreAdapter | Keyv) => (store instanceof Keyv ? store : new Keyv({ store, ttl: options.ttl, namespace: options.namespace }));
  const stores = (Array.isArray(options.stores) ? options.stores : [options.stores]).map(toKeyv);
  const cache = createCache({ ...options, stores });
  return Object.assign(cache, { onModuleDestroy: async () => void (await Promise.all(stores.map((store) => store.disconnect()))) });
}

/** What `CacheInterceptor` does around a cached GET handler. */
async function intercept<T>(cache: Cache, key: string, handler: () => Promise<T>, ttl?: number): Promise<T> {
  const cached = await cache.get<T>(key);
  if (cached !== undefined && cached !== null) return cached;
  const response = await handler();
  await (ttl === undefined ? cache.set(key, response) : cache.set(key, response, ttl));
  return response;
}

const track = closeAfterEach();

describe('@nestjs/cache-manager usage over RedisCache', () => {
  it('the interceptor runs the handler once and then serves the cached response with its TTL', async () => {
    const redis = track<RedisCache<any>>(redisTier());
    const cache = registerCacheModule({ stores: [new KeyvCacheStore(redis)], ttl: 30_000 });
    let calls = 0;
    const handler = async () => ({ items: [1, 2, 3], call: ++calls });
    expect(await intercept(cache, '/items', handler, 10_000)).toEqual({ items: [1, 2, 3], call: 1 });
    expect(await intercept(cache, '/items', handler, 10_000)).toEqual({ items: [1, 2, 3], call: 1 });
    expect(calls).toBe(1);
    // no namespace given to the module: Keyv stores the key as is
    const ttl = await redis.ttl('/items');
    expect(ttl).toBeGreaterThan(5_000);
    expect(ttl).toBeLessThanOrEqual(10_000);
    // without a per-route ttl the module's ttl applies
    await intercept(cache, '/other', handler);
    expect(await redis.ttl('/other')).toBeGreaterThan(20_000);
  });

  it('a service injecting CACHE_MANAGER gets, sets, deletes, wraps and clears', async () => {
    const redis = track(redisTier());
    const cache = registerCacheModule({ stores: new KeyvCacheStore(redis), namespace: 'nest' });
    await cache.set('user:1', { name: 'Ada' }, 60_000);
    expect(await cache.get('user:1')).toEqual({ name: 'Ada' });
    expect(await redis.has('nest:user:1')).toBe(true);
    expect(await cache.del('user:1')).toBe(true);
    expect(await cache.get('user:1')).toBeUndefined();
    expect(await cache.wrap('config', async () => ({ flags: ['a'] }), 60_000)).toEqual({ flags: ['a'] });
    expect(await cache.wrap('config', () => Promise.reject(new Error('cached: not called')), 60_000)).toEqual({ flags: ['a'] });
    await redis.set('not-nest', 'kept');
    await cache.clear();
    expect(await cache.get('config')).toBeUndefined();
    expect(await redis.get('not-nest')).toBe('kept');
  });

  it('destroying the module closes the tier', async () => {
    const redis = redisTier();
    const cache = registerCacheModule({ stores: [new KeyvCacheStore(redis)] });
    await cache.set('k', 'v');
    await cache.onModuleDestroy();
    await expect(redis.get('k')).rejects.toSatisfy((error: unknown) => isCacheError(error, ErrorCode.Closed));
  });
});
