import { describe, expect, it } from 'vitest';
import { errors, isCacheError, ErrorCode, CacheError, ConnectionError, TimeoutError, CapacityError } from '../src/index.js';

describe('errors', () => {
  it('every class carries a stable code and its own name', () => {
    const made = [
      new errors.ConnectionError('x'),
      new errors.TimeoutError('x', 5),
      new errors.SerializationError('x'),
      new errors.InvalidOptionError('opt', 'x'),
      new errors.InvalidArgumentError('arg', 'x'),
      new errors.CapacityError('x', 10, 5),
      new errors.ClosedError('x'),
      new errors.LoaderError('x'),
      new errors.BackendError('x'),
    ];
    expect(new Set(made.map((e) => e.code)).size).toBe(made.length);
    for (const error of made) {
      expect(error).toBeInstanceOf(CacheError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
      expect(Object.values(ErrorCode)).toContain(error.code);
    }
  });

  it('keeps cause and context fields', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new ConnectionError('redis is down', { cause, key: 'k', tier: 'redis' });
    expect(error.cause).toBe(cause);
    expect(error.key).toBe('k');
    expect(error.tier).toBe('redis');
    expect(new TimeoutError('slow', 250).timeoutMs).toBe(250);
    const capacity = new CapacityError('too big', 10, 5);
    expect([capacity.size, capacity.limit]).toEqual([10, 5]);
  });

  it('isCacheError recognises errors from another copy of the package', () => {
    // simulate a duplicate install: an object branded with the same registered symbol
    const foreign = Object.assign(new Error('other copy'), { code: ErrorCode.Timeout });
    Object.defineProperty(foreign, Symbol.for('@cache/core.CacheError'), { value: true });
    expect(isCacheError(foreign)).toBe(true);
    expect(isCacheError(foreign, ErrorCode.Timeout)).toBe(true);
    expect(isCacheError(foreign, ErrorCode.Connection)).toBe(false);
  });

  it('isCacheError rejects look-alikes', () => {
    expect(isCacheError(new Error('x'))).toBe(false);
    expect(isCacheError({ code: ErrorCode.Timeout })).toBe(false);
    expect(isCacheError(null)).toBe(false);
    expect(isCacheError('CACHE_TIMEOUT')).toBe(false);
  });
});
