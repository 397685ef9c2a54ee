import type { RemovalReason } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../src/index.js';

describe('the eviction listener', () => {
  it('hears every removal with its reason', () => {
    const clock = new FakeClock();
    const events: [string, unknown, RemovalReason][] = [];
    const cache = new MemoryCache<string>({ maxEntries: 2, policy: 'lru', clock, onEvict: (k, v, r) => events.push([k, v, r]) });
    cache.set('a', 'A1');
    cache.set('a', 'A2'); // replaced
    cache.set('a', 'A2'); // same value: not a replacement
    cache.set('b', 'B');
    cache.set('c', 'C'); // evicts a
    cache.delete('b'); // explicit
    cache.set('t', 'T', { ttl: 10 });
    clock.advance(10);
    cache.get('t'); // expired
    cache.set('d', 'D');
    cache.clear(); // cleared: c, d
    expect(events).toEqual([
      ['a', 'A1', 'replaced'],
      ['a', 'A2', 'evicted'],
      ['b', 'B', 'explicit'],
      ['t', 'T', 'expired'],
      ['c', 'C', 'cleared'],
      ['d', 'D', 'cleared'],
    ]);
  });

  it('runs after the operation completes, so it may use the cache', () => {
    const seen: (string | undefined)[] = [];
    const cache: MemoryCache<string> = new MemoryCache<string>({
      maxEntries: 2,
      policy: 'fifo',
      onEvict: (key, value, reason) => {
        seen.push(cache.peek('c'));
        if (reason === 'evicted' && !key.endsWith('-archived')) cache.set(`${key}-archived`, value);
      },
    });
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    expect(seen[0]).toBe('C');
    expect(cache.size).toBeLessThanOrEqual(2);
  });

  it('a throwing listener reaches the caller once the cache is consistent', () => {
    const cache = new MemoryCache<number>({
      maxEntries: 1,
      policy: 'lru',
      onEvict: () => {
        throw new Error('listener failed');
      },
    });
    cache.set('a', 1);
    expect(() => cache.set('b', 2)).toThrow('listener failed');
    expect(cache.get('b')).toBe(2);
    expect(cache.has('a')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('close() drops entries without notifying', () => {
    const events: string[] = [];
    const cache = new MemoryCache<number>({ maxEntries: 5, onEvict: (k) => events.push(k) });
    cache.set('a', 1);
    cache.close();
    expect(events).toEqual([]);
  });
});
