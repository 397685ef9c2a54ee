/**
 * RedisLoadLock on real redis-servers: the lock contract (core's suite),
 * exclusion across connections, the key layout, and bounded failure when
 * Redis is down or hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { ErrorCode, isCacheError } from '@cache/core';
import { describeLockConformance } from '@cache/core/testing/vitest';
import { RedisCache, RedisLoadLock } from '../src/index.js';
import { redisUrl, uniquePrefix } from './helpers.js';

/** Slack for a loaded, shared machine: the property is "bounded by the timeout", not a latency target. */
const SLACK = 1000;

let client: Redis;
let other: Redis;
beforeAll(() => {
  client = new Redis(redisUrl(), { lazyConnect: false });
  other = new Redis(redisUrl());
});
afterAll(async () => {
  await Promise.all([client.quit(), other.quit()]);
});

describeLockConformance({ name: 'RedisLoadLock', time: 'real', ttl: 100, create: () => new RedisLoadLock({ client, prefix: uniquePrefix('lock') }) });

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  try {
    return { ms: performance.now() - start, value: await call() };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

describe('RedisLoadLock', () => {
  it('excludes holders on other connections (two clients, one server)', async () => {
    const prefix = uniquePrefix('x');
    const a = new RedisLoadLock({ client, prefix });
    const b = new RedisLoadLock({ client: other, prefix });
    const leases = await Promise.all([...Array.from({ length: 20 }, () => a.acquire('k', 10_000)), ...Array.from({ length: 20 }, () => b.acquire('k', 10_000))]);
    expect(leases.filter(Boolean)).toHaveLength(1);
    expect(a.counters().acquired + b.counters().acquired).toBe(1);
    expect(a.counters().contended + b.counters().contended).toBe(39);
    await leases.find(Boolean)!.release();
    expect(await b.acquire('k', 10_000)).toBeDefined();
  });

  it('stores <prefix>:lock:<key> with the lease ttl; a RedisCache lends its client and prefix', async () => {
    const cache = new RedisCache({ url: redisUrl(), prefix: uniquePrefix('users'), commandTimeout: 300 });
    try {
      const lock = new RedisLoadLock({ cache });
      expect(lock.prefix).toBe(cache.prefix);
      expect(lock.commandTimeout).toBe(300);
      expect(lock.lockKey('user:1')).toBe(`${cache.prefix}:lock:user:1`);
      const lease = await lock.acquire('user:1', 5000);
      expect(lease).toBeDefined();
      const pttl = await client.pttl(`${cache.prefix}:lock:user:1`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(5000);
      await lease!.release();
      expect(await client.exists(`${cache.prefix}:lock:user:1`)).toBe(0);
      expect(new RedisLoadLock({ client }).lockKey('k')).toBe('lock:k');
    } finally {
      await cache.close();
    }
  });

  it('a release by a non-holder removes nothing (the token is compared)', async () => {
    const lock = new RedisLoadLock({ client, prefix: uniquePrefix('nh') });
    const lease = await lock.acquire('k', 10_000);
    expect(lease).toBeDefined();
    await client.set(lock.lockKey('k'), 'someone-else', 'PX', 10_000); // as if ours expired and another holder took it
    await lease!.release();
    expect(await client.get(lock.lockKey('k'))).toBe('someone-else');
    expect(lock.counters().released).toBe(0);
  });

  it('rejects bad options, naming them', () => {
    const cases: [unknown, string][] = [
      [{}, 'client'],
      [{ client, cache: { client, prefix: '' } }, 'client'],
      [{ client: {} }, 'client'],
      [{ cache: {} }, 'cache'],
      [{ client, prefix: 3 }, 'prefix'],
      [{ client, commandTimeout: 0 }, 'commandTimeout'],
      [{ client, commandTimeout: 'soon' }, 'commandTimeout'],
      [{ client, name: '' }, 'name'],
      [{ client, ttl: 5 }, 'ttl'],
      [null, 'options'],
    ];
    for (const [options, option] of cases) {
      let error: unknown;
      try {
        new RedisLoadLock(options as never);
      } catch (e) {
        error = e;
      }
      expect(isCacheError(error, ErrorCode.InvalidOption), String(option)).toBe(true);
      expect(error).toMatchObject({ option });
    }
  });
});

describe('RedisLoadLock when Redis fails', () => {
  const faults = useOwnRedisServer();

  it('down: acquire and release reject with a typed error within the command timeout; it works again after a restart', async () => {
    const cache = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('down'), commandTimeout: 200, maxReconnectDelay: 100 });
    const lock = new RedisLoadLock({ cache });
    try {
      const lease = await lock.acquire('k', 60_000);
      expect(lease).toBeDefined();
      await faults.server.kill();
      for (let i = 0; i < 3; i++) {
        const attempt = await timed(() => lock.acquire('other', 1000));
        expect(isCacheError(attempt.error, ErrorCode.Connection) || isCacheError(attempt.error, ErrorCode.Timeout), String(attempt.error)).toBe(true);
        expect(attempt.ms).toBeLessThan(200 + SLACK);
      }
      const release = await timed(() => lease!.release());
      expect(isCacheError(release.error), String(release.error)).toBe(true);
      expect(release.ms).toBeLessThan(200 + SLACK);
      expect(lock.counters().errors).toBeGreaterThanOrEqual(4);

      await faults.server.restart();
      let again: Awaited<ReturnType<RedisLoadLock['acquire']>>;
      const deadline = Date.now() + 10_000;
      while (again === undefined && Date.now() < deadline) {
        again = await lock.acquire('other', 1000).catch(() => undefined);
        if (again === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(again).toBeDefined();
      await again!.release();
      expect(faults.unhandled).toEqual([]);
    } finally {
      await cache.close();
    }
  });

  it('hung (connected but not answering): acquire rejects with TimeoutError after commandTimeout', async () => {
    const own = new Redis(faults.server.url);
    const lock = new RedisLoadLock({ client: own, prefix: uniquePrefix('hung'), commandTimeout: 150 });
    try {
      expect(await lock.acquire('warm', 1000)).toBeDefined(); // connected
      process.kill(faults.server.pid!, 'SIGSTOP');
      let attempt: Awaited<ReturnType<typeof timed>>;
      try {
        attempt = await timed(() => lock.acquire('k', 1000));
      } finally {
        process.kill(faults.server.pid!, 'SIGCONT');
      }
      expect(attempt.error).toMatchObject({ code: ErrorCode.Timeout, timeoutMs: 150, key: 'k' });
      expect(attempt.ms).toBeLessThan(150 + SLACK);
    } finally {
      own.disconnect();
    }
  });
});
