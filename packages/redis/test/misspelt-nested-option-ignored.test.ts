/**
 * Regression: unknown fields inside the nested options were ignored:
 * `compression: { treshold: 10 }` compressed at the default threshold and
 * `circuitBreaker: { failureTreshold: 1 }` kept the default of 5; a nested
 * getter that threw escaped as its raw error. They are now InvalidOptionErrors
 * naming the nested option and the closest valid one.
 */
import { ErrorCode, isCacheError, type InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { RedisCache } from '../src/index.js';
import { redisUrl } from './helpers.js';

function refused(options: object): InvalidOptionError {
  try {
    void new RedisCache({ url: redisUrl(), ...options }).close();
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption), String(error)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('accepted');
}

describe('nested RedisCache options', () => {
  it('refuses a misspelt field of compression or circuitBreaker, naming the closest', () => {
    const compression = refused({ compression: { treshold: 10 } });
    expect(compression.option).toBe('compression.treshold');
    expect(compression.message).toMatch(/^unknown compression option "treshold" \(did you mean "threshold"\?\)/);
    const breaker = refused({ circuitBreaker: { failureTreshold: 1 } });
    expect(breaker.option).toBe('circuitBreaker.failureTreshold');
    expect(breaker.message).toMatch(/\(did you mean "failureThreshold"\?\)/);
  });

  it('reports a nested getter that throws as an InvalidOptionError naming it', () => {
    const compression = Object.defineProperty({}, 'level', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    expect(refused({ compression }).option).toBe('compression.level');
  });
});
