import { describe, expect, it } from 'vitest';
import { assertKey, assertKeys, assertValue, parseTtl, InvalidArgumentError } from '../src/index.js';

describe('key and value validation', () => {
  it('accepts non-empty string keys', () => {
    expect(() => assertKey('a')).not.toThrow();
    expect(() => assertKeys(['a', 'b'])).not.toThrow();
  });

  it.each([[''], [1], [null], [undefined], [Symbol('s')], [{}]])('rejects the key %s with a typed error', (key) => {
    expect(() => assertKey(key)).toThrow(InvalidArgumentError);
  });

  it('names the key problem and the tier', () => {
    try {
      assertKey(5, 'redis');
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe('key');
      expect((error as InvalidArgumentError).tier).toBe('redis');
      expect((error as Error).message).toContain('String()');
    }
  });

  it('rejects a non-array of keys and any bad key inside', () => {
    expect(() => assertKeys('abc')).toThrow(/array/);
    expect(() => assertKeys(['a', ''])).toThrow(InvalidArgumentError);
  });

  it('undefined is not a value, null is', () => {
    expect(() => assertValue(undefined, 'k')).toThrow(/store null/);
    expect(() => assertValue(null)).not.toThrow();
    expect(() => assertValue(0)).not.toThrow();
  });

  it('parses per-call ttls: positive, Infinity, or unset', () => {
    expect(parseTtl(undefined)).toBeUndefined();
    expect(parseTtl('2s')).toBe(2000);
    expect(parseTtl(Infinity)).toBe(Infinity);
    expect(() => parseTtl(0)).toThrow(InvalidArgumentError);
    expect(() => parseTtl(-3)).toThrow(/ttl must not be negative/);
  });
});
