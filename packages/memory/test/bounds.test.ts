import { CapacityError, ErrorCode, InvalidOptionError, isCacheError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD, MemoryCache, POLICIES, estimateSize, type MemoryCacheOptions } from '../src/index.js';

function optionError(fn: () => unknown): InvalidOptionError {
  try {
    fn();
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('bounds', () => {
  it('requires maxEntries or maxBytes (a type error and a runtime error)', () => {
    // @ts-expect-error -- at least one bound is required
    const error = optionError(() => new MemoryCache({}));
    expect(error.option).toBe('maxEntries');
    expect(error.message).toMatch(/maxEntries/);
    expect(error.message).toMatch(/maxBytes/);
    // @ts-expect-error -- a policy alone is not a bound
    optionError(() => new MemoryCache({ policy: 'lru' }));
    // @ts-expect-error -- options are required
    optionError(() => new MemoryCache());
    // both, or either, type-check
    const both: MemoryCacheOptions<string> = { maxEntries: 1, maxBytes: 10 };
    expect(new MemoryCache(both).maxBytes).toBe(10);
  });

  it('rejects bad bounds and options, naming them', () => {
    expect(optionError(() => new MemoryCache({ maxEntries: 0 })).option).toBe('maxEntries');
    expect(optionError(() => new MemoryCache({ maxEntries: 1.5 })).option).toBe('maxEntries');
    expect(optionError(() => new MemoryCache({ maxEntries: Number.NaN })).option).toBe('maxEntries');
    expect(optionError(() => new MemoryCache({ maxBytes: -1 })).option).toBe('maxBytes');
    expect(optionError(() => new MemoryCache({ maxBytes: Infinity })).option).toBe('maxBytes');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, policy: 'mru' as any })).option).toBe('policy');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, defaultTtl: -5 })).option).toBe('defaultTtl');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, defaultTtl: 'soon' as any })).option).toBe('defaultTtl');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, reclaimInterval: 0 })).option).toBe('reclaimInterval');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, sizeOf: 5 as any })).option).toBe('sizeOf');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, onEvict: 'x' as any })).option).toBe('onEvict');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, clock: {} as any })).option).toBe('clock');
    expect(optionError(() => new MemoryCache({ maxEntries: 1, seed: 0.5 })).option).toBe('seed');
  });

  for (const policy of POLICIES) {
    it(`${policy}: never holds more than maxEntries`, () => {
      const cache = new MemoryCache<number>({ maxEntries: 50, policy, seed: 7 });
      for (let i = 0; i < 2000; i++) {
        cache.set(`k${i % 300}`, i);
        cache.get(`k${(i * 7) % 300}`);
        expect(cache.size).toBeLessThanOrEqual(50);
      }
      expect(cache.size).toBe(50);
      expect(cache.stats().evictions).toBeGreaterThan(0);
    });

    it(`${policy}: never holds more than maxBytes`, () => {
      const cache = new MemoryCache<string>({ maxBytes: 1000, policy, sizeOf: (v) => v.length, seed: 3 });
      for (let i = 0; i < 1000; i++) {
        cache.set(`k${i % 97}`, 'x'.repeat(1 + ((i * 13) % 90)));
        expect(cache.memoryUsage).toBeLessThanOrEqual(1000);
      }
      let total = 0;
      for (const value of cache.values()) total += value.length;
      expect(total).toBe(cache.memoryUsage);
    });
  }

  it('rejects an entry bigger than maxBytes with a CapacityError and changes nothing', () => {
    const evicted: string[] = [];
    const cache = new MemoryCache<string>({ maxBytes: 100, sizeOf: (v) => v.length, onEvict: (k) => evicted.push(k) });
    cache.set('a', 'x'.repeat(60));
    cache.set('b', 'y'.repeat(30));
    const before = cache.stats();
    let caught: unknown;
    try {
      cache.set('c', 'z'.repeat(101));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CapacityError);
    expect((caught as CapacityError).size).toBe(101);
    expect((caught as CapacityError).limit).toBe(100);
    expect((caught as CapacityError).key).toBe('c');
    expect(() => cache.set('a', 'z'.repeat(500))).toThrow(CapacityError);
    expect(cache.get('a')).toBe('x'.repeat(60));
    expect(cache.get('b')).toBe('y'.repeat(30));
    expect(cache.has('c')).toBe(false);
    expect(cache.memoryUsage).toBe(90);
    expect(evicted).toEqual([]);
    expect(cache.stats().sets).toBe(before.sets);
  });

  it('a batch with one oversized entry writes nothing', () => {
    const cache = new MemoryCache<string>({ maxBytes: 100, sizeOf: (v) => v.length });
    expect(() => cache.setMany([{ key: 'ok', value: 'x' }, { key: 'big', value: 'y'.repeat(200) }])).toThrow(CapacityError);
    expect(cache.size).toBe(0);
  });

  it('evicts several entries to fit a large one, and when an entry grows', () => {
    const cache = new MemoryCache<string>({ maxBytes: 100, sizeOf: (v) => v.length, policy: 'lru' });
    for (const k of ['a', 'b', 'c', 'd']) cache.set(k, 'x'.repeat(25));
    cache.set('e', 'y'.repeat(60));
    expect([...cache.keys()].sort()).toEqual(['d', 'e']);
    cache.set('d', 'z'.repeat(50));
    expect(cache.memoryUsage).toBeLessThanOrEqual(100);
    expect(cache.get('d')).toBe('z'.repeat(50));
  });

  it('a sizeOf that returns nonsense is reported as an option error', () => {
    const cache = new MemoryCache<string>({ maxBytes: 100, sizeOf: () => Number.NaN });
    expect(optionError(() => cache.set('k', 'v')).option).toBe('sizeOf');
    expect(cache.size).toBe(0);
  });

  it('measures with the default estimate when only maxBytes is given', () => {
    const cache = new MemoryCache<unknown>({ maxBytes: 10_000 });
    cache.set('key', 'abcd');
    expect(cache.memoryUsage).toBe(ENTRY_OVERHEAD + 2 * 3 + 2 * 4);
    expect(estimateSize(12, 'k')).toBe(ENTRY_OVERHEAD + 2 + 8);
    expect(estimateSize(Buffer.alloc(1000), 'k')).toBe(ENTRY_OVERHEAD + 2 + 1000);
    expect(estimateSize({ a: 'xy', b: [1, 2] }, '')).toBeGreaterThan(ENTRY_OVERHEAD + 20);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(Number.isFinite(estimateSize(cyclic, 'k'))).toBe(true);
    cache.delete('key');
    expect(cache.memoryUsage).toBe(0);
  });

  it('does not measure sizes without maxBytes or sizeOf', () => {
    const cache = new MemoryCache<string>({ maxEntries: 10 });
    cache.set('k', 'value');
    expect(cache.memoryUsage).toBe(0);
    const measured = new MemoryCache<string>({ maxEntries: 10, sizeOf: (v) => v.length });
    measured.set('k', 'value');
    expect(measured.memoryUsage).toBe(5);
    expect(measured.stats().memoryUsage).toBe(5);
  });

  it('grows its arrays past the initial allocation (maxBytes only and large maxEntries)', () => {
    for (const options of [{ maxBytes: 1e9 }, { maxEntries: 100_000 }] as const) {
      for (const policy of POLICIES) {
        const cache = new MemoryCache<number>({ ...options, policy, sizeOf: () => 1 });
        for (let i = 0; i < 5000; i++) cache.set(`k${i}`, i);
        expect(cache.size).toBe(5000);
        expect(cache.get('k0')).toBe(0);
        expect(cache.get('k4999')).toBe(4999);
      }
    }
  });

  it('learns an entry capacity when only bytes bound a W-TinyLFU or S3-FIFO cache', () => {
    for (const policy of ['w-tinylfu', 's3-fifo'] as const) {
      const cache = new MemoryCache<number>({ maxBytes: 500, sizeOf: () => 1, policy, seed: 1 });
      for (let i = 0; i < 20_000; i++) cache.set(`k${i % 2000}`, i);
      expect(cache.size).toBe(500);
    }
  });
});
