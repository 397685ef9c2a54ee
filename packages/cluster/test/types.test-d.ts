/**
 * RedisClusterCache holds the Redis tier's machinery instead of extending
 * RedisCache: it must still offer every member of RedisCache's public API
 * with the same types (its `client` is a Cluster, its `getStats()` adds the
 * cluster's fields), and be a core CacheTier.
 */
import type { Cluster } from 'ioredis';
import type { CacheTier } from '@cache/core';
import type { RedisCache } from '@cache/redis';
import { describe, expectTypeOf, it } from 'vitest';
import type { RedisClusterCache, RedisClusterCacheStats } from '../src/index.js';

interface User {
  name: string;
}

describe('RedisClusterCache types', () => {
  it('has every public member of RedisCache, typed alike', () => {
    expectTypeOf<RedisClusterCache<User>>().toExtend<Omit<RedisCache<User>, 'client'>>();
    expectTypeOf<RedisClusterCache<User>['client']>().toEqualTypeOf<Cluster>();
    expectTypeOf<ReturnType<RedisClusterCache<User>['getStats']>>().toEqualTypeOf<Promise<RedisClusterCacheStats>>();
    expectTypeOf<RedisClusterCache<User>>().toExtend<CacheTier<User>>();
  });
});
