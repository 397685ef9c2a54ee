import { toAsyncTier, type CacheTier } from '@cache/core';
import { describeConformance, MapTier } from '@cache/core/testing/vitest';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it, vi } from 'vitest';
import { instrument, instrumentSync, LatencyRecorder, operationChannel, OPERATIONS, subscribeOperations, type OperationEvent } from '../src/index.js';

describeConformance({ name: 'instrument(MemoryCache.asAsync())', create: ({ clock }) => instrument(new MemoryCache({ maxEntries: 1000, clock }).asAsync()) });
describeConformance({ name: 'instrument(MapTier)', create: ({ clock }) => instrument(new MapTier({ clock })) });
describeConformance({ name: 'toAsyncTier(instrumentSync(MemoryCache))', create: ({ clock }) => toAsyncTier(instrumentSync(new MemoryCache({ maxEntries: 1000, clock }))) });

/** A time source that moves only when told: each operation "takes" `step` ms. */
function steppingClock(step: number) {
  let t = 0;
  return { now: () => (t += step) };
}

const summary = (tier: { latencies(): { operation: string; outcome: string; histogram: { count: number; sum: number } }[] }) =>
  Object.fromEntries(tier.latencies().map((l) => [`${l.operation}:${l.outcome}`, [l.histogram.count, l.histogram.sum]]));

describe('instrument', () => {
  it('times every operation by outcome, in nanoseconds, without changing results', async () => {
    const cache = new MemoryCache<string>({ maxEntries: 10 });
    const tier = instrument(cache.asAsync(), { now: steppingClock(0.5).now }); // each call: 0.5 ms between start and end
    expect(await tier.set('a', 'A')).toBe(true);
    expect(await tier.get('a')).toBe('A');
    expect(await tier.get('b')).toBeUndefined();
    expect(await tier.getEntry('a')).toEqual({ value: 'A', remainingTtl: Infinity });
    expect(await tier.has('a')).toBe(true);
    expect(await tier.getMany(['a', 'b'])).toEqual(['A', undefined]);
    expect(await tier.setMany([{ key: 'c', value: 'C' }])).toBe(true);
    expect(await tier.deleteMany(['c', 'x'])).toBe(1);
    expect(await tier.delete('a')).toBe(true);
    await tier.clear();
    expect(summary(tier)).toEqual({
      'get:hit': [1, 500_000],
      'get:miss': [1, 500_000],
      'getEntry:hit': [1, 500_000],
      'set:ok': [1, 500_000],
      'delete:ok': [1, 500_000],
      'has:ok': [1, 500_000],
      'getMany:ok': [1, 500_000],
      'setMany:ok': [1, 500_000],
      'deleteMany:ok': [1, 500_000],
      'clear:ok': [1, 500_000],
    });
    expect({ ...tier.stats(), uptime: 0 }).toEqual({ ...cache.stats(), uptime: 0 }); // the tier's own counters pass through
    expect(tier.latencies().map((l) => l.operation)).toEqual(OPERATIONS.flatMap((op) => (op === 'get' ? [op, op] : [op])));
  });

  it('counts rejections as errors and rethrows them unchanged', async () => {
    const tier = instrument(new MemoryCache({ maxEntries: 10 }).asAsync());
    const error = await tier.get('').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CACHE_INVALID_ARGUMENT', argument: 'key' });
    await expect(tier.set('k', undefined as never)).rejects.toMatchObject({ argument: 'value' });
    expect(summary(tier)).toMatchObject({ 'get:error': [1, expect.any(Number)], 'set:error': [1, expect.any(Number)] });
  });

  it('instruments the sync face with the same recorder, and keeps the name', () => {
    const cache = new MemoryCache<number>({ maxEntries: 10, name: 'users' });
    const tier = instrument(cache.asAsync());
    expect(tier.name).toBe('users');
    expect(tier.inner.sync).toBe(cache);
    expect(tier.sync?.inner).toBe(cache);
    expect(tier.sync?.recorder).toBe(tier.recorder);
    tier.sync?.set('k', 1);
    expect(tier.sync?.get('k')).toBe(1);
    expect(() => tier.sync?.get('')).toThrow(/key must not be empty/);
    expect(summary(tier)).toMatchObject({ 'set:ok': [1, expect.any(Number)], 'get:hit': [1, expect.any(Number)], 'get:error': [1, expect.any(Number)] });
    expect(instrument(new MapTier()).sync).toBeUndefined();
  });

  it('shares a recorder between tiers when given one', async () => {
    const recorder = new LatencyRecorder({ now: steppingClock(1).now });
    const a = instrument(new MapTier(), { recorder });
    const b = instrumentSync(new MemoryCache({ maxEntries: 10 }), { recorder });
    await a.get('x');
    b.get('x');
    expect(summary(a)).toEqual({ 'get:miss': [2, 2_000_000] });
    recorder.reset();
    expect(summary(b)).toEqual({ 'get:miss': [0, 0] });
  });

  it('rejects bad options once, at construction', () => {
    expect(() => instrument(new MapTier(), { histogram: { highest: -5 } })).toThrow(expect.objectContaining({ option: 'highest' }));
    for (const bad of [0, 1.5, -1]) expect(() => instrument(new MapTier(), { timeEvery: bad })).toThrow(expect.objectContaining({ option: 'timeEvery' }));
    expect(() => instrument(new MapTier(), { now: 5 as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'now' }));
  });

  it('times one operation in timeEvery, but every one while the diagnostics channel has subscribers', () => {
    const tier = instrumentSync(new MemoryCache<number>({ maxEntries: 10 }), { timeEvery: 4 });
    for (let i = 0; i < 10; i++) tier.get('k');
    expect(summary(tier)).toEqual({ 'get:miss': [2, expect.any(Number)] });
    expect(tier.inner.stats().misses).toBe(10); // the tier still counts every read
    const unsubscribe = subscribeOperations(() => {});
    for (let i = 0; i < 3; i++) tier.get('k');
    unsubscribe();
    expect(summary(tier)).toEqual({ 'get:miss': [5, expect.any(Number)] });
  });

  it('close() and stats() reach the wrapped tier', async () => {
    const inner: CacheTier = new MapTier();
    const tier = instrument(inner);
    await tier.close();
    await expect(inner.get('k')).rejects.toMatchObject({ code: 'CACHE_CLOSED' });
  });
});

