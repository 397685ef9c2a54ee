/**
 * The load lock's Redis dies: every instance loads by itself (the lock can
 * delay a load, never prevent it), within a bounded time, and the lock
 * failures reach onError and the stats. Runs a redis-server of its own.
 */
import { describe, expect, it } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { RedisCache, RedisLoadLock } from '@cache/redis';
import { MultiLevelCache, type AbsorbedError } from '../src/index.js';
import { memory, uniquePrefix } from './helpers.js';

const COMMAND_TIMEOUT = 200;
/** Slack for a loaded, shared machine: the property is "bounded by the timeouts", not a latency target. */
const SLACK = 1500;

const faults = useOwnRedisServer();

describe('Redis killed under the load lock', () => {
  it('5 instances x 20 callers: each instance loads once, in bounded time, with the failures reported', async () => {
    const prefix = uniquePrefix('down');
    const instances = Array.from({ length: 5 }, () => {
      const l2 = new RedisCache({ url: faults.server.url, prefix, commandTimeout: COMMAND_TIMEOUT, maxReconnectDelay: 100 });
      const errors: AbsorbedError[] = [];
      const cache = new MultiLevelCache<string>({
        levels: [
          { name: 'memory', tier: memory() },
          { name: 'redis', tier: l2 },
        ],
        lock: new RedisLoadLock({ cache: l2 }),
        onError: (event) => errors.push(event),
      });
      return { cache, errors };
    });
    try {
      // connected and working first
      await instances[0]!.cache.set('warm', 'w');
      expect(await Promise.all(instances.map(({ cache }) => cache.get('warm')))).toEqual(['w', 'w', 'w', 'w', 'w']);
      await faults.server.kill();

      let calls = 0;
      const start = performance.now();
      const values = await Promise.all(
        instances.flatMap(({ cache }) =>
          Array.from({ length: 20 }, () =>
            cache.getOrSet('hot', () => {
              calls++;
              return 'loaded while down';
            }),
          ),
        ),
      );
      const ms = performance.now() - start;
      expect(values.every((value) => value === 'loaded while down')).toBe(true);
      expect(calls).toBe(5); // one per instance (single flight still holds locally)
      // a read of Redis, the acquire, the store: each bounded by the command timeout
      expect(ms).toBeLessThan(3 * COMMAND_TIMEOUT + SLACK);
      for (const { cache, errors } of instances) {
        expect(cache.multilevelStats()).toMatchObject({ loads: 1, unlockedLoads: 1, lockWaits: 0 });
        // the read of Redis failed first: the level is failing, so the load skips the lock
        expect(errors[0]).toMatchObject({ operation: 'read', level: 'redis', key: 'hot', error: { code: expect.stringMatching(/CACHE_(CONNECTION|TIMEOUT)/) } });
      }
      expect(faults.unhandled).toEqual([]);
    } finally {
      await Promise.all(instances.map(({ cache }) => cache.close()));
    }
  });
});
