import { describe, expect, it } from 'vitest';
import { SkewedIds } from '../src/skewed-ids.js';

describe('SkewedIds', () => {
  it('draws ids in 1..n, reproducibly from the seed', () => {
    const a = new SkewedIds(50, 0.9, 7);
    const b = new SkewedIds(50, 0.9, 7);
    const drawn = Array.from({ length: 2000 }, () => a.next());
    expect(drawn).toEqual(Array.from({ length: 2000 }, () => b.next()));
    expect(Math.min(...drawn)).toBe(1);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(50);
  });

  it('draws low ids more often, in proportion to 1/k^s', () => {
    const ids = new SkewedIds(100, 1, 1);
    const counts = new Array<number>(101).fill(0);
    for (let i = 0; i < 100_000; i++) counts[ids.next()]!++;
    // P(1)/P(2) = 2 and P(1)/P(10) = 10 for s = 1
    expect(counts[1]! / counts[2]!).toBeGreaterThan(1.8);
    expect(counts[1]! / counts[2]!).toBeLessThan(2.2);
    expect(counts[1]! / counts[10]!).toBeGreaterThan(8.5);
    expect(counts[1]! / counts[10]!).toBeLessThan(11.5);
  });

  it('rejects impossible settings', () => {
    expect(() => new SkewedIds(0, 1, 1)).toThrow(RangeError);
    expect(() => new SkewedIds(10, 0, 1)).toThrow(RangeError);
  });
});
