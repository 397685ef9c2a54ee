/**
 * Regression: the otel entry points did not check their options: a misspelt
 * `meterprovider` or `tracerprovider` was ignored (metrics and spans then
 * went to the global no-op provider, silently), `recordOperationDurations(null)`
 * threw "Cannot read properties of null", and a `meter: {}` or
 * `tracerProvider: 42` failed inside with a raw TypeError. Each is now an
 * InvalidOptionError naming the option.
 */
import { ErrorCode, isCacheError, type InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { observeCacheMetrics, recordOperationDurations, traceCaches } from '../src/index.js';

function refused(call: () => unknown): InvalidOptionError {
  try {
    call();
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption), String(error)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('accepted');
}

describe('otel options', () => {
  it('a misspelt option is refused, naming the closest', () => {
    expect(refused(() => recordOperationDurations({ meterprovider: {} } as never)).message).toMatch(/did you mean "meterProvider"/);
    expect(refused(() => observeCacheMetrics(() => [], { onerror: () => {} } as never)).option).toBe('onerror');
    expect(refused(() => traceCaches({ tracerprovider: {} } as never)).message).toMatch(/did you mean "tracerProvider"/);
  });

  it('options of the wrong kind are refused before anything is registered', () => {
    expect(refused(() => recordOperationDurations(null as never)).option).toBe('options');
    expect(refused(() => observeCacheMetrics(() => [], { meter: {} as never })).option).toBe('meter');
    expect(refused(() => recordOperationDurations({ meterProvider: 42 as never })).option).toBe('meterProvider');
    expect(refused(() => traceCaches({ tracerProvider: 42 as never })).option).toBe('tracerProvider');
    expect(refused(() => traceCaches({ tracer: {} as never })).option).toBe('tracer');
  });
});
