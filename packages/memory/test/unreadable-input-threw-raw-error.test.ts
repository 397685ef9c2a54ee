/**
 * Regression: input the cache must read but that throws when read (a getter
 * that throws, a Proxy whose traps throw) escaped as the raw error of that
 * getter: from `setMany` reading an entry, and from the default size
 * estimate reading a value under `maxBytes`. Each is now an
 * InvalidArgumentError naming what could not be read, with the original
 * error as `cause`, and nothing is stored.
 */
import { ErrorCode, isCacheError, type CacheError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../src/index.js';

const exploding = () =>
  Object.defineProperty({}, 'payload', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });
const trap = () => {
  throw new Error('trap exploded');
};
const proxy = () => new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });

function thrown(call: () => unknown): CacheError {
  try {
    call();
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
    return error as CacheError;
  }
  throw new Error('expected the call to throw');
}

describe('input that throws when read', () => {
  it('a value the size estimate cannot read (maxBytes): InvalidArgumentError naming value, with the cause', () => {
    const cache = new MemoryCache({ maxBytes: 10_000 });
    cache.set('kept', 1);
    for (const value of [exploding(), proxy()]) {
      const error = thrown(() => cache.set('k', value));
      expect(error.message).toMatch(/^the value of key "k" could not be measured for maxBytes \((getter|trap) exploded\); store plain data, or pass a sizeOf option/);
      expect((error as CacheError & { argument: string }).argument).toBe('value');
      expect((error.cause as Error).message).toMatch(/exploded/);
      expect(thrown(() => cache.setMany([{ key: 'a', value: 1 }, { key: 'k', value }])).key).toBe('k');
    }
    expect([...cache.keys()]).toEqual(['kept']);
  });

  it('a setMany entry that throws when read: InvalidArgumentError naming entries[i]; nothing is written', () => {
    const cache = new MemoryCache({ maxEntries: 10 });
    const unreadable = Object.defineProperty({ value: 1 }, 'key', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    for (const entry of [unreadable, proxy()]) {
      const error = thrown(() => cache.setMany([{ key: 'a', value: 1 }, entry as never]));
      expect(error.message).toMatch(/^entries\[1\] could not be read \((getter|trap) exploded\); pass plain objects/);
    }
    expect(cache.size).toBe(0);
  });
});
