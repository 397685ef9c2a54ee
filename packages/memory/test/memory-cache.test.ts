import { ClosedError, ErrorCode, InvalidArgumentError, isCacheError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { MemoryCache, POLICIES } from '../src/index.js';

describe('MemoryCache', () => {
  it('has() and peek() count neither hits nor misses', () => {
    const cache = new MemoryCache<number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.has('a');
    cache.has('b');
    cache.peek('a');
    cache.peek('b');
    const s = cache.stats();
    expect(s.hits + s.misses).toBe(0);
  });

  it('iterates live entries', () => {
    const cache = new MemoryCache<number>({ maxEntries: 10, policy: 'lru' });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.delete('b');
    expect([...cache.keys()]).toEqual(['a', 'c']);
    expect([...cache.values()]).toEqual([1, 3]);
    expect([...cache.entries()]).toEqual([['a', 1], ['c', 3]]);
    expect([...cache]).toEqual([['a', 1], ['c', 3]]);
    expect(cache.size).toBe(2);
  });

  it('recycles freed slots', () => {
    for (const policy of POLICIES) {
      const cache = new MemoryCache<number>({ maxEntries: 4, policy });
      for (let round = 0; round < 50; round++) {
        for (let i = 0; i < 4; i++) cache.set(`k${round}-${i}`, i);
        for (let i = 0; i < 4; i++) expect(cache.delete(`k${round}-${i}`)).toBe(true);
      }
      expect(cache.size).toBe(0);
      cache.set('x', 1);
      expect(cache.get('x')).toBe(1);
    }
  });

  it('validates keys on every entry point, and changes nothing', () => {
    const cache = new MemoryCache<number>({ maxEntries: 3 });
    cache.set('ok', 1);
    const bad: unknown[] = ['', 1, null, undefined, {}, Symbol('s')];
    for (const key of bad) {
      for (const call of [
        () => cache.get(key as string),
        () => cache.getEntry(key as string),
        () => cache.peek(key as string),
        () => cache.has(key as string),
        () => cache.delete(key as string),
        () => cache.set(key as string, 1),
        () => cache.getRemainingTtl(key as string),
      ]) {
        expect(call).toThrow(InvalidArgumentError);
      }
    }
    expect(() => cache.getMany('ok' as any)).toThrow(InvalidArgumentError);
    expect(() => cache.deleteMany(['ok', 5 as any])).toThrow(InvalidArgumentError);
    expect(() => cache.setMany({} as any)).toThrow(InvalidArgumentError);
    expect(() => cache.setMany([null as any])).toThrow(InvalidArgumentError);
    expect(cache.get('ok')).toBe(1);
    expect(cache.stats().sets).toBe(1);
  });

  it('throws ClosedError after close, which is idempotent', () => {
    const cache = new MemoryCache<number>({ maxEntries: 3, name: 'l1' });
    cache.set('a', 1);
    cache.close();
    cache.close();
    for (const call of [() => cache.get('a'), () => cache.set('a', 1), () => cache.has('a'), () => cache.delete('a'), () => cache.clear(), () => cache.getMany(['a'])]) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClosedError);
      expect(isCacheError(error, ErrorCode.Closed)).toBe(true);
      expect((error as ClosedError).tier).toBe('l1');
    }
  });

  it('stats: false reports zeros but exact size and memory', () => {
    const cache = new MemoryCache<string>({ maxEntries: 3, stats: false, sizeOf: (v) => v.length });
    cache.set('a', 'xyz');
    cache.get('a');
    cache.get('b');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, sets: 0, size: 1, memoryUsage: 3, hitRatio: 0 });
  });

  it('stats: false counts nothing on any path, through either face, before or after resetStats', () => {
    const clock = new FakeClock();
    const cache = new MemoryCache<number>({ maxEntries: 2, stats: false, defaultTtl: 1000, clock });
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i); // 3 evictions
    cache.setMany([{ key: 'm', value: 1 }]);
    cache.get('m');
    cache.getEntry('nope');
    cache.getMany(['m', 'nope']);
    cache.delete('m');
    clock.advance(2000); // the rest expire
    cache.get('k4');
    cache.resetStats();
    clock.advance(500);
    const nothing = { hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expiredEvictions: 0, errors: 0, hitRatio: 0, uptime: 0 };
    expect(cache.stats()).toMatchObject(nothing);
    expect(cache.asAsync().stats()).toEqual(cache.stats());
  });

  it('clear keeps the counters; resetStats zeroes them', () => {
    const cache = new MemoryCache<number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.get('a');
    cache.clear();
    expect(cache.stats()).toMatchObject({ hits: 1, sets: 1, size: 0 });
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ hits: 0, sets: 0 });
  });

  it('counts evictions in stats', () => {
    const cache = new MemoryCache<number>({ maxEntries: 2 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect(cache.stats()).toMatchObject({ evictions: 8, expiredEvictions: 0, size: 2, sets: 10 });
  });

  it('stores null and falsy values', () => {
    const cache = new MemoryCache<unknown>({ maxEntries: 5 });
    for (const [k, v] of [['null', null], ['zero', 0], ['empty', ''], ['false', false]] as const) {
      cache.set(k, v);
      expect(cache.get(k)).toBe(v);
      expect(cache.has(k)).toBe(true);
    }
  });
});