describe('the @cache/stats:operation diagnostics channel', () => {
  it('builds and publishes nothing while nobody subscribes', async () => {
    expect(operationChannel.hasSubscribers).toBe(false);
    const publish = vi.spyOn(operationChannel, 'publish');
    try {
      await instrument(new MapTier()).get('k');
      expect(publish).not.toHaveBeenCalled();
    } finally {
      publish.mockRestore();
    }
  });

  it('publishes each operation to subscribers, without keys by default', async () => {
    const events: OperationEvent[] = [];
    const unsubscribe = subscribeOperations((event) => events.push(event));
    try {
      const tier = instrument(new MemoryCache<string>({ maxEntries: 10, name: 'l1' }).asAsync(), { now: steppingClock(2).now });
      await tier.set('secret-key', 'v');
      await tier.getMany(['secret-key', 'other']);
      await tier.get('').catch(() => undefined);
      expect(events.map(({ error, ...rest }) => ({ ...rest, error: error === undefined ? undefined : 'error' }))).toEqual([
        { tier: 'l1', operation: 'set', outcome: 'ok', duration: 2, keys: 1, error: undefined },
        { tier: 'l1', operation: 'getMany', outcome: 'ok', duration: 2, keys: 2, error: undefined },
        { tier: 'l1', operation: 'get', outcome: 'error', duration: 2, keys: 1, error: 'error' },
      ]);
      expect(JSON.stringify(events.slice(0, 2))).not.toContain('secret-key');
    } finally {
      unsubscribe();
    }
  });

  it('includes keys only when asked, and stops after unsubscribing', async () => {
    const events: OperationEvent[] = [];
    const unsubscribe = subscribeOperations((event) => events.push(event));
    const tier = instrument(new MapTier(), { includeKeys: true });
    await tier.get('k');
    unsubscribe();
    await tier.get('k');
    expect(events).toHaveLength(1);
    expect(events[0]?.key).toBe('k');
  });

  it('publishes nothing when diagnostics are off', async () => {
    const events: OperationEvent[] = [];
    const unsubscribe = subscribeOperations((event) => events.push(event));
    await instrument(new MapTier(), { diagnostics: false }).get('k');
    unsubscribe();
    expect(events).toEqual([]);
  });
});
