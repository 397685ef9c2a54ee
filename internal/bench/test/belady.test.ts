import { describe, expect, it } from 'vitest';
import { optimalHits, seededRandom } from '../src/index.js';

/** Exhaustive optimum for tiny traces: at each miss, bypass or insert (evicting any cached key). */
function bruteForceHits(requests: readonly number[], size: number): number {
  const memo = new Map<string, number>();
  const best = (i: number, cached: readonly number[]): number => {
    if (i === requests.length) return 0;
    const memoKey = `${i}|${cached.join(',')}`;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    const key = requests[i]!;
    let result: number;
    if (cached.includes(key)) {
      result = 1 + best(i + 1, cached);
    } else {
      result = best(i + 1, cached); // bypass
      if (cached.length < size) result = Math.max(result, best(i + 1, [...cached, key].sort()));
      else for (const victim of cached) result = Math.max(result, best(i + 1, [...cached.filter((k) => k !== victim), key].sort()));
    }
    memo.set(memoKey, result);
    return result;
  };
  return best(0, []);
}

const hits = (requests: readonly number[], size: number) => optimalHits(Int32Array.from(requests), Math.max(0, ...requests) + 1, size);

describe("Belady's optimum", () => {
  it('keeps the keys needed soonest and bypasses a key needed last', () => {
    // size 2, a b c a b: c is needed never, so it is not admitted and a, b both hit.
    expect(hits([0, 1, 2, 0, 1], 2)).toBe(2);
  });

  it('beats demand-paging MIN by one on the textbook reference string (3 frames)', () => {
    const textbook = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];
    // Demand-paging MIN faults 9 times (11 hits). With bypass a page needed
    // later than every cached one is not admitted, which saves one more fault.
    expect(hits(textbook, 3)).toBe(12);
    expect(bruteForceHits(textbook, 3)).toBe(12);
  });

  it('counts every repeat as a hit when everything fits', () => {
    expect(hits([0, 1, 2, 0, 1, 2, 2], 3)).toBe(4);
    expect(hits([0, 1, 2, 0, 1, 2, 2], 10)).toBe(4);
  });

  it('gets no hits with size 0 or an empty trace', () => {
    expect(hits([0, 0, 0], 0)).toBe(0);
    expect(optimalHits(new Int32Array(0), 0, 5)).toBe(0);
  });

  it('beats a scan that defeats LRU: size 2 on a loop of 3 keys', () => {
    // a b c a b c a b c: LRU never hits; the optimum keeps two of them.
    expect(hits([0, 1, 2, 0, 1, 2, 0, 1, 2], 2)).toBe(bruteForceHits([0, 1, 2, 0, 1, 2, 0, 1, 2], 2));
    expect(hits([0, 1, 2, 0, 1, 2, 0, 1, 2], 2)).toBe(4);
  });

  it('equals an exhaustive search on random tiny traces', () => {
    const random = seededRandom(1234);
    for (let round = 0; round < 300; round++) {
      const keys = 2 + random.nextInt(4);
      const length = 1 + random.nextInt(14);
      const size = 1 + random.nextInt(3);
      const requests = Array.from({ length }, () => random.nextInt(keys));
      expect(hits(requests, size), `size ${size}, trace ${requests.join(' ')}`).toBe(bruteForceHits(requests, size));
    }
  });
});
