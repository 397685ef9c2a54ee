import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvalidationMessage } from '@cache/core';
import { RedisInvalidationBus } from '@cache/redis';
import { RedisClusterCache } from '../src/index.js';
import { createCache, sleep, uniquePrefix } from './helpers.js';

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('the invalidation bus on a cluster', () => {
  let a: RedisClusterCache;
  let b: RedisClusterCache;
  let busA: RedisInvalidationBus;
  let busB: RedisInvalidationBus;
  const channelPrefix = uniquePrefix('bus');

  beforeAll(async () => {
    a = createCache();
    b = createCache({ prefix: a.prefix });
    busA = new RedisInvalidationBus({ client: a.client, channelPrefix, instanceId: 'a' });
    busB = new RedisInvalidationBus({ client: b.client, channelPrefix, instanceId: 'b' });
  });
  afterAll(async () => {
    await Promise.all([busA.close(), busB.close()]);
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers a message published by one instance to the other, not back to itself', async () => {
    const atA: InvalidationMessage[] = [];
    const atB: InvalidationMessage[] = [];
    const offA = await busA.subscribe('users', (message) => atA.push(message));
    const offB = await busB.subscribe('users', (message) => atB.push(message));
    expect(busB.subscribed).toBe(true);
    await busA.publish({ namespace: 'users', kind: 'delete', keys: ['1', '2'] });
    await until(() => atB.length === 1, 'the message at B');
    expect(atB[0]).toMatchObject({ instanceId: 'a', namespace: 'users', kind: 'delete', keys: ['1', '2'] });
    await sleep(100);
    expect(atA).toEqual([]);
    offA();
    offB();
  });

  it('receives what is published on any master (Redis Cluster forwards PUBLISH to every node)', async () => {
    const received: InvalidationMessage[] = [];
    const off = await busB.subscribe('orders', (message) => received.push(message));
    const masters = a.client.nodes('master');
    expect(masters).toHaveLength(3);
    let version = Date.now() * 1024;
    for (const [i, master] of masters.entries()) {
      const direct = new Redis({ host: master.options.host, port: master.options.port });
      const wire = { i: `publisher-${i}`, n: 'orders', v: ++version, k: 'set', keys: [`order-${i}`] };
      await direct.publish(`${channelPrefix}:orders`, JSON.stringify(wire));
      await direct.quit();
    }
    await until(() => received.length === 3, 'a message from every master');
    expect(received.map((message) => message.keys[0]).sort()).toEqual(['order-0', 'order-1', 'order-2']);
    off();
  });
});
