import { FakeClock } from '@cache/core/testing';
import type { RemovalReason } from '@cache/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryCache, POLICIES } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup(options: { slidingTtl?: boolean; defaultTtl?: number; policy?: (typeof POLICIES)[number] } = {}) {
  const clock = new FakeClock();
  const removed: [string, unknown, RemovalReason][] = [];
  const cache = new MemoryCache<unknown>({ maxEntries: 100, clock, onEvict: (k, v, r) => removed.push([k, v, r]), ...options });
  return { clock, cache, removed };
}

describe('ttl', () => {
  for (const policy of POLICIES) {
    it(`${policy}: an expired entry is never returned, by any read`, () => {
      const { clock, cache } = setup({ policy });
      cache.set('k', 'v', { ttl: 1000 });
      cache.set('forever', 'f');
      clock.advance(999);
      expect(cache.get('k')).toBe('v');
      clock.advance(1);
      expect(cache.peek('k')).toBeUndefined();
      expect(cache.getRemainingTtl('k')).toBeUndefined();
      expect([...cache.keys()]).toEqual(['forever']);
      expect([...cache.entries()]).toEqual([['forever', 'f']]);
      expect(cache.getEntry('k')).toBeUndefined();
      expect(cache.get('k')).toBeUndefined();
      expect(cache.has('k')).toBe(false);
      expect(cache.getMany(['k', 'forever'])).toEqual([undefined, 'f']);
    });
  }

  it('applies defaultTtl, per-entry ttl overrides it, Infinity never expires', () => {
    const { clock, cache } = setup({ defaultTtl: 1000 });
    cache.set('default', 1);
    cache.set('longer', 2, { ttl: '5s' });
    cache.set('never', 3, { ttl: Infinity });
    expect(cache.getRemainingTtl('default')).toBe(1000);
    expect(cache.getRemainingTtl('never')).toBe(Infinity);
    clock.advance(1000);
    expect(cache.get('default')).toBeUndefined();
    expect(cache.get('longer')).toBe(2);
    clock.advance(10_000_000);
    expect(cache.get('longer')).toBeUndefined();
    expect(cache.get('never')).toBe(3);
  });

  it('getEntry reports the remaining ttl for promotion', () => {
    const { clock, cache } = setup();
    cache.set('k', 'v', { ttl: 10_000 });
    clock.advance(4000);
    expect(cache.getEntry('k')).toEqual({ value: 'v', remainingTtl: 6000 });
  });

  it('reclaims expired entries proactively: purgeExpired, and the single background timer', () => {
    vi.useFakeTimers();
    const { clock, cache, removed } = setup();
    for (let i = 0; i < 10; i++) cache.set(`short${i}`, i, { ttl: 1500 });
    cache.set('long', 'L', { ttl: 3_600_000 });
    cache.set('plain', 'P');
    expect(vi.getTimerCount()).toBe(1);
    clock.advance(3000);
    expect(cache.purgeExpired()).toBe(10);
    expect(cache.size).toBe(2);
    expect(removed.map(([, , r]) => r)).toEqual(Array(10).fill('expired'));
    expect(removed.map(([k]) => k).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `short${i}`).sort());

    cache.set('again', 1, { ttl: 500 });
    clock.advance(3000);
    vi.advanceTimersByTime(1000);
    expect(removed.at(-1)).toEqual(['again', 1, 'expired']);
    expect(cache.size).toBe(2);

    clock.advance(3_600_000 + 70_000);
    vi.advanceTimersByTime(1000);
    expect(removed.at(-1)).toEqual(['long', 'L', 'expired']);
    // nothing left with a TTL: the timer stops
    expect(vi.getTimerCount()).toBe(0);
    const stats = cache.stats();
    expect(stats.expiredEvictions).toBe(12);
    expect(stats.evictions).toBe(12);
  });

  it('the background timer never keeps the process alive and close() clears it', () => {
    const { cache } = setup();
    const spy = vi.spyOn(globalThis, 'setInterval');
    cache.set('k', 1, { ttl: 60_000 });
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    const clear = vi.spyOn(globalThis, 'clearInterval');
    cache.close();
    expect(clear).toHaveBeenCalledWith(timer);
    clear.mockRestore();
  });

  it('no timer runs without TTLs', () => {
    vi.useFakeTimers();
    const { cache } = setup();
    cache.set('a', 1);
    cache.get('a');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reclaims on writes too, without waiting for the timer', () => {
    const { clock, cache, removed } = setup();
    cache.set('old', 1, { ttl: 100 });
    clock.advance(5000);
    cache.set('new', 2);
    expect(removed).toEqual([['old', 1, 'expired']]);
  });

  it('sliding expiry: each read hit restarts the ttl', () => {
    const { clock, cache } = setup({ slidingTtl: true });
    cache.set('k', 'v', { ttl: 1000 });
    for (let i = 0; i < 5; i++) {
      clock.advance(800);
      expect(cache.get('k')).toBe('v');
    }
    expect(cache.getRemainingTtl('k')).toBe(1000);
    clock.advance(600);
    expect(cache.peek('k')).toBe('v');
    clock.advance(600);
    expect(cache.get('k')).toBeUndefined();
  });

  it('sliding expiry survives reclamation passes', () => {
    const { clock, cache } = setup({ slidingTtl: true });
    cache.set('k', 'v', { ttl: 2000 });
    for (let i = 0; i < 20; i++) {
      clock.advance(1500);
      cache.purgeExpired();
      expect(cache.get('k')).toBe('v');
    }
  });

  it('without sliding expiry reads do not extend the ttl', () => {
    const { clock, cache } = setup();
    cache.set('k', 'v', { ttl: 1000 });
    clock.advance(800);
    cache.get('k');
    clock.advance(300);
    expect(cache.get('k')).toBeUndefined();
  });

  it('overwriting an expired entry reports the old one as expired', () => {
    const { clock, cache, removed } = setup();
    cache.set('k', 'old', { ttl: 100 });
    clock.advance(200);
    cache.set('k', 'new');
    expect(removed).toEqual([['k', 'old', 'expired']]);
    expect(cache.get('k')).toBe('new');
  });

  it('deleting an expired entry reports false', () => {
    const { clock, cache } = setup();
    cache.set('k', 'v', { ttl: 100 });
    clock.advance(100);
    expect(cache.delete('k')).toBe(false);
    expect(cache.stats().deletes).toBe(0);
  });

  it('reclaims entries scheduled far out (every wheel level)', () => {
    const { clock, cache } = setup();
    const ttls = [500, 30_000, 20 * 60_000, 10 * 3_600_000, 3 * 86_400_000, 30 * 86_400_000];
    ttls.forEach((ttl, i) => cache.set(`k${i}`, i, { ttl }));
    let now = 0;
    for (const [i, ttl] of ttls.entries()) {
      clock.advance(ttl - now + 1);
      now = ttl + 1;
      expect(cache.has(`k${i}`)).toBe(false);
      if (i + 1 < ttls.length) expect(cache.peek(`k${i + 1}`)).toBe(i + 1);
    }
    // step through a month in hours: everything is reclaimed proactively
    const { clock: c2, cache: c2cache, removed } = setup();
    ttls.forEach((ttl, i) => c2cache.set(`k${i}`, i, { ttl }));
    for (let h = 0; h < 24 * 31; h++) {
      c2.advance(3_600_000);
      c2cache.purgeExpired();
    }
    expect(c2cache.size).toBe(0);
    expect(removed.length).toBe(ttls.length);
  });
});
