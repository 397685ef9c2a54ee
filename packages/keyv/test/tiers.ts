/**
 * The tiers the adapter is tested on: a MemoryCache, a RedisCache on the
 * project's redis-server and a RedisClusterCache on the project's 3+3 cluster
 * (both started by test-support's global setup), each with a prefix no other
 * test uses.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, inject } from 'vitest';
import type {} from '@cache/test-support/vitest-context';
import type { CacheTier } from '@cache/core';
import { RedisClusterCache } from '@cache/cluster';
import { MemoryCache } from '@cache/memory';
import { RedisCache } from '@cache/redis';

const uniquePrefix = () => `keyv-${randomUUID().slice(0, 8)}`;

/** A named way to make a fresh, empty tier. */
export interface TierFactory {
  name: string;
  create(): CacheTier<any>;
  /** Whether the tier lists its keys (so the adapter offers `iterator`). */
  lists: boolean;
}

export const memoryTier = (): CacheTier<any> => new MemoryCache<any>({ maxEntries: 10_000 }).asAsync();
export const redisTier = (): RedisCache<any> => new RedisCache<any>({ url: inject('redisUrl'), prefix: uniquePrefix() });
export const clusterTier = (): RedisClusterCache<any> => new RedisClusterCache<any>({ nodes: inject('redisClusterNodes'), prefix: uniquePrefix() });

export const tierFactories: readonly TierFactory[] = [
  { name: 'MemoryCache', create: memoryTier, lists: true },
  { name: 'RedisCache', create: redisTier, lists: false },
  { name: 'RedisClusterCache', create: clusterTier, lists: false },
];

/**
 * Registers an afterEach hook that closes every tier passed to the returned
 * function during the test (call at module level).
 */
export function closeAfterEach(): <T extends CacheTier<any>>(tier: T) => T {
  const open: CacheTier<any>[] = [];
  afterEach(() => Promise.all(open.splice(0).map((tier) => tier.close().catch(() => undefined))));
  return (tier) => {
    open.push(tier);
    return tier;
  };
}
