/**
 * The libraries compared, each configured as a memory L1 in front of a Redis
 * L2 on the same redis-server, behind one small interface. Equivalent
 * settings: an L1 bounded to `sizes.l1Entries` entries (LRU in all three),
 * the same TTL on every write, L2 keys under a prefix of their own, no grace
 * period. Failure settings (what the redis-outage scenario exercises):
 *
 * - `@cache/multilevel`: RedisCache `onError: 'miss'` (a failed L2 call
 *   reads as a miss) and `commandTimeout: 200ms`; its circuit breaker at
 *   its defaults (5 failures, 1 s). L1 coherence: RedisInvalidationBus.
 * - `bentocache`: `suppressL2Errors` at its default (on when there is an
 *   L1), ioredis `commandTimeout: 200` on the L2 and bus connections, and
 *   its opt-in L2 circuit breaker `l2CircuitBreakerDuration: '1s'`. L1
 *   coherence: redisBusDriver. Memory driver with `serialize: false` (L1
 *   holds references like the other two; `bentocache (L1 serialize: true)`
 *   is its default, which copies values through JSON on every L1 read).
 * - `cache-manager`: its README's two-store setup as it comes (cacheable's
 *   `createKeyv({ lruSize, ttl })` + @keyv/redis's `createKeyv(url)`): node-redis
 *   with its offline queue and reconnect strategy, Keyv's `throwOnErrors: false`.
 *   No bus (cache-manager has none).
 * - `cache-manager (nonBlocking)`: the option cache-manager documents for a
 *   secondary store that may fail: `nonBlocking: true` with @keyv/redis's
 *   `createKeyvNonBlocking` (no offline queue, no reconnect strategy).
 * @module
 */
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { createKeyv as createRedisKeyv, createKeyvNonBlocking } from '@keyv/redis';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { createCache } from 'cache-manager';
import { createKeyv as createMemoryKeyv } from 'cacheable';
import type { Library, Sizes } from './scenario.js';

/** What a scenario does with a library. */
export interface Subject {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  /** get-or-set with stampede protection where the library has it. */
  getOrSet(key: string, loader: () => Promise<unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/** The per-command timeout given to the Redis clients that take one, ms. */
export const COMMAND_TIMEOUT_MS = 200;

function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

async function multilevel(url: string, prefix: string, sizes: Sizes): Promise<Subject> {
  const bus = new RedisInvalidationBus({ url });
  const cache = new MultiLevelCache<unknown>({
    name: prefix,
    levels: [
      { name: 'memory', tier: new MemoryCache({ maxEntries: sizes.l1Entries, policy: 'lru' }) },
      { name: 'redis', tier: new RedisCache({ url, prefix, onError: 'miss', commandTimeout: COMMAND_TIMEOUT_MS }) },
    ],
    defaultTtl: sizes.ttlMs,
    bus,
  });
  await cache.ready();
  return {
    get: (key) => cache.get(key),
    set: (key, value) => cache.set(key, value),
    getOrSet: (key, loader) => cache.getOrSet(key, loader),
    close: async () => {
      await cache.close();
      await bus.close();
    },
  };
}

async function bentocache(url: string, prefix: string, sizes: Sizes, serialize: boolean): Promise<Subject> {
  const connection = { ...hostPort(url), commandTimeout: COMMAND_TIMEOUT_MS };
  const bento = new BentoCache({
    default: 'cache',
    prefix,
    ttl: sizes.ttlMs,
    l2CircuitBreakerDuration: '1s',
    stores: {
      cache: bentostore()
        .useL1Layer(memoryDriver({ maxItems: sizes.l1Entries, serialize }))
        .useL2Layer(redisDriver({ connection }))
        .useBus(redisBusDriver({ connection })),
    },
  });
  return {
    get: (key) => bento.get({ key }),
    set: (key, value) => bento.set({ key, value }),
    getOrSet: (key, loader) => bento.getOrSet({ key, factory: loader }),
    close: () => bento.disconnectAll(),
  };
}

async function cacheManager(url: string, prefix: string, sizes: Sizes, nonBlocking: boolean): Promise<Subject> {
  const l1 = createMemoryKeyv({ lruSize: sizes.l1Entries, ttl: sizes.ttlMs });
  const l2 = nonBlocking ? createKeyvNonBlocking(url, { namespace: prefix }) : createRedisKeyv(url, { namespace: prefix });
  // Keyv emits 'error' for failures it absorbs; without a listener Node would throw them.
  l2.on('error', () => {});
  const cache = createCache({ stores: [l1, l2], ttl: sizes.ttlMs, nonBlocking });
  return {
    get: (key) => cache.get(key),
    set: (key, value) => cache.set(key, value),
    getOrSet: (key, loader) => cache.wrap(key, loader),
    close: async () => {
      await cache.disconnect();
    },
  };
}

/** Opens `library` with L2 keys under `prefix`. */
export function openLibrary(library: Library, url: string, prefix: string, sizes: Sizes): Promise<Subject> {
  switch (library) {
    case '@cache/multilevel':
      return multilevel(url, prefix, sizes);
    case 'bentocache':
      return bentocache(url, prefix, sizes, false);
    case 'bentocache (L1 serialize: true)':
      return bentocache(url, prefix, sizes, true);
    case 'cache-manager':
      return cacheManager(url, prefix, sizes, false);
    case 'cache-manager (nonBlocking)':
      return cacheManager(url, prefix, sizes, true);
  }
}
