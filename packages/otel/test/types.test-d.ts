import type { MultiLevelCache } from '@cache/multilevel';
import { multilevelSources } from '@cache/stats';
import { describe, expectTypeOf, it } from 'vitest';
import { observeCacheMetrics, recordOperationDurations, traceCaches, type CacheMetrics, type CacheTracing } from '../src/index.js';

describe('types', () => {
  it('traceCaches returns a subscription', () => {
    expectTypeOf(traceCaches()).toEqualTypeOf<CacheTracing>();
    // @ts-expect-error includeKeys is a boolean
    traceCaches({ includeKeys: 'yes' });
  });

  it('observeCacheMetrics takes a function of sources, sync or async', () => {
    const cache = {} as MultiLevelCache<string>;
    expectTypeOf(observeCacheMetrics(() => multilevelSources(cache))).toEqualTypeOf<CacheMetrics>();
    expectTypeOf(observeCacheMetrics(async () => [{ cache: 'c' }])).toEqualTypeOf<CacheMetrics>();
    expectTypeOf(recordOperationDurations()).toEqualTypeOf<() => void>();
  });
});
