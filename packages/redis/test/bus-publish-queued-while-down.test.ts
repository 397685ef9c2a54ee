/**
 * Regression (issue 9, item 6, the Redis side): `RedisInvalidationBus.publish`
 * queued while Redis was down (an ioredis offline queue) and waited for its
 * own 1 s timeout. It must fail fast with a typed error when not connected,
 * never queue (nothing is published late), settle within its deadline when
 * Redis hangs, and `onStatus` must report the loss and the recovery of the
 * subscription.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { whilePaused } from '@cache/test-support';
import { ErrorCode, type BusStatus } from '@cache/core';
import { RedisInvalidationBus } from '../src/index.js';
import { sleep } from './helpers.js';

const TIMEOUT = 300;
const own = useOwnRedisServer();
const opened: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  if (own.server.pid === undefined) await own.server.restart();
});
afterEach(async () => {
  own.server.resume();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

function bus(): RedisInvalidationBus {
  const b = new RedisInvalidationBus({ url: own.server.url, commandTimeout: TIMEOUT, redis: { retryStrategy: () => 100 } });
  opened.push(b);
  return b;
}

describe('the bus off the request path', () => {
  it('publish fails fast while Redis is down, and nothing it was asked to publish arrives later', async () => {
    const publisher = bus();
    const listener = bus();
    const received: string[][] = [];
    await Promise.all([publisher.ready(), listener.ready()]);
    await listener.subscribe('ns', (message) => received.push([...message.keys]));
    await own.server.kill();
    await until(() => !listener.subscribed, 2000);
    const start = performance.now();
    const error = await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['while-down'] }).catch((e: unknown) => e);
    expect(performance.now() - start).toBeLessThan(50);
    expect(error).toMatchObject({ code: ErrorCode.Connection });
    await own.server.restart();
    await until(() => listener.subscribed, 5000);
    await publisher.ready();
    await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['after'] });
    await until(() => received.length > 0, 2000);
    await sleep(100);
    expect(received).toEqual([['after']]);
  });

  it('publish settles within commandTimeout while Redis is hung', async () => {
    const publisher = bus();
    await publisher.ready();
    const outcome = await whilePaused(own.server, async () => {
      const start = performance.now();
      const error = await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['k'] }).catch((e: unknown) => e);
      return { ms: performance.now() - start, error };
    });
    expect(outcome.error).toMatchObject({ code: ErrorCode.Timeout });
    expect(outcome.ms).toBeLessThanOrEqual(TIMEOUT + 250);
  });

  it('onStatus reports unsubscribed when Redis is killed and subscribed once it is back', async () => {
    const listener = bus();
    const statuses: BusStatus[] = [];
    await listener.subscribe('ns', () => {});
    expect(listener.subscribed).toBe(true);
    listener.onStatus((status) => statuses.push(status));
    await own.server.kill();
    await until(() => statuses.length >= 1, 3000);
    expect(statuses).toEqual(['unsubscribed']);
    await own.server.restart();
    await until(() => statuses.length >= 2, 5000);
    expect(statuses).toEqual(['unsubscribed', 'subscribed']);
    // and the subscription really holds again
    const raw = new Redis(own.server.url);
    const received: string[] = [];
    await listener.subscribe('ns', (message) => received.push(...message.keys));
    await raw.publish('cache:invalidation:ns', JSON.stringify({ i: 'other', n: 'ns', v: Date.now() * 1024, k: 'delete', keys: ['x'] }));
    await until(() => received.length > 0, 2000);
    raw.disconnect();
    expect(received).toEqual(['x']);
  });

  // Regression: a bus built and used at once (no ready()) rejected its first publish with
  // ConnectionError '(connect)' because its publisher had not connected yet (CI flake in
  // bus.test.ts). Before the first connection, publish waits for it within its deadline.
  it('a publish right after construction waits for the first connection and is delivered', async () => {
    const listener = bus();
    const received: string[] = [];
    await listener.subscribe('ns', (message) => received.push(...message.keys));
    const publisher = bus();
    await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['first'] });
    await until(() => received.length > 0, 2000);
    expect(received).toEqual(['first']);
  });

  it('a publish on a bus that never connects rejects within its deadline and is never sent later', async () => {
    const listener = bus();
    const received: string[] = [];
    await listener.subscribe('ns', (message) => received.push(...message.keys));
    own.server.pause();
    const publisher = bus();
    const start = performance.now();
    const error = await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['never'] }).catch((e: unknown) => e);
    expect(performance.now() - start).toBeLessThanOrEqual(TIMEOUT + 250);
    expect(error).toMatchObject({ code: ErrorCode.Connection });
    own.server.resume();
    await publisher.ready();
    await publisher.publish({ namespace: 'ns', kind: 'delete', keys: ['after'] });
    await until(() => received.length > 0, 2000);
    await sleep(100);
    expect(received).toEqual(['after']);
  });
});
