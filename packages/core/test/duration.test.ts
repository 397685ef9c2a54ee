import { describe, expect, it } from 'vitest';
import { parseDuration, InvalidOptionError, InvalidArgumentError, isCacheError, ErrorCode } from '../src/index.js';

describe('parseDuration', () => {
  it.each([
    [250, 250],
    [0, 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5h', 5_400_000],
    [' 2 s ', 2000],
    ['.5s', 500],
  ])('reads %j as %d ms', (input, expected) => {
    expect(parseDuration(input, 'ttl')).toBe(expected);
  });

  it.each([[-1], [Number.NaN], ['-5s'], ['5 parsecs'], ['s'], [''], ['1e3'], [null], [{}], [[1]], [true]])('rejects %j naming the option', (input) => {
    let error: unknown;
    try {
      parseDuration(input, 'defaultTtl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('defaultTtl');
    expect((error as Error).message).toMatch(/^defaultTtl /);
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
  });

  it('rejects Infinity unless allowed', () => {
    expect(() => parseDuration(Infinity, 'ttl')).toThrow(/ttl must be finite/);
    expect(parseDuration(Infinity, 'ttl', { allowInfinity: true })).toBe(Infinity);
  });

  it('rejects zero when asked to', () => {
    expect(() => parseDuration(0, 'ttl', { allowZero: false })).toThrow(/greater than 0/);
    expect(() => parseDuration('0s', 'ttl', { allowZero: false })).toThrow(InvalidOptionError);
  });

  it('throws InvalidArgumentError for arguments', () => {
    expect(() => parseDuration('x', 'ttl', { kind: 'argument' })).toThrow(InvalidArgumentError);
  });
});
