/**
 * Redis dies under cache-manager: every call still settles within the tier's
 * command timeout, `wrap` keeps serving from the loader, the failures reach
 * Keyv's `error` listeners (also in `onError: 'miss'` mode, where the tier
 * reports instead of rejecting), and the cache serves again once Redis is
 * back. Runs against a redis-server of its own, SIGKILLed and restarted.
 */
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { isCacheError } from '@cache/core';
import { RedisCache, type ErrorMode } from '@cache/redis';
import { KeyvCacheStore } from '../src/index.js';

const COMMAND_TIMEOUT = 300;
/** Slack for a loaded, shared machine: the guarantee is "bounded by the timeout", not a latency. */
const SLACK = 1_000;

const own = useOwnRedisServer();
beforeEach(async () => {
  if (own.server.pid === undefined) await own.server.restart();
});
let tiers: RedisCache<any>[] = [];
afterEach(async () => {
  await Promise.all(tiers.map((tier) => tier.close()));
  tiers = [];
});

async function settlesWithin<T>(ms: number, call: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await call();
  expect(performance.now() - start).toBeLessThan(ms);
  return value;
}

describe.each<ErrorMode>(['throw', 'miss'])('Redis killed under cache-manager (onError: %s)', (onError) => {
  it('settles every call within the command timeout, serves wrap from the loader, reports errors, and recovers', async () => {
    const tier = new RedisCache<any>({ url: own.server.url, prefix: `faults-${onError}`, onError, commandTimeout: COMMAND_TIMEOUT, circuitBreaker: false });
    tiers.push(tier);
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    const errors: unknown[] = [];
    keyv.on('error', (error: unknown) => errors.push(error));
    const cache = createCache({ stores: [keyv] });
    await cache.set('k', 'before');
    expect(await cache.get('k')).toBe('before');

    await own.server.kill();
    const deadline = COMMAND_TIMEOUT + SLACK;
    expect(await settlesWithin(deadline, () => cache.get('k'))).toBeUndefined();
    expect(await settlesWithin(deadline, () => cache.set('k', 'during'))).toBe('during');
    expect(await settlesWithin(deadline, () => cache.wrap('report', async () => 'from the loader', 60_000))).toBe('from the loader');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => isCacheError(error))).toBe(true);

    await own.server.restart();
    let served: unknown;
    for (let attempt = 0; attempt < 50 && served !== 'after'; attempt++) {
      await cache.set('k', 'after');
      served = await cache.get('k');
      if (served !== 'after') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(served).toBe('after');
  });
});
