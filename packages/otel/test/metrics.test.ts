/**
 * The metrics reach the OpenTelemetry SDK's in-memory exporter: per-level
 * hits, misses, latency, loads, stale answers and errors from a
 * MultiLevelCache over MemoryCache levels; breaker state and bus status from
 * a RedisCache level and a Redis bus on a redis-server of this file's own
 * (killed midway). And nothing is read or built while nobody collects.
 */
import { FakeClock } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { instrument, multilevelSources, operationChannel } from '@cache/stats';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { observeCacheMetrics, recordOperationDurations } from '../src/index.js';
import { metricsHarness, point, value } from './otel-harness.js';

const redis = useOwnRedisServer();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('observeCacheMetrics + recordOperationDurations', () => {
  it('export per-level hits, misses and latency, loads, stale answers and loader errors of a tiered cache', async () => {
    const otel = metricsHarness();
    cleanups.push(otel.close);
    const clock = new FakeClock(Date.now());
    const l1 = instrument(new MemoryCache<unknown>({ maxEntries: 100, name: 'l1', clock }).asAsync());
    const l2 = instrument(new MemoryCache<unknown>({ maxEntries: 100, name: 'l2', clock }).asAsync());
    const cache = new MultiLevelCache<string>({ name: 'users', clock, defaultTtl: '1m', grace: '1h', levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    cleanups.push(() => cache.close());
    const observed = observeCacheMetrics(() => multilevelSources(cache, { tiers: { l1, l2 } }), { meterProvider: otel.meterProvider });
    cleanups.push(() => observed.close());
    const stop = recordOperationDurations({ meterProvider: otel.meterProvider });
    cleanups.push(stop);

    expect(await cache.getOrSet('u:1', () => 'Ada')).toBe('Ada'); // load
    expect(await cache.get('u:1')).toBe('Ada'); // l1 hit
    await l1.delete('u:1');
    expect(await cache.get('u:1')).toBe('Ada'); // l1 miss, l2 hit
    expect(await cache.get('u:2')).toBeUndefined(); // misses everywhere
    clock.advance(120_000);
    expect(await cache.getOrSet('u:1', () => Promise.reject(new Error('db down')))).toBe('Ada'); // stale answer

    const metrics = await otel.collect();
    const l1Attributes = { 'cache.name': 'users', 'cache.level': 'l1' };
    expect(value(metrics, 'cache.hits', l1Attributes)).toBe(l1.stats().hits);
    expect(value(metrics, 'cache.misses', l1Attributes)).toBe(l1.stats().misses);
    expect(value(metrics, 'cache.hits', { 'cache.level': 'l2' })).toBe(l2.stats().hits);
    expect(value(metrics, 'cache.entries', { 'cache.level': 'l2' })).toBe(1);
    expect(value(metrics, 'cache.loads', { 'cache.name': 'users' })).toBe(2);
    expect(value(metrics, 'cache.loader.errors', { 'cache.name': 'users' })).toBe(1);
    expect(value(metrics, 'cache.stale_served', { 'cache.name': 'users' })).toBe(1);
    expect(metrics.find((m) => m.descriptor.name === 'cache.hits')?.descriptor).toMatchObject({ unit: '{read}', description: 'Reads that found a live value.' });
    // no cache-wide point beside the levels' (a sum over cache.level would count twice)
    expect(point(metrics, 'cache.hits', { 'cache.name': 'users' })?.attributes['cache.level']).toBeDefined();

    const duration = metrics.find((m) => m.descriptor.name === 'cache.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const l1Hits = point(metrics, 'cache.operation.duration', { 'cache.tier': 'l1', 'cache.operation': 'get', 'cache.outcome': 'hit' })?.value as Histogram | undefined;
    expect(l1Hits?.count).toBe(l1.latencies().find((l) => l.operation === 'get' && l.outcome === 'hit')?.histogram.count);
    expect(l1Hits?.count).toBeGreaterThan(0);
    expect(point(metrics, 'cache.operation.duration', { 'cache.tier': 'l2', 'cache.outcome': 'hit' })).toBeDefined();
  });

  it('export the breaker state of a Redis level and the bus status, and follow Redis going down', async () => {
    const otel = metricsHarness();
    cleanups.push(otel.close);
    const l2 = new RedisCache<unknown>({ url: redis.server.url, prefix: 'otel', name: 'redis', commandTimeout: 200, maxReconnectDelay: 50, onError: 'miss', circuitBreaker: { failureThreshold: 2, resetTimeout: 60_000 } });
    const bus = new RedisInvalidationBus({ url: redis.server.url, commandTimeout: 200 });
    const cache = new MultiLevelCache<string>({ name: 'app', bus, levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) }, { name: 'redis', tier: l2 }], onError: () => {} });
    cleanups.push(async () => {
      await cache.close();
      await bus.close();
      await redis.server.restart();
    });
    await cache.ready();
    const observed = observeCacheMetrics(() => multilevelSources(cache, { tiers: { redis: l2 }, bus }), { meterProvider: otel.meterProvider });
    cleanups.push(() => observed.close());
    await cache.set('a', 'A');

    let metrics = await otel.collect();
    expect(value(metrics, 'cache.circuit.state', { 'cache.level': 'redis', 'cache.circuit.state': 'closed' })).toBe(1);
    expect(value(metrics, 'cache.circuit.state', { 'cache.level': 'redis', 'cache.circuit.state': 'open' })).toBe(0);
    expect(value(metrics, 'cache.bus.subscribed', { 'cache.name': 'app' })).toBe(1);
    expect(value(metrics, 'cache.sets', { 'cache.level': 'redis' })).toBe(1);

    await redis.server.kill();
    for (let i = 0; i < 4 && l2.circuitState !== 'open'; i++) await cache.get(`gone-${i}`);
    for (let i = 0; i < 200 && bus.subscribed; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    metrics = await otel.collect();
    expect(value(metrics, 'cache.circuit.state', { 'cache.level': 'redis', 'cache.circuit.state': 'open' })).toBe(1);
    expect(value(metrics, 'cache.circuit.state', { 'cache.level': 'redis', 'cache.circuit.state': 'closed' })).toBe(0);
    expect(value(metrics, 'cache.bus.subscribed', { 'cache.name': 'app' })).toBe(0);
    expect(value(metrics, 'cache.errors', { 'cache.level': 'redis' })).toBeGreaterThan(0);
  });

  it('cost nothing unused: sources are read only at a collection, never after close(), and instrumented tiers publish only while durations are recorded', async () => {
    const otel = metricsHarness();
    cleanups.push(otel.close);
    const tier = instrument(new MemoryCache<string>({ maxEntries: 10, name: 'm' }).asAsync(), { timeEvery: 1_000_000 });
    let reads = 0;
    const observed = observeCacheMetrics(() => (reads++, { cache: 'm', stats: tier.stats() }), { meterProvider: otel.meterProvider });
    for (let i = 0; i < 100; i++) await tier.get('k');
    expect(reads).toBe(0);
    await otel.collect();
    expect(reads).toBe(1);
    observed.close();
    observed.close(); // idempotent
    await otel.collect();
    expect(reads).toBe(1);

    expect(operationChannel.hasSubscribers).toBe(false);
    const stop = recordOperationDurations({ meterProvider: otel.meterProvider });
    expect(operationChannel.hasSubscribers).toBe(true);
    await tier.get('k'); // timed and published although timeEvery would skip it: someone listens
    stop();
    expect(operationChannel.hasSubscribers).toBe(false);
    await tier.get('k');
    const metrics = await otel.collect();
    expect((point(metrics, 'cache.operation.duration', { 'cache.tier': 'm', 'cache.outcome': 'miss' })?.value as Histogram).count).toBe(1);
  });

  it('report what the sources threw to onError and observe nothing for them', async () => {
    const otel = metricsHarness();
    cleanups.push(otel.close);
    const errors: unknown[] = [];
    const observed = observeCacheMetrics(() => Promise.reject(new Error('stats down')), { meterProvider: otel.meterProvider, onError: (error) => errors.push(error) });
    cleanups.push(() => observed.close());
    const metrics = await otel.collect();
    expect(errors).toEqual([new Error('stats down')]);
    expect(metrics.every((m) => m.dataPoints.length === 0)).toBe(true);
  });

  it('reject bad arguments with typed errors', () => {
    expect(() => observeCacheMetrics('sources' as never)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', argument: 'sources' }));
    expect(() => observeCacheMetrics(() => [], { onError: 1 as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'onError' }));
    expect(() => recordOperationDurations({ buckets: [2, 1] })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'buckets' }));
  });
});
