import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import '@cache/test-support/vitest-context';
import { RedisCache } from '../src/index.js';
import type { RedisCacheOptions } from '../src/index.js';

/** The URL of the redis-server the global setup started for this project. */
export const redisUrl = (): string => inject('redisUrl');

/** A prefix no other test uses. */
export const uniquePrefix = (label = 't'): string => `${label}-${randomUUID().slice(0, 8)}`;

/** A tier on the project's server with a unique prefix. */
export function createCache<V = unknown>(options: RedisCacheOptions = {}): RedisCache<V> {
  return new RedisCache<V>({ url: redisUrl(), prefix: uniquePrefix(), ...options });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A `createCache` whose caches are all closed after the file's tests
 * (registers the afterAll hook; call it at module level).
 */
export function closeAfterAll(): typeof createCache {
  const caches: RedisCache<any>[] = [];
  afterAll(() => Promise.all(caches.map((cache) => cache.close())));
  return <V = unknown>(options?: RedisCacheOptions) => {
    const cache = createCache<V>(options);
    caches.push(cache);
    return cache;
  };
}
