/**
 * The cache behind each service, one small interface per library. Both
 * libraries get the same shape: an in-process L1 (10,000 entries: every
 * item fits), Redis as L2 with a 200 ms command timeout, their own Redis
 * invalidation bus, no grace period, the run's TTL on every write.
 *
 * - `@cache/multilevel`: `MultiLevelCache` over `MemoryCache` + `RedisCache`
 *   (`commandTimeout: '200ms'`, other options at their defaults) +
 *   `RedisInvalidationBus` + `RedisLoadLock` on the L2's connection (one
 *   load per key across both instances): the multilevel README's setup.
 * - `bentocache` 1.6.1: memoryDriver (at its default `serialize: true`) +
 *   redisDriver + redisBusDriver (ioredis `commandTimeout: 200`), with its
 *   opt-in L2 circuit breaker `l2CircuitBreakerDuration: '1s'`. Not
 *   `serialize: false` (bench-multilevel's choice for L1 reads): with it,
 *   1.6.1's getOrSet threw `TypeError: Cannot read properties of undefined
 *   (reading 'deserialize')` on some reads here, before any fault (its
 *   `CacheEntry.fromDriver` got a string from the L1, which has no
 *   serializer then). bentocache 1.6.1 has no cross-process load lock.
 * - `memory-only` (baseline): `MultiLevelCache` over one `MemoryCache`. No
 *   Redis, so no coherence between the two instances either.
 * @module
 */
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import type { Library } from './plan.js';

/** What the database holds and the cache stores: an item and its version. */
export interface Item {
  id: number;
  v: number;
  name: string;
  payload: string;
}

/** What the service does with its cache. */
export interface ItemCache {
  getOrSet(key: string, loader: () => Promise<Item>): Promise<Item>;
  set(key: string, item: Item): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  /** The library's own counters, for the log (numbers only; none for bentocache). */
  counters(): Record<string, number>;
}

/** The numeric top-level fields of `stats` (read loosely: only for the log). */
function numbers(stats: object): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

function wrap(cache: MultiLevelCache<Item>): ItemCache {
  return {
    getOrSet: (key, loader) => cache.getOrSet(key, loader),
    set: (key, item) => cache.set(key, item),
    delete: (key) => cache.delete(key),
    counters: () => numbers(cache.multilevelStats()),
  };
}

/** L1 capacity: every item fits. */
const L1_ENTRIES = 10_000;
/** The Redis command timeout given to both libraries, ms. */
export const COMMAND_TIMEOUT_MS = 200;
/** Key prefix (and bus namespace) shared by the instances of one run. */
const PREFIX = 'outage';

async function multilevel(url: string | undefined, ttlMs: number): Promise<ItemCache> {
  const l1 = { name: 'memory', tier: new MemoryCache<unknown>({ maxEntries: L1_ENTRIES }) };
  if (url === undefined) {
    return wrap(new MultiLevelCache<Item>({ name: PREFIX, levels: [l1], defaultTtl: ttlMs }));
  }
  const l2 = new RedisCache({ url, prefix: PREFIX, commandTimeout: COMMAND_TIMEOUT_MS });
  const cache = new MultiLevelCache<Item>({
    name: PREFIX,
    levels: [l1, { name: 'redis', tier: l2 }],
    defaultTtl: ttlMs,
    bus: new RedisInvalidationBus({ url }),
    lock: new RedisLoadLock({ cache: l2 }),
  });
  await cache.ready();
  return wrap(cache);
}

function bentocache(url: string, ttlMs: number): ItemCache {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), commandTimeout: COMMAND_TIMEOUT_MS };
  const bento = new BentoCache({
    default: 'cache',
    prefix: PREFIX,
    ttl: ttlMs,
    l2CircuitBreakerDuration: '1s',
    stores: {
      cache: bentostore()
        .useL1Layer(memoryDriver({ maxItems: L1_ENTRIES }))
        .useL2Layer(redisDriver({ connection }))
        .useBus(redisBusDriver({ connection })),
    },
  });
  return {
    getOrSet: (key, loader) => bento.getOrSet({ key, factory: loader }),
    set: (key, value) => bento.set({ key, value }),
    delete: (key) => bento.delete({ key }),
    counters: () => ({}),
  };
}

/** Opens `library`'s cache (on Redis at `url`, except the baseline). */
export async function openCache(library: Library, url: string | undefined, ttlMs: number): Promise<ItemCache> {
  if (library === 'memory-only') return multilevel(undefined, ttlMs);
  if (url === undefined) throw new Error(`${library} needs a Redis URL`);
  return library === 'bentocache' ? bentocache(url, ttlMs) : multilevel(url, ttlMs);
}
