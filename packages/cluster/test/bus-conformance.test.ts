/**
 * RedisInvalidationBus keeps core's invalidation-bus contract on a real
 * 3+3 Redis Cluster, given an ioredis Cluster as its client (Redis Cluster
 * forwards every PUBLISH to all nodes). For the status case, the bus's
 * subscriber connection is killed with CLIENT KILL on whichever node it is.
 */
import { Redis } from 'ioredis';
import type { InvalidationBus } from '@cache/core';
import { describeBusConformance } from '@cache/core/testing/vitest';
import { RedisInvalidationBus } from '@cache/redis';
import { clusterNodes, rawCluster, uniquePrefix } from './helpers.js';

/** Kills the subscriber connection of `bus` (named after its instanceId) on every node that has it; the bus reconnects by itself. */
async function killSubscriber(bus: InvalidationBus): Promise<void> {
  let killed = 0;
  for (const node of clusterNodes()) {
    const admin = new Redis(node);
    try {
      const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
      for (const line of list.split('\n').filter((entry) => entry.includes(`:${bus.instanceId} `))) {
        await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
        killed++;
      }
    } finally {
      await admin.quit();
    }
  }
  if (killed === 0) throw new Error(`no node has a subscriber connection of bus ${bus.instanceId}`);
}

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
  interrupt: killSubscriber,
});
