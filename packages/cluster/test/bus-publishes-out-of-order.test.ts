/**
 * Regression: on a Cluster, ioredis sends a command without a key (PUBLISH)
 * to any node, so one bus's publishes reached subscribers out of order: a
 * newer message overtook an older one, which the version filter then dropped
 * as stale (and the bus conformance suite's ordering cases failed about one
 * run in fourteen). A bus now publishes through one master while it is ready.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { InvalidationMessage } from '@cache/core';
import { RedisInvalidationBus } from '@cache/redis';
import { rawCluster, uniquePrefix, until } from './helpers.js';

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

describe('a bus on a Cluster', () => {
  it('delivers its publishes in the order it sent them (none dropped as stale)', async () => {
    const channelPrefix = uniquePrefix('order');
    const client = rawCluster();
    opened.push({ close: async () => void (await client.quit()) });
    const sender = new RedisInvalidationBus({ client, channelPrefix });
    const receiver = new RedisInvalidationBus({ client, channelPrefix });
    opened.push(sender, receiver);
    const got: InvalidationMessage[] = [];
    await receiver.subscribe('ns', (message) => got.push(message));
    await sender.ready();
    const sent = 300;
    await Promise.all(Array.from({ length: sent }, (_, i) => sender.publish({ namespace: 'ns', kind: 'set', keys: ['k', `k${i}`] })));
    await until(() => got.length + receiver.counters.stale >= sent, 'every message delivered or dropped');
    expect(receiver.counters.stale).toBe(0);
    expect(got.map((m) => m.keys[1])).toEqual(Array.from({ length: sent }, (_, i) => `k${i}`));
  });
});
