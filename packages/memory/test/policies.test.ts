import { FakeClock } from '@cache/core/testing';
import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { MemoryCache, POLICIES, replay, type PolicyName } from '../src/index.js';
import { scanPollutedTrace, zipfTrace } from './traces.js';

function evictionsOf(policy: PolicyName, maxEntries: number, run: (cache: MemoryCache<number>, clock: FakeClock) => void): string[] {
  const evicted: string[] = [];
  const clock = new FakeClock();
  const cache = new MemoryCache<number>({ maxEntries, policy, clock, seed: 1, onEvict: (k, _v, r) => r === 'evicted' && evicted.push(k) });
  run(cache, clock);
  return evicted;
}

describe('policies', () => {
  it('lru evicts the least recently used; peek and has do not refresh', () => {
    const evicted = evictionsOf('lru', 3, (cache) => {
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
      cache.get('a');
      cache.peek('b');
      cache.has('b');
      cache.set('d', 4); // evicts b
      cache.set('c', 33); // refreshes c
      cache.set('e', 5); // evicts a
    });
    expect(evicted).toEqual(['b', 'a']);
  });

  it('fifo evicts in write order whatever is read', () => {
    const evicted = evictionsOf('fifo', 3, (cache) => {
      for (const k of ['a', 'b', 'c']) cache.set(k, 1);
      cache.get('a');
      cache.set('a', 2);
      cache.set('d', 4);
      cache.set('e', 5);
    });
    expect(evicted).toEqual(['a', 'b']);
  });

  it('lfu keeps the hot keys and evicts the least used (oldest among ties)', () => {
    const evicted = evictionsOf('lfu', 3, (cache) => {
      for (const k of ['hot', 'warm', 'cold']) cache.set(k, 1);
      for (let i = 0; i < 5; i++) cache.get('hot');
      cache.get('warm');
      cache.set('new1', 1); // evicts cold (1 access)
      cache.set('new2', 1); // evicts new1 (1 access, older than nothing else at 1)
      for (let i = 0; i < 100; i++) cache.set(`scan${i}`, i);
    });
    expect(evicted.slice(0, 2)).toEqual(['cold', 'new1']);
    expect(evicted).not.toContain('hot');
    expect(evicted).not.toContain('warm');
  });

  it('lfu ages: popularity from long ago fades', () => {
    const evicted: string[] = [];
    const cache = new MemoryCache<number>({ maxEntries: 10, policy: 'lfu', onEvict: (k) => evicted.push(k) });
    cache.set('old-hot', 0);
    for (let i = 0; i < 200; i++) cache.get('old-hot');
    // a new working set of 8 keys read over a long period, and one-off keys passing through
    for (let i = 0; i < 2000; i++) {
      for (let k = 0; k < 8; k++) if (cache.get(`new${k}`) === undefined) cache.set(`new${k}`, k);
      cache.set(`cold${i}`, i);
    }
    expect(evicted).toContain('old-hot');
    for (let k = 0; k < 8; k++) expect(cache.has(`new${k}`)).toBe(true);
  });

  it('ttl evicts the entry that expires soonest; entries without a ttl go last', () => {
    const evicted = evictionsOf('ttl', 4, (cache) => {
      cache.set('none1', 0);
      cache.set('late', 1, { ttl: '2h' });
      cache.set('soon', 2, { ttl: '10s' });
      cache.set('mid', 3, { ttl: '5m' });
      cache.set('x', 4, { ttl: '1d' }); // evicts soon
      cache.set('y', 5, { ttl: '3d' }); // evicts mid
      cache.set('z', 6); // evicts late
      cache.set('w', 7); // evicts x
    });
    expect(evicted).toEqual(['soon', 'mid', 'late', 'x']);
    const untimed = evictionsOf('ttl', 2, (cache) => {
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
    });
    expect(untimed).toEqual(['a']);
  });

  it('random evicts a reproducible pseudo-random entry for a given seed', () => {
    const run = () =>
      evictionsOf('random', 10, (cache) => {
        for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
      });
    const first = run();
    expect(first).toHaveLength(90);
    expect(run()).toEqual(first);
    expect(first.slice(0, 10)).not.toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`));
  });

  it('sieve keeps visited entries past the hand and evicts unvisited ones', () => {
    const evicted = evictionsOf('sieve', 3, (cache) => {
      for (const k of ['a', 'b', 'c']) cache.set(k, 1);
      cache.get('a');
      cache.set('d', 1); // a visited: skip (clear bit), evict b
      cache.set('e', 1); // hand at c: evict c
    });
    expect(evicted).toEqual(['b', 'c']);
  });

  it('s3-fifo sends one-hit wonders out through the small queue and keeps re-read entries', () => {
    const evicted = evictionsOf('s3-fifo', 10, (cache) => {
      for (let i = 0; i < 10; i++) cache.set(`hot${i}`, i);
      for (let i = 0; i < 10; i++) cache.get(`hot${i}`);
      for (let i = 0; i < 200; i++) cache.set(`scan${i}`, i);
    });
    expect(evicted.filter((k) => k.startsWith('hot')).length).toBeLessThanOrEqual(1);
  });

  it('w-tinylfu does not let a scan flush frequently used entries', () => {
    const cache = new MemoryCache<number>({ maxEntries: 100, policy: 'w-tinylfu', seed: 1 });
    for (let round = 0; round < 20; round++) for (let i = 0; i < 50; i++) if (cache.get(`hot${i}`) === undefined) cache.set(`hot${i}`, i);
    for (let i = 0; i < 1000; i++) cache.set(`scan${i}`, i);
    let kept = 0;
    for (let i = 0; i < 50; i++) if (cache.has(`hot${i}`)) kept++;
    expect(kept).toBeGreaterThanOrEqual(48);
  });

  for (const policy of ['sieve', 's3-fifo', 'w-tinylfu'] as const) {
    it(`${policy} beats lru on a scan-polluted trace`, () => {
      const trace = scanPollutedTrace(60_000, 7);
      const lru = replay(trace, { capacity: 500, policy: 'lru' }).hitRatio;
      const other = replay(trace, { capacity: 500, policy }).hitRatio;
      expect(other).toBeGreaterThan(lru + 0.02);
    });
  }

  it('the lru policy has exactly lru-cache’s hit ratio on a Zipf trace', () => {
    const trace = zipfTrace(100_000, 20_000, 0.9, 11);
    for (const capacity of [100, 1000, 5000]) {
      const ours = replay(trace, { capacity, policy: 'lru' });
      const peer = new LRUCache<string, boolean>({ max: capacity });
      let hits = 0;
      for (const key of trace) {
        if (peer.get(key) === undefined) peer.set(key, true);
        else hits++;
      }
      expect(ours.hits).toBe(hits);
    }
  });

  it('every policy beats nothing on a skewed trace (a sanity floor)', () => {
    const trace = zipfTrace(50_000, 10_000, 1.0, 3);
    for (const policy of POLICIES) {
      expect(replay(trace, { capacity: 500, policy }).hitRatio, policy).toBeGreaterThan(0.3);
    }
  });
});
