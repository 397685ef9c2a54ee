/**
 * RedisInvalidationBus keeps core's invalidation-bus contract on a real
 * 3+3 Redis Cluster, given an ioredis Cluster as its client (Redis Cluster
 * forwards every PUBLISH to all nodes).
 */
import { describeBusConformance } from '@cache/core/testing/vitest';
import { RedisInvalidationBus } from '@cache/redis';
import { rawCluster, uniquePrefix } from './helpers.js';

describeBusConformance({
  name: 'RedisInvalidationBus (cluster)',
  open: () => {
    const channelPrefix = uniquePrefix('bus');
    const client = rawCluster();
    return {
      create: ({ now }) => new RedisInvalidationBus({ client, channelPrefix, now }),
      close: async () => void (await client.quit()),
    };
  },
});
