import { describe, expect, it } from 'vitest';
import { assertKey, assertKeys, assertValue, isWellFormed, parseTtl, InvalidArgumentError } from '../src/index.js';

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

  it.each([['a\uD800'], ['a\uDBFF'], ['\uDC00'], ['x\uDFFF\uD800y']])('rejects the ill-formed key %j (UTF-8 would store it as U+FFFD)', (key) => {
    let error: unknown;
    try {
      assertKey(key, 'redis');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('key');
    expect((error as Error).message).toMatch(/^key must be well-formed UTF-16 \(it holds a lone surrogate at index \d+/);
    expect(() => assertKeys(['ok', key])).toThrow(InvalidArgumentError);
  });

  it('names where the lone surrogate is, and accepts whole pairs and U+FFFD itself', () => {
    expect(() => assertKey('ab\uD83D\uDE00c\uD800')).toThrow(/at index 5/);
    expect(() => assertKey('\uD83D\uDE00')).not.toThrow();
    expect(() => assertKey('a\uFFFD')).not.toThrow();
    expect(isWellFormed('a\uD800')).toBe(false);
    expect(isWellFormed('plain')).toBe(true);
  });

  it('answers as String.prototype.isWellFormed at every length, built by concatenation or not, with the lone surrogate anywhere', () => {
    const units = ['a', '\u00e9', '\u4e00', '\uD83D', '\uDE00', '\uD83D\uDE00', '\uFFFD', '\u0000'];
    const native = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
    let seen = 0;
    for (let length = 1; length <= 40; length++) {
      for (let variant = 0; variant < 60; variant++) {
        // built unit by unit (a cons string from 13 units on), and the same text flat
        let built = '';
        for (let i = 0; i < length; i++) built += units[(i * 7 + variant * 13 + (i * variant) % 5) % units.length]!;
        const flat = String.fromCharCode(...Array.from({ length: built.length }, (_, j) => built.charCodeAt(j)));
        expect(isWellFormed(built)).toBe(native(flat));
        expect(isWellFormed(flat)).toBe(native(flat));
        if (!native(flat)) seen++;
      }
    }
    // a high surrogate last is lone whatever the check appends
    expect(isWellFormed('x'.repeat(20) + '\uD83D')).toBe(false);
    expect(isWellFormed('x'.repeat(11) + '\uD83D')).toBe(false);
    expect(seen).toBeGreaterThan(100);
  });
});
