/**
 * The series a tiered cache had none of: loads, coalesced callers, loader
 * errors, stale answers, the breaker state of the Redis level and the bus
 * status — read by multilevelSources() from a real MultiLevelCache (memory
 * L1 + Redis L2 + a Redis bus on a redis-server of its own, which is
 * killed), rendered by collect() and checked by a strict 0.0.4 parser.
 */
import { FakeClock } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { describe, expect, it } from 'vitest';
import { collect, instrument, multilevelSources, PROMETHEUS_CONTENT_TYPE } from '../src/index.js';
import { parseExposition, type ParsedFamily } from '@cache/test-support/exposition';

const redis = useOwnRedisServer();

const value = (families: ParsedFamily[], name: string, labels: Record<string, string>) =>
  families.flatMap((f) => f.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(check()).toBe(true);
}

describe('multilevelSources()', () => {
  it('exports loads, stale answers, per-level latencies, breaker state and bus status, and follows a Redis outage', async () => {
    const clock = new FakeClock(Date.now());
    const l1 = instrument(new MemoryCache<unknown>({ maxEntries: 100, name: 'l1', clock }).asAsync());
    const l2 = new RedisCache<unknown>({ url: redis.server.url, prefix: 'sources', name: 'redis', commandTimeout: 200, maxReconnectDelay: 50, onError: 'miss', circuitBreaker: { failureThreshold: 2, resetTimeout: 60_000 } });
    const bus = new RedisInvalidationBus({ url: redis.server.url, commandTimeout: 200 });
    const cache = new MultiLevelCache<string>({ name: 'app', clock, defaultTtl: '1m', grace: '1h', bus, levels: [{ name: 'l1', tier: l1 }, { name: 'redis', tier: l2 }], onError: () => {} });
    const scrape = async () => {
      const { contentType, body } = await collect(() => multilevelSources(cache, { tiers: { l1, redis: l2 }, bus }));
      expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
      return parseExposition(body);
    };
    try {
      await cache.ready();
      expect(await cache.getOrSet('k', () => 'v1')).toBe('v1');
      expect(await Promise.all([cache.getOrSet('slow', () => new Promise<string>((resolve) => setTimeout(() => resolve('s'), 20))), cache.getOrSet('slow', () => 'never')])).toEqual(['s', 's']);
      clock.advance(120_000); // past ttl, within grace
      expect(await cache.getOrSet('k', () => Promise.reject(new Error('db down')))).toBe('v1'); // stale answer
      await cache.get('k');

      let families = await scrape();
      expect(value(families, 'cache_loads_total', { cache: 'app' })).toBe(3);
      expect(value(families, 'cache_loads_coalesced_total', { cache: 'app' })).toBe(1);
      expect(value(families, 'cache_loader_errors_total', { cache: 'app' })).toBe(1);
      expect(value(families, 'cache_stale_served_total', { cache: 'app' })).toBe(1);
      expect(value(families, 'cache_bus_subscribed', { cache: 'app' })).toBe(1);
      expect(value(families, 'cache_circuit_state', { cache: 'app', level: 'redis', state: 'closed' })).toBe(1);
      expect(value(families, 'cache_circuit_state', { cache: 'app', level: 'redis', state: 'open' })).toBe(0);
      expect(value(families, 'cache_circuit_state', { level: 'l1' })).toBeUndefined(); // a memory level has no breaker
      expect(value(families, 'cache_operation_duration_seconds_count', { cache: 'app', level: 'l1', operation: 'set', outcome: 'ok' })).toBeGreaterThan(0);
      expect(value(families, 'cache_sets_total', { cache: 'app', level: 'redis' })).toBeGreaterThan(0);
      // no series mixes the cache's own figures with the levels' (a sum over `level` would count twice)
      expect(families.find((f) => f.name === 'cache_hits_total')?.samples.every((s) => s.labels.level !== undefined)).toBe(true);

      await redis.server.kill();
      for (let i = 0; i < 4 && l2.circuitState !== 'open'; i++) await cache.get(`gone-${i}`);
      await until(() => !bus.subscribed);
      families = await scrape();
      expect(value(families, 'cache_circuit_state', { level: 'redis', state: 'open' })).toBe(1);
      expect(value(families, 'cache_circuit_state', { level: 'redis', state: 'closed' })).toBe(0);
      expect(value(families, 'cache_bus_subscribed', { cache: 'app' })).toBe(0);
      expect(value(families, 'cache_errors_total', { level: 'redis' })).toBeGreaterThan(0);
    } finally {
      await cache.close();
      await bus.close();
      await redis.server.restart();
    }
  });

  it('rejects a tier for a level the cache does not have, naming the levels', () => {
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 1 }) }] });
    expect(() => multilevelSources(cache, { tiers: { redis: {} } })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', message: expect.stringContaining('no level "redis" (levels: l1)') }));
    expect(() => multilevelSources({} as never)).toThrow(/needs a tiered cache with levelStats\(\)/);
  });
});

describe('collect()', () => {
  it('renders sources, a collector function or ready text, with the 0.0.4 Content-Type', async () => {
    const stats = new MemoryCache({ maxEntries: 1 }).stats();
    const direct = await collect({ cache: 'c', stats });
    expect(direct.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(parseExposition(direct.body).map((f) => f.name)).toContain('cache_hits_total');
    expect((await collect(async () => [{ cache: 'c', stats }], { prefix: 'app_' })).body).toContain('app_hits_total{cache="c"} 0');
    expect(await collect(() => '# ready\n')).toEqual({ contentType: PROMETHEUS_CONTENT_TYPE, body: '# ready\n' });
    await expect(collect(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
