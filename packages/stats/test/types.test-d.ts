import type { CacheStatsSnapshot, CacheTier, SyncCacheTier } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expectTypeOf, it } from 'vitest';
import {
  aggregate,
  instrument,
  instrumentSync,
  startReporter,
  toPrometheus,
  type InstrumentedSyncTier,
  type InstrumentedTier,
  type MetricsSource,
  type MultiLevelAggregate,
  type MultilevelAggregate,
  type MultiLevelSourcesOptions,
  type MultilevelSourcesOptions,
  type Operation,
  type OperationLatency,
  type Outcome,
} from '../src/index.js';

describe('types', () => {
  it('instrument keeps the value type and the tier contract', () => {
    const tier = instrument(new MemoryCache<{ id: number }>({ maxEntries: 1 }).asAsync());
    expectTypeOf(tier).toEqualTypeOf<InstrumentedTier<{ id: number }>>();
    expectTypeOf(tier).toExtend<CacheTier<{ id: number }>>();
    expectTypeOf(tier.get('k')).resolves.toEqualTypeOf<{ id: number } | undefined>();
    expectTypeOf(tier.sync).toEqualTypeOf<InstrumentedSyncTier<{ id: number }> | undefined>();
    expectTypeOf(tier.latencies()).toEqualTypeOf<OperationLatency[]>();
    const sync = instrumentSync(new MemoryCache<string>({ maxEntries: 1 }));
    expectTypeOf(sync).toExtend<SyncCacheTier<string>>();
    expectTypeOf(sync.get('k')).toEqualTypeOf<string | undefined>();
  });

  it('names operations and outcomes as literal unions', () => {
    expectTypeOf<OperationLatency['operation']>().toEqualTypeOf<Operation>();
    expectTypeOf<Outcome>().toEqualTypeOf<'hit' | 'miss' | 'ok' | 'error'>();
    expectTypeOf<'peek'>().not.toExtend<Operation>();
  });

  it('infers the reporter snapshot type from collect', () => {
    startReporter({
      interval: '10s',
      collect: () => Promise.resolve({ hits: 1 }),
      report: (snapshot) => {
        expectTypeOf(snapshot).toEqualTypeOf<{ hits: number }>();
      },
      onError: () => {},
    });
    // @ts-expect-error onError is required: errors are never swallowed
    startReporter({ interval: 1000, collect: () => 1, report: () => {} });
    // @ts-expect-error intervals are durations
    startReporter({ interval: 'soon', collect: () => 1, report: () => {}, onError: () => {} });
  });

  it('aggregate and toPrometheus take one or many', () => {
    const stats = {} as CacheStatsSnapshot;
    expectTypeOf(aggregate({ l1: stats })).toEqualTypeOf<MultiLevelAggregate>();
    expectTypeOf(aggregate([{ name: 'l1', stats }])).toEqualTypeOf<MultiLevelAggregate>();
    expectTypeOf(toPrometheus).parameter(0).toEqualTypeOf<MetricsSource | readonly MetricsSource[]>();
    expectTypeOf(toPrometheus({ cache: 'c', stats })).toEqualTypeOf<string>();
    // @ts-expect-error a source needs a cache name
    toPrometheus({ stats });
  });
});

describe('aggregate of a tiered cache', () => {
  it('takes MultiLevelCache.levelStats() as it is', () => {
    const cache = {} as import('@cache/multilevel').MultiLevelCache<string>;
    expectTypeOf(aggregate(cache.levelStats())).toEqualTypeOf<MultiLevelAggregate>();
    // the old spellings stay as deprecated aliases
    expectTypeOf<MultilevelAggregate>().toEqualTypeOf<MultiLevelAggregate>();
    expectTypeOf<MultilevelSourcesOptions>().toEqualTypeOf<MultiLevelSourcesOptions>();
  });
});

describe('instrument keeps the tier type', () => {
  it('an instrumented RedisCache is still a RedisCache, with its own members', () => {
    const redis = {} as import('@cache/redis').RedisCache<{ id: number }>;
    const tier = instrument(redis);
    expectTypeOf(tier).toExtend<import('@cache/redis').RedisCache<{ id: number }>>();
    expectTypeOf(tier.circuitState).toEqualTypeOf<import('@cache/redis').CircuitState>();
    expectTypeOf(tier.clearPrefix).toEqualTypeOf<(keyPrefix?: string) => Promise<number>>();
    expectTypeOf(tier.get('k')).resolves.toEqualTypeOf<{ id: number } | undefined>();
    expectTypeOf(tier.inner).toEqualTypeOf<import('@cache/redis').RedisCache<{ id: number }>>();
    expectTypeOf(tier.latencies()).toEqualTypeOf<OperationLatency[]>();
    const memory = instrumentSync(new MemoryCache<string>({ maxEntries: 1 }));
    expectTypeOf(memory.peek('k')).toEqualTypeOf<string | undefined>();
  });
});
