import { describe, expect, it } from 'vitest';
import { seededRandom, ZipfGenerator, zipfStream } from '../src/index.js';

const harmonic = (n: number, s: number) => {
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += 1 / k ** s;
  return sum;
};

describe('Zipf generator', () => {
  const n = 10_000;
  const s = 0.99;
  const draws = 200_000;
  const stream = zipfStream(draws, n, s, 99);

  it('draws ranks in [1, n]', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const rank of stream) {
      min = Math.min(min, rank);
      max = Math.max(max, rank);
    }
    expect(min).toBe(1);
    expect(max).toBeLessThanOrEqual(n);
  });

  it('is skewed: the top 1% of keys take about half the requests, as the distribution says', () => {
    const top = stream.filter((rank) => rank <= n / 100).length / draws;
    const expected = harmonic(n / 100, s) / harmonic(n, s);
    expect(expected).toBeGreaterThan(0.5);
    expect(Math.abs(top - expected)).toBeLessThan(0.01);
    const first = stream.filter((rank) => rank === 1).length / draws;
    expect(Math.abs(first - 1 / harmonic(n, s))).toBeLessThan(0.005);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(zipfStream(1000, n, s, 99)).toEqual(stream.slice(0, 1000));
    expect(zipfStream(1000, n, s, 100)).not.toEqual(stream.slice(0, 1000));
  });

  it('handles a single key and rejects bad parameters', () => {
    const one = new ZipfGenerator(1, 0.99, seededRandom(1));
    expect([one.next(), one.next()]).toEqual([1, 1]);
    expect(() => new ZipfGenerator(0, 0.99, seededRandom(1))).toThrow(RangeError);
    expect(() => new ZipfGenerator(10, 0, seededRandom(1))).toThrow(RangeError);
  });
});
