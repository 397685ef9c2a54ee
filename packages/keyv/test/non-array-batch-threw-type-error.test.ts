/**
 * Regression: the adapter's own batch methods trusted their input:
 * `setMany('x')` / `hasMany(null)` threw `TypeError: entries.map is not a
 * function`, `setMany([null])` a destructuring TypeError, a Proxy entry its
 * trap's error, a Symbol namespace `Cannot convert a Symbol value to a
 * string` from `clear()`, and a Proxy passed as the tier its trap's error.
 * Each is now an InvalidArgumentError naming the argument, and nothing is
 * written.
 */
import { ErrorCode, isCacheError, type InvalidArgumentError } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { KeyvCacheStore } from '../src/index.js';

const trap = () => {
  throw new Error('trap exploded');
};
const proxy = () => new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });

async function rejected(call: () => Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
  return error as InvalidArgumentError;
}

describe('KeyvCacheStore batch input that is not what Keyv passes', () => {
  it('setMany, hasMany and clear refuse it with InvalidArgumentError; nothing is written', async () => {
    const tier = new MemoryCache({ maxEntries: 10 });
    const store = new KeyvCacheStore(tier);
    expect((await rejected(() => store.setMany('x' as never))).argument).toBe('entries');
    expect((await rejected(() => store.setMany([{ key: 'keyv:a', value: 1 }, null as never]))).message).toMatch(/^entries\[1\] must be an object/);
    expect((await rejected(() => store.setMany([proxy() as never]))).message).toBe('entries[0] could not be read (trap exploded); pass plain objects { key, value, ttl? }');
    expect((await rejected(() => store.hasMany(null as never))).argument).toBe('keys');
    store.namespace = Symbol('ns') as never;
    expect((await rejected(() => store.clear())).argument).toBe('namespace');
    expect(tier.size).toBe(0);
    tier.close();
  });

  it('a Proxy as the tier: InvalidArgumentError naming tier', () => {
    let error: unknown;
    try {
      new KeyvCacheStore(proxy() as never);
    } catch (e) {
      error = e;
    }
    expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('tier');
  });
});
