/**
 * Regression: input the tiered cache reads that throws when read escaped
 * as its raw error: getOrSet options with a throwing getter, a setMany
 * entry that is a Proxy whose traps throw, and a level (in the
 * constructor's `levels`) with a throwing getter or a hostile Proxy. Each is
 * now a typed error naming what could not be read, with the original error
 * as `cause`, and no level is touched. `wrap(notAFunction)` said "wrap needs
 * the function to cache" without naming `fn` or showing what to pass.
 */
import { ErrorCode, isCacheError, type CacheError } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { MultiLevelCache, type MultiLevelCacheOptions } from '../../src/index.js';

const trap = () => {
  throw new Error('trap exploded');
};
const proxy = () => new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
const throwing = (base: object, field: string) =>
  Object.defineProperty({ ...base }, field, {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });

function typed(error: unknown, code: string): CacheError {
  expect(isCacheError(error, code as never), String(error)).toBe(true);
  return error as CacheError;
}

describe('tiered cache input that throws when read', () => {
  it('getOrSet options and setMany entries: InvalidArgumentError with the cause; the loader never runs, no level is written', async () => {
    const l1 = new MemoryCache({ maxEntries: 10 });
    const cache = new MultiLevelCache<number>({ levels: [{ name: 'l1', tier: l1 }] });
    let loads = 0;
    const options = throwing({}, 'hardTimeout');
    const error = typed(await cache.getOrSet('k', () => ++loads, options).catch((e: unknown) => e), ErrorCode.InvalidArgument);
    expect(error.message).toBe('reading the getOrSet option hardTimeout threw (getter exploded); pass a plain value');
    expect((error.cause as Error).message).toBe('getter exploded');
    const batch = typed(await cache.setMany([{ key: 'a', value: 1 }, proxy() as never]).catch((e: unknown) => e), ErrorCode.InvalidArgument);
    expect(batch.message).toBe('entries[1] could not be read (trap exploded); pass plain objects { key, value, ttl? }');
    expect(loads).toBe(0);
    expect(l1.size).toBe(0);
    await cache.close();
  });

  it('a level that throws when read: InvalidOptionError naming it', () => {
    const tier = new MemoryCache({ maxEntries: 10 });
    for (const [level, option] of [
      [throwing({ name: 'l1' }, 'tier'), 'levels[0].tier'],
      [proxy(), 'levels[0].options'],
    ] as const) {
      let error: unknown;
      try {
        new MultiLevelCache({ levels: [level] } as unknown as MultiLevelCacheOptions);
      } catch (e) {
        error = e;
      }
      expect((typed(error, ErrorCode.InvalidOption) as CacheError & { option: string }).option).toBe(option);
    }
    tier.close();
  });

  it('wrap(notAFunction) names fn and shows what to pass', () => {
    const cache = new MultiLevelCache({ levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) }] });
    expect(() => cache.wrap('load' as never, { key: () => 'k' })).toThrow(/^fn must be the function to cache \(got "load"\); pass e\.g\. cache\.wrap\(/);
    void cache.close();
  });
});
