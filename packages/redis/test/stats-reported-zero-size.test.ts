/**
 * Regression (issue 12): a Redis level reported `size` 0 and `memoryUsage` 0
 * in `stats()`, so Prometheus showed `cache_entries 0` / `cache_memory_bytes
 * 0` for it. They now come from the server's INFO, read in the background.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { RedisCache } from '../src/index.js';
import { sleep } from './helpers.js';

const own = useOwnRedisServer();
let cache: RedisCache | undefined;
afterEach(async () => {
  await cache?.close();
});

describe('stats() of a Redis level', () => {
  it("reports the server's entries and memory from INFO, refreshed off the call path", async () => {
    cache = new RedisCache({ url: own.server.url, prefix: 'sz' });
    await cache.ready();
    await cache.setMany(Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, value: i })));
    cache.stats(); // starts the first read in the background; stats() itself never waits
    let stats = cache.stats();
    for (let i = 0; i < 100 && stats.size === 0; i++) {
      await sleep(20);
      stats = cache.stats();
    }
    expect(stats.size).toBe(25); // this server holds only these keys
    expect(stats.memoryUsage).toBeGreaterThan(100_000); // used_memory of a redis-server is ~1 MB
    expect(stats.sets).toBe(25);
  });
});
