/**
 * Regression: `instrument(redisCache)` returned only the tier contract, so
 * the RedisCache's own members (`on`, `circuitState`, `getStats`,
 * `clearPrefix`, `info`, `client`…) were gone. The instrumented face now
 * keeps every member of the tier, bound to it, while the contract's
 * operations are timed. Runs a redis-server of its own (it is killed).
 */
import { RedisCache } from '@cache/redis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { instrument, instrumentSync } from '../src/index.js';

const redis = useOwnRedisServer();

describe('instrument() keeps the tier’s own members reachable', () => {
  it('a RedisCache keeps on, circuitState, getStats, clearPrefix, info and client, and its breaker events reach listeners added through the face', async () => {
    const raw = new RedisCache<string>({ url: redis.server.url, prefix: 'keep', name: 'redis', commandTimeout: 200, maxReconnectDelay: 50, onError: 'miss', circuitBreaker: { failureThreshold: 2, resetTimeout: 60_000 } });
    const tier = instrument(raw);
    try {
      await tier.set('a', 'A');
      await tier.set('b', 'B');
      expect(tier.circuitState).toBe('closed');
      expect(tier.client).toBe(raw.client);
      expect(tier.prefix).toBe('keep');
      expect((await tier.getStats()).sets).toBe(2);
      expect((await tier.info('server')).redis_version).toMatch(/^\d+\./);
      expect(await tier.clearPrefix()).toBe(2);
      expect(await tier.get('a')).toBeUndefined();

      const seen: string[] = [];
      const off = tier.on('circuit-open', () => seen.push('open'));
      tier.on('error', (_error, operation) => seen.push(`error:${operation}`));
      await redis.server.kill();
      for (let i = 0; i < 4 && tier.circuitState !== 'open'; i++) await tier.get('a'); // misses (onError: 'miss') until the breaker opens
      expect(tier.circuitState).toBe('open');
      expect(raw.circuitState).toBe('open');
      expect(seen).toContain('open');
      expect(seen.some((event) => event.startsWith('error:'))).toBe(true);
      off();
      expect(tier.latencies().find((l) => l.operation === 'get' && l.outcome === 'miss')?.histogram.count).toBeGreaterThanOrEqual(2);
    } finally {
      await tier.close();
      await redis.server.restart();
    }
  });

  it('a MemoryCache keeps peek, getRemainingTtl and its async face', () => {
    const raw = new MemoryCache<string>({ maxEntries: 10, name: 'l1' });
    const tier = instrumentSync(raw);
    tier.set('a', 'A');
    expect(tier.peek('a')).toBe('A');
    expect(tier.getRemainingTtl('a')).toBe(Infinity);
    expect(tier.asAsync().sync).toBe(raw); // the raw tier's own face: untimed
    expect(tier.latencies().map((l) => `${l.operation}:${l.outcome}`)).toEqual(['set:ok']); // peek is not a timed operation
  });
});
