/**
 * RedisInvalidationBus keeps core's invalidation-bus contract on a real
 * standalone server: with connections it makes itself (and a subscriber
 * connection killed with CLIENT KILL for the status case), and over a client
 * the user owns.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InvalidationBus } from '@cache/core';
import { describeBusConformance } from '@cache/core/testing/vitest';
import { RedisInvalidationBus } from '../src/index.js';
import { redisUrl, uniquePrefix } from './helpers.js';

/** Each bus's connection name, to find its subscriber connection on the server. */
const names = new WeakMap<InvalidationBus, string>();

/** Kills the subscriber connection of `bus` (the one pubsub client with its name); it reconnects by itself. */
async function killSubscriber(bus: InvalidationBus): Promise<void> {
  const admin = new Redis(redisUrl());
  try {
    const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const line = list.split('\n').find((entry) => entry.includes(` name=${names.get(bus)} `));
    if (line === undefined) throw new Error('the bus has no subscriber connection on the server');
    await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
  } finally {
    await admin.quit();
  }
}

describeBusConformance({
  name: 'RedisInvalidationBus (standalone)',
  open: () => {
    const channelPrefix = uniquePrefix('bus');
    return {
      create: ({ now }) => {
        const connectionName = `bus-${randomUUID()}`;
        const bus = new RedisInvalidationBus({ url: redisUrl(), channelPrefix, now, redis: { connectionName, retryStrategy: () => 20 } });
        names.set(bus, connectionName);
        return bus;
      },
    };
  },
  interrupt: killSubscriber,
});

describeBusConformance({
  name: 'RedisInvalidationBus (standalone, over a client the user owns)',
  open: () => {
    const channelPrefix = uniquePrefix('bus');
    const client = new Redis(redisUrl());
    return {
      create: ({ now }) => new RedisInvalidationBus({ client, channelPrefix, now }),
      close: async () => void (await client.quit()),
    };
  },
});
