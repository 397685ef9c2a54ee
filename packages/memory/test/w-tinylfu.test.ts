import { describe, expect, it } from 'vitest';
import { FrequencySketch } from '../src/admission/frequency-sketch.js';
import { hashKey } from '../src/hash.js';
import { MemoryCache } from '../src/index.js';
import { replayPolicy } from './policy-replay.js';
import { reuseTrace, zipfTrace } from './traces.js';

describe('FrequencySketch', () => {
  it('estimates counts up to 15 and halves them', () => {
    const sketch = new FrequencySketch(1000);
    const hot = hashKey('hot', 1);
    const cold = hashKey('cold', 1);
    sketch.add(hot, 9);
    sketch.add(cold, 1);
    expect(sketch.frequency(hot)).toBe(9);
    expect(sketch.frequency(cold)).toBe(1);
    sketch.add(hot, 100);
    expect(sketch.frequency(hot)).toBe(15);
    sketch.halve();
    expect(sketch.frequency(hot)).toBe(7);
    expect(sketch.frequency(cold)).toBe(0);
    expect(sketch.frequency(hashKey('never', 1))).toBe(0);
  });

  it('a mid-size sketch at the default policy\'s 5 counters per entry estimates most unseen keys at 0 (collisions decided admissions at 25k entries)', () => {
    // Before the 128 KiB floor, 25,000 entries got 5 counters each: after
    // 50,000 distinct keys, 43% of never-seen keys were estimated at 1 or
    // more (19% with the floor's 8 per entry), and ARC P6 at 25,000 entries
    // lost 0.9 points of hit ratio.
    const sketch = new FrequencySketch(25_000, false, 5);
    for (let i = 0; i < 50_000; i++) sketch.add(hashKey(`seen-${i}`, 7), 1);
    let misjudged = 0;
    for (let i = 0; i < 10_000; i++) if (sketch.frequency(hashKey(`unseen-${i}`, 7)) > 0) misjudged++;
    expect(misjudged).toBeLessThan(2_500);
  });

  it('with a doorkeeper, a first sighting only enters the doorkeeper', () => {
    const sketch = new FrequencySketch(1000, true);
    const key = hashKey('k', 3);
    sketch.add(key, 1);
    expect(sketch.frequency(key)).toBe(1);
    sketch.add(key, 1);
    expect(sketch.frequency(key)).toBe(2);
    sketch.halve();
    expect(sketch.frequency(key)).toBe(0);
  });
});

/** Replays `keys` through the bare policy and reports the window size at the end. */
function finalWindow(keys: string[], capacity: number): number {
  return replayPolicy(keys, capacity, (key) => hashKey(key, 1)).window;
}

describe('the adaptive window', () => {
  it('grows when recency pays (every key read again 1..150 requests later)', () => {
    const keys = reuseTrace(200_000, 150, 5).map((id) => `k${id}`);
    expect(finalWindow(keys, 500)).toBeGreaterThan(50);
  });

  it('stays small when frequency pays (a loop larger than the cache)', () => {
    const keys: string[] = [];
    for (let i = 0; i < 200_000; i++) keys.push(`k${i % 700}`);
    expect(finalWindow(keys, 500)).toBeLessThan(50);
  });

  it('the doorkeeper option keeps hit ratios sane', () => {
    const trace = zipfTrace(50_000, 10_000, 0.9, 5);
    const cache = new MemoryCache<boolean>({ maxEntries: 500, doorkeeper: true, seed: 2 });
    for (const key of trace) if (cache.get(key) === undefined) cache.set(key, true);
    expect(cache.stats().hitRatio).toBeGreaterThan(0.3);
  });
});
