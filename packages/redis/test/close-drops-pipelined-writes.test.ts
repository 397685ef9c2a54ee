/**
 * Regression (issue 9, item 3): `close()` right after 100 `set()` calls,
 * Redis healthy: 99 failed with ConnectionError and were not written (QUIT
 * overtook the deferred auto-pipeline). close() must complete the calls
 * issued before it, then close; calls after it get ClosedError — on the
 * tier, the bus and the lock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ErrorCode } from '@cache/core';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '../src/index.js';
import { redisUrl, uniquePrefix } from './helpers.js';

const raw = new Redis(redisUrl());
afterAll(() => raw.quit());

describe('close() completes the calls issued before it', () => {
  it('100 sets issued just before close() are all written', async () => {
    const prefix = uniquePrefix('close');
    const cache = new RedisCache({ url: redisUrl(), prefix });
    await cache.get('warm');
    const writes = Array.from({ length: 100 }, (_, i) => cache.set(`k${i}`, i));
    const closing = cache.close();
    const results = await Promise.allSettled(writes);
    await closing;
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await raw.exists(...Array.from({ length: 100 }, (_, i) => `${prefix}:k${i}`))).toBe(100);
  });

  it('calls after close() reject with ClosedError: tier, bus and lock', async () => {
    const cache = new RedisCache({ url: redisUrl(), prefix: uniquePrefix('closed') });
    const bus = new RedisInvalidationBus({ url: redisUrl() });
    const lock = new RedisLoadLock({ cache });
    await Promise.all([cache.ready(), bus.ready()]);
    await Promise.all([cache.close(), bus.close()]);
    const closed = expect.objectContaining({ code: ErrorCode.Closed });
    await expect(cache.get('a')).rejects.toEqual(closed);
    await expect(cache.set('a', 1)).rejects.toEqual(closed);
    await expect(cache.ready()).rejects.toEqual(closed);
    await expect(bus.publish({ namespace: 'n', kind: 'delete', keys: ['a'] })).rejects.toEqual(closed);
    await expect(bus.ready()).rejects.toEqual(closed);
    await expect(lock.acquire('a', 1000)).rejects.toEqual(closed);
    const own = new RedisLoadLock({ client: raw });
    await own.close();
    await expect(own.acquire('a', 1000)).rejects.toEqual(closed);
  });
});
