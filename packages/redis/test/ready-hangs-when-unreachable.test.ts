/**
 * Regression (issue 9, item 4): `ready()` with Redis unreachable hung
 * forever (the bus's subscriber connection had no connect deadline). It must
 * settle within `connectTimeout` with a ConnectionError naming the address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@cache/test-support';
import { ErrorCode } from '@cache/core';
import { RedisCache, RedisInvalidationBus } from '../src/index.js';

const CONNECT_TIMEOUT = 400;
const MARGIN = 400;
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function timedReady(ready: () => Promise<void>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  const error = await ready().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: performance.now() - start, error };
}

describe('ready() settles within connectTimeout when Redis is unreachable', () => {
  it('RedisCache', async () => {
    const port = await freePort(); // nothing listens there
    const cache = new RedisCache({ url: `redis://127.0.0.1:${port}`, connectTimeout: CONNECT_TIMEOUT });
    opened.push(cache);
    const { ms, error } = await timedReady(() => cache.ready());
    expect(error).toMatchObject({ code: ErrorCode.Connection, message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect(ms).toBeLessThanOrEqual(CONNECT_TIMEOUT + MARGIN);
  });

  it('RedisInvalidationBus (publisher and subscriber), and subscribe() too', async () => {
    const port = await freePort();
    const bus = new RedisInvalidationBus({ url: `redis://127.0.0.1:${port}`, connectTimeout: CONNECT_TIMEOUT });
    opened.push(bus);
    const ready = await timedReady(() => bus.ready());
    expect(ready.error).toMatchObject({ code: ErrorCode.Connection, message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect(ready.ms).toBeLessThanOrEqual(CONNECT_TIMEOUT + MARGIN);
    const subscribe = await timedReady(async () => {
      await bus.subscribe('ns', () => {});
    });
    expect(subscribe.error).toMatchObject({ code: ErrorCode.Connection });
    expect(subscribe.ms).toBeLessThanOrEqual(CONNECT_TIMEOUT + MARGIN);
  });
});
