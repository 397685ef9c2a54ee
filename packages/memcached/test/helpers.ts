import { startMemcached, startMemcachedServers, type MemcachedServerHandle } from '@cache/test-support';
import { afterAll, beforeAll } from 'vitest';
import { MemcachedCache, type MemcachedCacheOptions } from '../src/index.js';

/** Servers of the calling test file's own, started before its tests and stopped after them. */
export function useMemcached(count = 1): { readonly servers: MemcachedServerHandle[]; readonly addresses: string[] } {
  let servers: MemcachedServerHandle[] = [];
  beforeAll(async () => {
    servers = count === 1 ? [await startMemcached()] : await startMemcachedServers(count);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });
  return {
    get servers() {
      return servers;
    },
    get addresses() {
      return servers.map((server) => server.address);
    },
  };
}

let caches = 0;

/** A tier on `addresses` with a prefix of its own, so tests sharing a server do not meet. */
export function createCache<V = unknown>(addresses: string[], options: MemcachedCacheOptions = {}): MemcachedCache<V> {
  return new MemcachedCache<V>({ servers: addresses, prefix: `t${++caches}:`, ...options });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
