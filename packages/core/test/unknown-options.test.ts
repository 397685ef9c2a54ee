import { describe, expect, it } from 'vitest';
import { InvalidOptionError, assertKnownOptions, closestOption } from '../src/index.js';

const KNOWN = new Set(['maxEntries', 'maxBytes', 'defaultTtl', 'policy', 'onEvict']);

describe('unknown options', () => {
  it('names the closest valid option: a part of it, or a typo', () => {
    expect(closestOption('ttl', KNOWN)).toBe('defaultTtl');
    expect(closestOption('maxEntires', KNOWN)).toBe('maxEntries');
    expect(closestOption('polcy', KNOWN)).toBe('policy');
    expect(closestOption('zzzzzzzz', KNOWN)).toBeUndefined();
  });

  it('a name that differs only in case suggests that option, not a shorter one it contains (meterprovider: meterProvider, not meter)', () => {
    expect(closestOption('meterprovider', ['meter', 'meterProvider'])).toBe('meterProvider');
    expect(closestOption('MAXENTRIES', KNOWN)).toBe('maxEntries');
  });

  it('refuses options that are not an object, naming options', () => {
    expect(() => assertKnownOptions(null, KNOWN, 'Thing')).toThrow(/^Thing options must be an object \(got null\); pass e\.g\. \{\}/);
    expect(() => assertKnownOptions('x', KNOWN, 'Thing', 'levels[0].')).toThrow(InvalidOptionError);
  });

  it('refuses the first unknown key with InvalidOptionError naming it, the closest and all options', () => {
    let error: unknown;
    try {
      assertKnownOptions({ maxEntries: 10, ttl: '5m' }, KNOWN, 'MemoryCache');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('ttl');
    expect((error as Error).message).toMatch(/unknown MemoryCache option "ttl" \(did you mean "defaultTtl"\?\); the options are: maxEntries, maxBytes/);
    expect(() => assertKnownOptions({ maxEntries: 10, defaultTtl: 5 }, KNOWN, 'MemoryCache')).not.toThrow();
  });
});
