import { describe, expect, it } from 'vitest';
import { replayHitRatio, replayHits, type ReplayCache } from '../src/hit-ratio/replay.js';
import { syntheticTrace } from '../src/index.js';

/** An unbounded cache: every repeat hits. */
const unbounded = (): ReplayCache => new Map<string, true>();

/** A cache that forgets everything on each write with probability depending on the seed. */
function forgetful(seed: number): ReplayCache {
  const map = new Map<string, true>();
  let state = seed;
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      if (state % 7 === 0) map.clear();
      map.set(key, value);
    },
  };
}

describe('replay', () => {
  const trace = syntheticTrace('loop:10:100');

  it('counts get-then-set-on-miss hits', () => {
    expect(replayHits(trace, unbounded())).toBe(90);
    expect(replayHitRatio(trace, 10, unbounded).mean).toBe(0.9);
  });

  it('replays once per seed', () => {
    expect(replayHitRatio(trace, 10, unbounded, 5)).toEqual({ mean: 0.9, min: 0.9, max: 0.9, runs: 5 });
  });

  it('averages a seed-dependent cache over every seed', () => {
    const ratio = replayHitRatio(trace, 10, (_size, seed) => forgetful(seed), 4);
    expect(ratio.runs).toBe(4);
    const each = [1, 2, 3, 4].map((seed) => replayHits(trace, forgetful(seed)) / 100);
    expect(ratio.mean).toBeCloseTo(each.reduce((a, b) => a + b) / 4, 12);
    expect(ratio.min).toBe(Math.min(...each));
    expect(ratio.max).toBe(Math.max(...each));
  });

  it('gives the hit ratio of every stretch, the last one shorter', () => {
    // 100 requests over 10 keys: the first 10 miss, every later one hits.
    const ratio = replayHitRatio(trace, 10, unbounded, 1, 30);
    expect(ratio.stretches).toEqual([20 / 30, 1, 1, 1]);
    expect(ratio.mean).toBe(0.9);
    expect(replayHitRatio(trace, 10, unbounded).stretches).toBeUndefined();
  });

  it('averages each stretch over the seeds', () => {
    const ratio = replayHitRatio(trace, 10, (_size, seed) => forgetful(seed), 3, 25);
    const perSeed = [1, 2, 3].map((seed) => {
      const byStretch = new Float64Array(4);
      replayHits(trace, forgetful(seed), 25, byStretch);
      return byStretch;
    });
    expect(ratio.stretches).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(ratio.stretches![i]).toBeCloseTo((perSeed[0]![i]! + perSeed[1]![i]! + perSeed[2]![i]!) / (3 * 25), 12);
    // the stretches' requests add up to the trace: their weighted mean is the mean
    expect(ratio.stretches!.reduce((a, b) => a + b) / 4).toBeCloseTo(ratio.mean, 12);
  });

  it('uses Belady for opt: on a 10-key loop, 5 slots pin 5 keys for the 9 later passes', () => {
    expect(replayHitRatio(trace, 5, 'opt')).toEqual({ mean: 0.45, min: 0.45, max: 0.45, runs: 1 });
    // no stretches for the optimum, which is computed for the trace as a whole
    expect(replayHitRatio(trace, 5, 'opt', 1, 10)).toEqual({ mean: 0.45, min: 0.45, max: 0.45, runs: 1 });
  });
});
