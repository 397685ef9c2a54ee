import type { CacheTier, InProcessCacheTier, SyncCacheTier } from '@cache/core';
import { describe, expectTypeOf, it } from 'vitest';
import { MemoryCache, type MemoryCacheOptions, type PolicyName } from '../src/index.js';

describe('types', () => {
  it('requires a bound', () => {
    expectTypeOf<{ maxEntries: 10 }>().toExtend<MemoryCacheOptions<string>>();
    expectTypeOf<{ maxBytes: 10 }>().toExtend<MemoryCacheOptions<string>>();
    expectTypeOf<{ maxEntries: 1; maxBytes: 10 }>().toExtend<MemoryCacheOptions<string>>();
    expectTypeOf<{ policy: 'lru' }>().not.toExtend<MemoryCacheOptions<string>>();
    expectTypeOf<{ name: string }>().not.toExtend<MemoryCacheOptions<string>>();
  });

  it('is a synchronous tier with an asynchronous face', () => {
    const cache = new MemoryCache<number>({ maxEntries: 1 });
    expectTypeOf(cache).toExtend<SyncCacheTier<number>>();
    expectTypeOf(cache).toExtend<InProcessCacheTier<number>>();
    expectTypeOf(cache.peek('k')).toEqualTypeOf<number | undefined>();
    expectTypeOf(cache.asAsync()).toEqualTypeOf<CacheTier<number>>();
    expectTypeOf(cache.get('k')).toEqualTypeOf<number | undefined>();
    expectTypeOf(cache.policy).toEqualTypeOf<PolicyName>();
    expectTypeOf<Parameters<typeof cache.set>[1]>().toEqualTypeOf<number>();
    expectTypeOf([...cache]).toEqualTypeOf<[string, number][]>();
  });

  it('types sizeOf and the listener by the value type', () => {
    expectTypeOf<MemoryCacheOptions<Buffer>['sizeOf']>().toEqualTypeOf<((value: Buffer, key: string) => number) | undefined>();
  });
});
