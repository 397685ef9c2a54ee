import { randomUUID } from 'node:crypto';
import { Cluster, type ClusterOptions } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { startRedisCluster, type RedisClusterHandle, type StartRedisClusterOptions } from '@cache/test-support';
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

/** Waits until `check()` (sync or async) holds, polling every 50 ms for up to `timeoutMs`. @throws Error naming `what` */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A cluster of the calling file's own, for tests that stall or kill nodes:
 * started before its tests, stopped after them (registers the hooks; call it
 * at module level). Read `handle` inside the tests.
 */
export function useOwnCluster(options?: StartRedisClusterOptions): { readonly handle: RedisClusterHandle } {
  let handle: RedisClusterHandle | undefined;
  beforeAll(async () => {
    handle = await startRedisCluster(options);
  }, 60_000);
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    get handle() {
      if (handle === undefined) throw new Error('the cluster is not started yet: read handle inside a test');
      return handle;
    },
  };
}
