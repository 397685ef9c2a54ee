/**
 * Regression: some invalid MemoryCache options escaped as a raw TypeError
 * raised while formatting the error message (`policy: 10n` through
 * JSON.stringify, a null-prototype object as `maxEntries` or `seed` through
 * String()), and non-boolean flags were coerced silently (`slidingTtl:
 * 'yes'` turned sliding expiry off; `stats: 'no'` kept stats on).
 */
import { ErrorCode, isCacheError, type InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { MemoryCache, type MemoryCacheOptions } from '../src/index.js';

function refused(options: object): InvalidOptionError {
  try {
    new MemoryCache(options as MemoryCacheOptions<unknown>).close();
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption), String(error)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error(`accepted ${Object.keys(options).join(', ')}`);
}

describe('MemoryCache options that broke the error message or were coerced', () => {
  it('names the option when the value cannot be printed', () => {
    expect(refused({ maxEntries: 10, policy: 10n }).message).toMatch(/^policy must be one of .* \(got 10\)$/);
    expect(refused({ maxEntries: Object.create(null) }).message).toMatch(/^maxEntries must be an integer from 1 to \d+ \(got a object\)$/);
    expect(refused({ maxEntries: 10, seed: Object.create(null) }).option).toBe('seed');
    expect(refused({ maxBytes: Object.create(null) }).option).toBe('maxBytes');
  });

  it('refuses flags that are not booleans instead of reading them as false or true', () => {
    for (const option of ['slidingTtl', 'stats', 'doorkeeper']) {
      for (const value of ['yes', 'no', 1, 0, null]) {
        const error = refused({ maxEntries: 10, [option]: value });
        expect(error.option).toBe(option);
        expect(error.message).toMatch(new RegExp(`^${option} must be true or false \\(got .*\\); pass a boolean$`));
      }
    }
    expect(() => new MemoryCache({ maxEntries: 10, slidingTtl: true, stats: false, doorkeeper: true }).close()).not.toThrow();
  });
});
