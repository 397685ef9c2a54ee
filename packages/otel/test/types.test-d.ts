import type { MultiLevelCache } from '@cache/multilevel';
import { multilevelSources } from '@cache/stats';
import { describe, expectTypeOf, it } from 'vitest';
import { observeCacheMetrics, recordOperationDurations, traceCache, type CacheMetrics } from '../src/index.js';

describe('types', () => {
  it('traceCache returns the cache with its own type', () => {
    const cache = {} as MultiLevelCache<{ id: number }>;
    const traced = traceCache(cache);
    expectTypeOf(traced).toEqualTypeOf<MultiLevelCache<{ id: number }>>();
    expectTypeOf(traced.getOrSet('k', () => ({ id: 1 }))).resolves.toEqualTypeOf<{ id: number }>();
    // @ts-expect-error a cache without getOrSet cannot be traced
    traceCache({ name: 'x' });
  });

  it('observeCacheMetrics takes a function of sources, sync or async', () => {
    const cache = {} as MultiLevelCache<string>;
    expectTypeOf(observeCacheMetrics(() => multilevelSources(cache))).toEqualTypeOf<CacheMetrics>();
    expectTypeOf(observeCacheMetrics(async () => [{ cache: 'c' }])).toEqualTypeOf<CacheMetrics>();
    expectTypeOf(recordOperationDurations()).toEqualTypeOf<() => void>();
  });
});
