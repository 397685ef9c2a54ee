import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { ArcCache } from '../src/hit-ratio/arc.js';
import { loadReplayPolicies } from '../src/hit-ratio/policies.js';
import { replayHitRatio, replayHits } from '../src/hit-ratio/replay.js';
import { syntheticTrace } from '../src/index.js';

/** Get, then set on a miss; whether it hit. */
function request(cache: ArcCache, key: string): boolean {
  if (cache.get(key) !== undefined) return true;
  cache.set(key);
  return false;
}

describe('ArcCache (reference ARC for replays)', () => {
  it("follows FAST'03's cases step by step (capacity 2, traced by hand)", () => {
    const arc = new ArcCache(2);
    const steps: [key: string, hit: boolean, target: number][] = [
      ['a', false, 0], // T1 = a
      ['b', false, 0], // T1 = a b
      ['a', true, 0], // T1 = b, T2 = a
      ['c', false, 0], // REPLACE: b → B1; T1 = c
      ['b', false, 1], // B1 hit: p = 0 + max(0/1, 1); REPLACE: T1 = 1 ≤ p, so a → B2; T2 = b
      ['a', false, 0], // B2 hit: p = 1 − max(0/1, 1); REPLACE: c → B1; T2 = b a
      ['c', false, 1], // B1 hit: p = 1; REPLACE: T1 empty, so b → B2; T2 = a c
      ['a', true, 1],
      ['c', true, 1],
    ];
    for (const [key, hit, target] of steps) {
      expect(request(arc, key), key).toBe(hit);
      expect(arc.target, key).toBe(target);
      expect(arc.size).toBeLessThanOrEqual(2);
    }
  });

  it('keeps keys read twice through a scan of keys read once, where LRU loses them', () => {
    const arc = new ArcCache(100);
    const lru = new LRUCache<string, true>({ max: 100 });
    const hot = Array.from({ length: 50 }, (_, i) => `hot:${i}`);
    const scan = Array.from({ length: 300 }, (_, i) => `scan:${i}`);
    const keys = [...hot, ...hot, ...scan, ...hot];
    const trace = { name: 'scan', keys, requests: Int32Array.from(keys, (_, i) => i) };
    // One id per request (replayHits reads keys[requests[i]]); the caches compare keys by value.
    expect(replayHits(trace, arc)).toBe(100); // the second pass over the hot keys, and the third after the scan
    expect(replayHits(trace, lru)).toBe(50); // only the second pass
  });

  it('hits nothing on a loop longer than the cache, as LRU (the README: loop@768 0.00)', () => {
    const trace = syntheticTrace('loop:1011:20000');
    expect(replayHitRatio(trace, 768, (size) => new ArcCache(size)).mean).toBe(0);
  });

  it('is a replay policy named arc, replayed once (it ignores the seed)', async () => {
    const policies = await loadReplayPolicies();
    expect(policies.names).toContain('arc');
    expect(policies.seeded('arc')).toBe(false);
    const factory = policies.factory('arc');
    expect(factory).not.toBe('opt');
    if (factory === 'opt') return;
    const trace = syntheticTrace('zipf:0.9:1000:20000:7');
    const ratio = replayHitRatio(trace, 100, factory);
    expect(ratio.mean).toBeGreaterThan(0);
    expect(ratio.mean).toBe(replayHitRatio(trace, 100, (size) => new ArcCache(size)).mean);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new ArcCache(0)).toThrow(RangeError);
    expect(() => new ArcCache(1.5)).toThrow(/positive integer/);
  });
});
