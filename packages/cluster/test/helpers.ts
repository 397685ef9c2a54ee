import { randomUUID } from 'node:crypto';
import { Cluster, type ClusterOptions } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import type {} from '@cache/test-support/vitest-context';
import { RedisClusterCache, type RedisClusterCacheOptions } from '../src/index.js';

/** Startup nodes of the cluster the global setup started for this project. */
export const clusterNodes = (): { host: string; port: number }[] => inject('redisClusterNodes');

/** A prefix no other test uses. */
export const uniquePrefix = (label = 't'): string => `${label}-${randomUUID().slice(0, 8)}`;

/** A tier on the project's cluster with a unique prefix. */
export function createCache<V = unknown>(options: Partial<RedisClusterCacheOptions> = {}): RedisClusterCache<V> {
  return new RedisClusterCache<V>({ nodes: clusterNodes(), prefix: uniquePrefix(), ...options });
}

/** A raw ioredis Cluster on the project's cluster, for checking what the tier stored. */
export function rawCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(clusterNodes(), options);
}

/** A raw Cluster for the whole file: connected before its tests, closed after them (registers the hooks; call it at module level). */
export function useRawCluster(): Cluster {
  const raw = rawCluster({ lazyConnect: true });
  beforeAll(async () => {
    await raw.ping();
  });
  afterAll(async () => {
    await raw.quit();
  });
  return raw;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
