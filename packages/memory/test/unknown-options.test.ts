/**
 * Regression (issue 12): `new MemoryCache({ maxEntries: 10, ttl: '5m' })` was
 * accepted in JavaScript and its entries never expired (the option is
 * `defaultTtl`). Unknown options are refused, naming the closest valid one.
 */
import { InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { MemoryCache, type MemoryCacheOptions } from '../src/index.js';

describe('MemoryCache options', () => {
  it('refuses an unknown option, naming the closest valid one', () => {
    const options = { maxEntries: 10, ttl: '5m' } as unknown as MemoryCacheOptions<unknown>;
    expect(() => new MemoryCache(options)).toThrow(InvalidOptionError);
    expect(() => new MemoryCache(options)).toThrow(/unknown MemoryCache option "ttl" \(did you mean "defaultTtl"\?\)/);
  });
});
