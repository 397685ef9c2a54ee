/**
 * Regression: a misspelt per-call option was ignored. `set('k', v, { tll:
 * 5000 })` stored the entry with the default TTL (forever, without a
 * `defaultTtl`) and said nothing. Core's `assertCallOptions` (which `ttlOf`
 * runs) now refuses any name the method does not take.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidArgumentError, SET_OPTIONS, assertCallOptions, callOptionNames, ttlOf, type SetOptions } from '../src/index.js';
import { MapTier } from '../src/testing/index.js';

function thrown(call: () => unknown): InvalidArgumentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected the call to throw');
}

describe('per-call options with a name the method does not take', () => {
  it('are refused naming the method, the option and the closest valid one', () => {
    const error = thrown(() => ttlOf({ tll: 5000 }));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.argument).toBe('tll');
    expect(error.message).toBe("set(): unknown option 'tll' — did you mean 'ttl'? The options of set() are: ttl");
    expect(thrown(() => ttlOf({ ttl: 5, TTL: 5 }, 'setMany')).message).toMatch(/^setMany\(\): unknown option 'TTL' — did you mean 'ttl'\?/);
  });

  it('without a close name, list what the method takes', () => {
    const names = callOptionNames<{ ttl?: number; grace?: number }>({ ttl: true, grace: true });
    expect(thrown(() => assertCallOptions({ ttl: 1, expiresIn: 5 }, names, 'set')).message).toBe("set(): unknown option 'expiresIn'; use only the options of set(): ttl, grace");
  });

  it('checks inherited enumerable names too (a read of options.ttl would see them), and odd names safely', () => {
    expect(thrown(() => ttlOf(Object.create({ tll: 5 }) as object)).argument).toBe('tll');
    const own = Object.defineProperty({}, '__proto__', { value: 5, enumerable: true });
    expect(thrown(() => ttlOf(own)).argument).toBe('__proto__');
    expect(thrown(() => ttlOf({ 'a\nb': 1 })).message).toMatch(/unknown option "a\\nb"/);
  });

  it('a name some library added to Object.prototype is not the caller\'s option: calls still work (but not an own one of that name)', () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = true; // enumerable, as a careless assignment makes it
    try {
      expect(ttlOf({ ttl: 5 })).toBe(5);
      expect(thrown(() => ttlOf({ ttl: 5, polluted: 1 })).argument).toBe('polluted');
    } finally {
      delete prototype.polluted;
    }
  });

  it('options that cannot be listed are refused naming options, with the cause', () => {
    const error = thrown(() => assertCallOptions(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }), SET_OPTIONS, 'set'));
    expect(error.argument).toBe('options');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('known names, empty objects and non-enumerable extras pass; no value is read', () => {
    let reads = 0;
    const counting = Object.defineProperty({}, 'ttl', {
      enumerable: true,
      get: () => {
        reads++;
        return 5;
      },
    });
    assertCallOptions(counting, SET_OPTIONS, 'set');
    expect(reads).toBe(0);
    expect(ttlOf({})).toBeUndefined();
    expect(ttlOf(Object.defineProperty({ ttl: 5 }, 'hidden', { value: 1 }))).toBe(5);
    expect(ttlOf(Object.assign(Object.create(null), { ttl: '1s' }) as SetOptions)).toBe(1000);
  });

  it('the reference tier refuses them on set and setMany and changes nothing', async () => {
    const tier = new MapTier();
    await tier.set('k', 'v');
    await expect(tier.set('k', 'new', { tll: 5000 } as SetOptions)).rejects.toThrow(/^set\(\): unknown option 'tll'/);
    await expect(tier.setMany([{ key: 'k', value: 'new' }], { tll: 5000 } as SetOptions)).rejects.toThrow(/^setMany\(\): unknown option 'tll'/);
    expect(await tier.get('k')).toBe('v');
    expect(tier.stats().sets).toBe(1);
  });
});
