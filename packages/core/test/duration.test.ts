import { describe, expect, it } from 'vitest';
import { parseDuration, parseTtl, MAX_DURATION, MAX_TIMER_DELAY, InvalidOptionError, InvalidArgumentError, isCacheError, ErrorCode } from '../src/index.js';

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

  it('ttl 1e300 is rejected at the call, naming the option and the bound (Redis refused it only at the server)', () => {
    expect(() => parseTtl(1e300)).toThrow(InvalidArgumentError);
    expect(() => parseTtl(1e300)).toThrow(/^ttl must be at most 4503599627370496 ms \(about 142,7\d\d years\); pass Infinity for "never" \(got 1e\+300\)$/);
    expect(() => parseDuration(MAX_DURATION + 2, 'defaultTtl', { allowInfinity: true })).toThrow(InvalidOptionError);
    expect(() => parseDuration('1e300ms', 'defaultTtl')).toThrow(/is not a duration/);
    expect(() => parseDuration(`${MAX_DURATION / 86_400_000 + 1}d`, 'maxTtl')).toThrow(/^maxTtl must be at most/);
    expect(parseTtl(MAX_DURATION)).toBe(MAX_DURATION);
    expect(Number.isSafeInteger(MAX_DURATION + Date.UTC(2100, 0))).toBe(true);
  });

  it('durations that arm a timer are bounded by what setTimeout can wait', () => {
    expect(parseDuration(MAX_TIMER_DELAY, 'commandTimeout', { max: MAX_TIMER_DELAY })).toBe(MAX_TIMER_DELAY);
    let error: unknown;
    try {
      parseDuration('30d', 'commandTimeout', { max: MAX_TIMER_DELAY });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('commandTimeout');
    expect((error as Error).message).toBe('commandTimeout must be at most 2147483647 ms (about 24.9 days) (got "30d")');
  });
});
