/**
 * Redis dies under the tiered cache and comes back: reads keep being served
 * from L1 (or as misses, with the errors counted), getOrSet serves stale
 * values within grace, writes fill L1 (for at most degradedTtl), every call
 * settles within the Redis command timeout, and what Redis missed is
 * repaired after the restart. Runs a redis-server of its own.
 */
import { describe, expect, it } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { FakeClock } from '@cache/core/testing';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { DEFAULT_DEGRADED_TTL, MultiLevelCache } from '../src/index.js';
import { eventually, memory, uniquePrefix } from './helpers.js';

const COMMAND_TIMEOUT = 200;
/** Slack for a loaded, shared machine: the property is "bounded by the timeout", not a latency target. */
const SLACK = 1500;

const faults = useOwnRedisServer();

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  try {
    const value = await call();
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

describe('Redis killed under the tiered cache, then restarted', () => {
  it('serves L1 and stale values, writes L1 for a short time, settles in bounded time, and repairs Redis after the restart', async () => {
    const clock = new FakeClock(Date.now());
    const l1 = memory(clock);
    const redis = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('res'), commandTimeout: COMMAND_TIMEOUT, maxReconnectDelay: 100 });
    const cache = new MultiLevelCache<string>({ clock, defaultTtl: '1m', grace: '1h', recoveryInterval: 100, levels: [{ name: 'l1', tier: l1 }, { name: 'redis', tier: redis }] });
    try {
      await cache.set('hot', 'in-l1');
      await cache.getOrSet('loaded', () => 'v1');
      await cache.set('cold', 'only-in-redis');
      l1.delete('cold');

      await faults.server.kill();

      // L1 keeps serving; a key only Redis had reads as a miss with the error counted
      expect(await cache.get('hot')).toBe('in-l1');
      const cold = await timed(() => cache.get('cold'));
      expect(cold.error).toBeUndefined();
      expect(cold.value).toBeUndefined();
      expect(cold.ms).toBeLessThan(COMMAND_TIMEOUT + SLACK);
      expect(cache.multilevelStats().levelErrors.redis).toBeGreaterThanOrEqual(1);

      // past its ttl, the loader failing too: the stale value is served
      clock.advance(61_000);
      const stale = await timed(() => cache.getOrSet('loaded', () => Promise.reject(new Error('db down too'))));
      expect(stale.value).toBe('v1');
      expect(stale.ms).toBeLessThan(2 * COMMAND_TIMEOUT + SLACK);
      // a working loader still answers, though the value cannot be written through
      expect(await cache.getOrSet('fresh', () => 'loaded-while-down')).toBe('loaded-while-down');

      // a write fills L1 for at most degradedTtl and resolves false (Redis did not take it yet)
      const write = await timed(() => cache.set('new', 'value'));
      expect(write.value).toBe(false);
      expect(write.ms).toBeLessThan(COMMAND_TIMEOUT + SLACK);
      expect(l1.peek('new')).toMatchObject({ v: 'value' });
      expect(l1.getRemainingTtl('new')).toBeLessThanOrEqual(DEFAULT_DEGRADED_TTL);
      expect(cache.multilevelStats().failingLevels).toEqual(['redis']);

      await faults.server.restart();
      // the probe finds Redis back and repairs what it missed: Redis is shared, so by deleting (another
      // instance may have written those keys meanwhile; a replay must never put an older value back)
      expect(await eventually(async () => cache.multilevelStats().failingLevels.length === 0, 10_000)).toBe(true);
      expect(await redis.get('new')).toBeUndefined();
      expect(await redis.get('fresh')).toBeUndefined();
      expect(await cache.set('after', 'restart')).toBe(true);
      l1.clear();
      expect(await cache.get('after')).toBe('restart');
      expect(faults.unhandled).toEqual([]);
    } finally {
      await cache.close();
    }
  });

  it('clears the local levels once the bus is subscribed again (messages may have been lost)', async () => {
    const bus = new RedisInvalidationBus({ url: faults.server.url, commandTimeout: COMMAND_TIMEOUT });
    const l1 = memory();
    const redis = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('bus'), commandTimeout: COMMAND_TIMEOUT, maxReconnectDelay: 100 });
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: l1 }, { name: 'redis', tier: redis }], bus });
    try {
      await cache.ready();
      await cache.set('k', 'v');
      await faults.server.kill();
      expect(await cache.get('k')).toBe('v'); // still served from L1 while the bus is down
      await faults.server.restart();
      expect(await eventually(() => l1.size === 0, 10_000)).toBe(true);
      expect(cache.multilevelStats().invalidations).toBeGreaterThanOrEqual(1);
      expect(await cache.get('k')).toBeUndefined(); // the restarted Redis lost it (no persistence), and L1 no longer serves it
    } finally {
      await cache.close();
      await bus.close();
    }
  });
});
