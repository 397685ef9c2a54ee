/**
 * The seed's three levels, built from the configuration: L1 in process
 * memory; L2 on Redis when `REDIS_URL` is set (else a larger in-process
 * level standing in for it); L3 on a Redis Cluster when startup nodes are
 * given; below them a level on memcached (the seed's Memcached cluster) when
 * `MEMCACHED_SERVERS` lists servers. With Redis, an invalidation bus keeps the L1s of several demo
 * instances coherent and a load lock makes them load each missing key once
 * between them.
 * @module
 */
import type { CacheTier, Clock, InvalidationBus, LoadLock, SyncCacheTier } from '@cache/core';
import { RedisClusterCache } from '@cache/cluster';
import { MemoryCache } from '@cache/memory';
import { MemcachedCache } from '@cache/memcached';
import { MultiLevelCache, type LevelOptions } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import type { DemoConfig } from './config.js';

/** What kind of store a level is, for the dashboard. */
export type LevelKind = 'memory' | 'redis' | 'cluster' | 'memcached';

/** The demo's cache and what it owns. */
export interface DemoCache {
  cache: MultiLevelCache<unknown>;
  /** The kind of each level, by name. */
  kinds: Readonly<Record<string, LevelKind>>;
  /** Closes the cache (which closes its levels) and the bus. */
  close(): Promise<void>;
}

/** L1: the seed's in-memory level (1,000 entries), with the default policy. */
export const L1_ENTRIES = 1000;
/** L2 when no Redis is configured: a larger in-process level. */
export const L2_MEMORY_ENTRIES = 20_000;

/** The demo's TTLs: values are fresh for 30 s and servable as stale for 10 min more while the database fails. */
export const DEMO_TTL = '30s';
export const DEMO_GRACE = '10m';

/** Builds the levels the configuration asks for (`clock`: time source of the TTLs, for tests). */
export async function createDemoCache(config: DemoConfig, clock?: Clock): Promise<DemoCache> {
  const tiers: (CacheTier<unknown> | SyncCacheTier<unknown>)[] = [];
  const levels: LevelOptions[] = [];
  const kinds: Record<string, LevelKind> = {};
  const add = (name: string, kind: LevelKind, tier: CacheTier<unknown> | SyncCacheTier<unknown>) => {
    tiers.push(tier);
    levels.push({ name, tier });
    kinds[name] = kind;
  };
  let bus: InvalidationBus | undefined;
  let lock: LoadLock | undefined;
  try {
    const memory = (name: string, maxEntries: number) => new MemoryCache({ maxEntries, name, ...(clock === undefined ? {} : { clock }) });
    add('L1_Memory', 'memory', memory('L1_Memory', L1_ENTRIES));
    if (config.redisUrl === undefined) {
      add('L2_Memory', 'memory', memory('L2_Memory', L2_MEMORY_ENTRIES));
    } else {
      const l2 = new RedisCache({ url: config.redisUrl, prefix: 'demo:l2', name: 'L2_Redis', onError: 'miss' });
      add('L2_Redis', 'redis', l2);
      const redisBus = new RedisInvalidationBus({ url: config.redisUrl });
      bus = redisBus;
      lock = new RedisLoadLock({ cache: l2 });
      // fail within connectTimeout with the address, instead of waiting forever for the bus
      await reachable(Promise.all([l2.ready(), redisBus.ready()]), 'REDIS_URL');
    }
    if (config.clusterNodes.length > 0) {
      const l3 = new RedisClusterCache({ nodes: config.clusterNodes, prefix: 'demo:l3', name: 'L3_RedisCluster', onError: 'miss' });
      add('L3_RedisCluster', 'cluster', l3);
      await reachable(l3.ready(), 'REDIS_CLUSTER_NODES');
    }
    if (config.memcachedServers.length > 0) {
      const name = `L${levels.length + 1}_Memcached`;
      const memcached = new MemcachedCache({ servers: config.memcachedServers, prefix: 'demo:', name, onError: 'miss' });
      add(name, 'memcached', memcached);
      await reachable(memcached.ready(), 'MEMCACHED_SERVERS');
    }
    const cache = new MultiLevelCache<unknown>({
      name: 'demo',
      levels,
      defaultTtl: DEMO_TTL,
      grace: DEMO_GRACE,
      softTimeout: '150ms',
      hardTimeout: '2s',
      ...(bus === undefined ? {} : { bus }),
      ...(lock === undefined ? {} : { lock }),
      ...(clock === undefined ? {} : { clock }),
    });
    await cache.ready();
    const owned = bus;
    return {
      cache,
      kinds,
      async close() {
        await cache.close();
        await owned?.close();
      },
    };
  } catch (error) {
    await bus?.close();
    await Promise.allSettled(tiers.map(async (tier) => tier.close()));
    throw error;
  }
}

/** Rethrows a failed connect with what to change. */
async function reachable(ready: Promise<unknown>, setting: string): Promise<void> {
  try {
    await ready;
  } catch (error) {
    throw new Error(`${(error as Error).message}. Start the server there, fix ${setting}, or leave it unset to run with in-process levels.`, { cause: error });
  }
}
