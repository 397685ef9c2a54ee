import { describe, expect, it } from 'vitest';
import { GhostClimber } from '../src/admission/ghost-climber.js';
import { mix, replay } from './policy-replay.js';
import { reuseTrace, scanPollutedTrace, stackTrace } from './traces.js';

/** A window below the boost's threshold (an eighth of the capacity) in the unit tests of the steps. */
const SMALL = 10;

describe('GhostClimber', () => {
  it('a miss on a rejected candidate grows the window, on a main victim shrinks it, on anything else holds', () => {
    const ghosts = new GhostClimber(1000); // depth 31 entries, every key sampled
    ghosts.leftWindow(mix(1, 0));
    ghosts.leftMain(mix(2, 0));
    expect(ghosts.missed(mix(1, 0), SMALL)).toBe(1);
    expect(ghosts.missed(mix(2, 0), SMALL)).toBe(-1);
    expect(ghosts.missed(mix(1, 0), SMALL)).toBe(0); // a ghost hit is used once
    expect(ghosts.missed(mix(3, 0), SMALL)).toBe(0);
  });

  it('forgets what left longer ago than its depth (1/32 of the capacity)', () => {
    const ghosts = new GhostClimber(1600); // depth 50, every key sampled
    for (let id = 0; id < 50; id++) ghosts.leftWindow(mix(id, 0));
    ghosts.leftWindow(mix(50, 0));
    expect(ghosts.missed(mix(0, 0), SMALL)).toBe(0);
    expect(ghosts.missed(mix(1, 0), SMALL)).toBe(1);
    expect(ghosts.missed(mix(50, 0), SMALL)).toBe(1);
  });

  it('samples the keys of a large cache and weighs each sampled hit accordingly', () => {
    const ghosts = new GhostClimber(1_000_000); // depth 31,250; 64 sampled
    let moved = 0;
    let sampled = 0;
    const keys = 20_000;
    for (let id = 0; id < keys; id++) {
      ghosts.leftWindow(mix(id, 7));
      const step = ghosts.missed(mix(id, 7), SMALL);
      if (step !== 0) sampled++;
      moved += step;
    }
    // About 64 / 31,250 of the keys take part, and each stands for 31,250 / 64 entries:
    // the expected movement is one entry per ghost hit, as without sampling.
    expect(sampled).toBeGreaterThan(0);
    expect(sampled).toBeLessThan(keys / 50);
    expect(moved / keys).toBeGreaterThan(0.5);
    expect(moved / keys).toBeLessThan(2);
  });

  it("scales the next period's steps by this period's efficiency (net over gross movement, at least 1/8)", () => {
    const ghosts = new GhostClimber(1000);
    const hits = (grow: number, shrink: number, from: number) => {
      let moved = 0;
      for (let i = 0; i < grow; i++) {
        ghosts.leftWindow(mix(from + i, 0));
        moved += ghosts.missed(mix(from + i, 0), SMALL);
      }
      for (let i = 0; i < shrink; i++) {
        ghosts.leftMain(mix(from + 100 + i, 0));
        moved += ghosts.missed(mix(from + 100 + i, 0), SMALL);
      }
      return moved;
    };
    expect(hits(6, 2, 0)).toBe(4); // unscaled in the first period
    ghosts.endPeriod();
    expect(ghosts.efficiency).toBe(0.5); // |6 − 2| / (6 + 2)
    expect(hits(5, 5, 1000)).toBe(0); // cancels out, at half the speed
    expect(hits(1, 0, 2000)).toBe(0.5);
    ghosts.endPeriod();
    expect(ghosts.efficiency).toBe(1 / 8); // |5 − 5 + 1| / 11, raised to the floor
    ghosts.endPeriod(); // a period without ghost hits keeps the ratio
    expect(ghosts.efficiency).toBe(1 / 8);
    expect(hits(3, 0, 3000)).toBe(3 / 8);
    ghosts.endPeriod(); // one-sided: full speed again
    expect(ghosts.efficiency).toBe(1);
    expect(new GhostClimber(1000, { minimumEfficiency: 1 }).efficiency).toBe(1);
  });

  it('boosts the steps of a window of an eighth of the capacity or more, doubling after each period that moves it the same way, up to 8×', () => {
    const ghosts = new GhostClimber(1000, { boostEfficiency: 0 }); // every key sampled, a step of 1; the efficiency gate is tested below
    let id = 0;
    /** Ghost hits for `grow` window entries (negative: shrink), then the step one more such hit takes in a window of `window` entries. */
    const period = (grow: number, window: number) => {
      const hit = (up: boolean) => {
        const hash = mix(id++, 0);
        if (up) ghosts.leftWindow(hash);
        else ghosts.leftMain(hash);
        return ghosts.missed(hash, window);
      };
      for (let i = 0; i < Math.abs(grow); i++) hit(grow > 0);
      return hit(grow > 0);
    };
    expect(ghosts.boost).toBe(1);
    expect(period(4, 125)).toBe(1);
    ghosts.endPeriod(); // a first period grew: no earlier one to agree with
    expect(ghosts.boost).toBe(1);
    expect(period(4, 125)).toBe(1);
    ghosts.endPeriod();
    expect(ghosts.boost).toBe(2); // two periods in a row grew
    expect(period(4, 125)).toBe(2);
    expect(period(4, 124)).toBe(1); // below an eighth of 1,000 entries: never boosted
    ghosts.endPeriod();
    ghosts.endPeriod(); // no ghost hit: keeps the boost
    expect(ghosts.boost).toBe(4);
    period(4, 500);
    ghosts.endPeriod();
    period(4, 500);
    ghosts.endPeriod();
    expect(ghosts.boost).toBe(8); // the most
    expect(period(-6, 500)).toBe(-8); // a boosted shrink too
    ghosts.endPeriod(); // the net movement changed sign
    expect(ghosts.boost).toBe(1);
    expect(new GhostClimber(1000, { maximumBoost: 1 }).boost).toBe(1);
  });

  // Regression: ungated, the boost undid the damping where the ghosts' net drift is noise (uniform
  // writes over twice the capacity: a random walk at the efficiency floor), and the window's
  // wandering cost set-evict-10k a quarter of its throughput.
  it('does not boost after a period whose movement was less than a quarter net', () => {
    const ghosts = new GhostClimber(1000);
    let id = 0;
    const hit = (up: boolean, window: number) => {
      const hash = mix(id++, 0);
      if (up) ghosts.leftWindow(hash);
      else ghosts.leftMain(hash);
      return ghosts.missed(hash, window);
    };
    /** A period of `up` growing and `down` shrinking ghost hits, in a window of 500 entries. */
    const period = (up: number, down: number) => {
      for (let i = 0; i < up; i++) hit(true, 500);
      for (let i = 0; i < down; i++) hit(false, 500);
      ghosts.endPeriod();
    };
    period(6, 4); // net 2 of 10: efficiency 1/5
    period(6, 4);
    period(6, 4);
    expect(ghosts.boost).toBe(4); // three periods grew
    expect(ghosts.efficiency).toBe(0.2);
    expect(hit(true, 500)).toBe(0.2); // not boosted: the trend is not clear
    period(4, 3); // with the hit above, net 2 of 8: efficiency 1/4
    expect(ghosts.boost).toBe(8);
    expect(hit(true, 500)).toBe(0.25 * 8);
  });
});

describe('the ghost-guided window', () => {
  it('grows on a recency-only trace until it hits as often as LRU', () => {
    for (const reach of [40, 150]) {
      const keys = reuseTrace(100_000, reach, 7);
      const fixed = replay(keys, 250, { adaptive: false });
      const lru = replay(keys, 250, { adaptive: false, initialWindow: 249 / 250 });
      expect(fixed.hitRatio).toBeLessThan(0.05);
      // The window as one LRU must hold the whole reach; split (the default, admission/window-split.ts),
      // the keys already re-read leave first, and less suffices (reach 150: 63 entries instead of 125).
      const single = replay(keys, 250, { splitWindow: false });
      expect(single.window).toBeGreaterThan(0.6 * reach);
      expect(single.hitRatio).toBeGreaterThan(lru.hitRatio - 0.01);
      const split = replay(keys, 250);
      expect(split.window).toBeGreaterThan(0.35 * reach);
      expect(split.hitRatio).toBeGreaterThan(lru.hitRatio - 0.01);
    }
  });

  // Regression: where both ghosts hit (reuse at every distance), the efficiency ratio was 0.3–0.6
  // and the window grew about one entry per 230 requests, so the default stayed 2–3 points below
  // LRU for hundreds of capacities of requests (pnpm bench:hit-ratio --synthetic stack:1500).
  it('reaches LRU soon on reuse at every distance (the stack model), where both ghosts hit', () => {
    const keys = stackTrace(200_000, 500, 3);
    const lru = replay(keys, 500, { adaptive: false, initialWindow: 499 / 500 });
    const unboosted = replay(keys, 500, { ghost: { maximumBoost: 1 } });
    const boosted = replay(keys, 500);
    // Measured: LRU 59.72%, boosted 58.96%, unboosted 57.08%.
    expect(unboosted.hitRatio).toBeLessThan(lru.hitRatio - 0.02);
    expect(boosted.hitRatio).toBeGreaterThan(lru.hitRatio - 0.01);
  });

  // Regression (1,200 keys): on a loop much longer than the cache, main stops admitting
  // (every key ties), so neither ghost ever hits, and a large window stayed where it was
  // (250 of 500 entries, 20.75% against the floor's 40%). An idle window now shrinks.
  it('shrinks to its floor on loops longer than the cache, even where no ghost ever hits', () => {
    for (const length of [700, 1200]) {
      const keys: number[] = [];
      for (let i = 0; i < 200_000; i++) keys.push(i % length);
      const adaptive = replay(keys, 500, { initialWindow: 0.5 });
      const fixed = replay(keys, 500, { initialWindow: 0.5, adaptive: false });
      expect(adaptive.window).toBeLessThanOrEqual(0.02 * 500);
      expect(adaptive.hitRatio).toBeGreaterThan(fixed.hitRatio + 0.05);
    }
  });

  // The window as one LRU (`splitWindow: false`): split, a large window resists the scans itself (fixed
  // at 50%: 44.70% of hits against 41.99%), so the ghosts have less to correct (see the next test).
  it('shrinks when scans pollute a skewed working set, and keeps more hits than the large window', () => {
    const ids = new Map<string, number>();
    const keys = scanPollutedTrace(200_000, 3).map((key) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1));
    // The ghosts alone: with ties always admitted, main evicts at every admission and its ghost hears it.
    // Both ghosts hit here, so the efficiency ratio slows the shrinking: 250 → 109 entries in these
    // 200k requests (→ 5 with steps never scaled: 43.50% of hits against 42.99%; the fixed window 41.99%).
    const adaptive = replay(keys, 500, { initialWindow: 0.5, judgeTies: false, splitWindow: false });
    const fixed = replay(keys, 500, { initialWindow: 0.5, adaptive: false, judgeTies: false, splitWindow: false });
    const unscaled = replay(keys, 500, { initialWindow: 0.5, judgeTies: false, ghost: { minimumEfficiency: 1 }, splitWindow: false });
    expect(unscaled.window).toBeLessThan(0.1 * 500);
    expect(adaptive.window).toBeLessThan(0.25 * 500);
    expect(adaptive.hitRatio).toBeGreaterThan(fixed.hitRatio);
    // With the tie judge (the default), main keeps more of its entries, so main's ghost hears
    // fewer misses and the window shrinks more slowly still (250 → 172 entries; 54–85 over
    // seeds 1–4 with unscaled steps), but it leaves the large window and keeps more hits than it.
    const judged = replay(keys, 500, { initialWindow: 0.5, splitWindow: false });
    const judgedFixed = replay(keys, 500, { initialWindow: 0.5, adaptive: false, splitWindow: false });
    expect(judged.window).toBeLessThan(0.4 * 500);
    expect(judged.hitRatio).toBeGreaterThan(judgedFixed.hitRatio);
  });

  // Regression: on sweeps up and down (LIRS zigzag), the window ghost grew the window at every
  // turn (10 → 40 of 1,000 entries) and main's ghost shrank it before the next: each swing took
  // main's victims at the next misses, 30 residents per sweep (970 hits of 1,000 possible).
  it('damps a window that swings back and forth, and keeps the residents the swings took', () => {
    const keys: number[] = [0];
    for (let s = 0; s < 26; s++) {
      if (s % 2 === 0) for (let k = 1; k < 2001; k++) keys.push(k);
      else for (let k = 1999; k >= 0; k--) keys.push(k);
    }
    for (const capacity of [500, 1000]) {
      // the boost of large windows off on both sides, to see the damping alone
      const damped = replay(keys, capacity, { ghost: { maximumBoost: 1 } });
      const undamped = replay(keys, capacity, { ghost: { minimumEfficiency: 1, maximumBoost: 1 } });
      // Measured: 23.47 / 47.05% against 23.13 / 46.15% (LRU 23.99 / 48.03%); the default, boost on: 23.41 / 47.05%.
      expect(damped.hitRatio).toBeGreaterThan(undamped.hitRatio + 0.003);
      expect(replay(keys, capacity).hitRatio).toBeGreaterThan(undamped.hitRatio + 0.002);
    }
  });

  // Regression: a window of half the cache was one LRU, and each scan flushed the working set out of
  // it (42.31% of hits); split as ARC splits a cache (admission/window-split.ts), the keys read again
  // in it outlive the scan (44.94%; from the default 1% window, adaptive: 45.01% either way).
  it('a split window keeps a skewed working set through scans where one LRU window loses it', () => {
    const ids = new Map<string, number>();
    const keys = scanPollutedTrace(200_000, 3).map((key) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1));
    const split = replay(keys, 500, { initialWindow: 0.5, adaptive: false });
    const single = replay(keys, 500, { initialWindow: 0.5, adaptive: false, splitWindow: false });
    expect(split.hitRatio).toBeGreaterThan(0.44);
    expect(split.hitRatio).toBeGreaterThan(single.hitRatio + 0.015);
  });

  it('never leaves [1% of the capacity, capacity − 1]', () => {
    const loop = Array.from({ length: 50_000 }, (_, i) => i % 300);
    for (const keys of [reuseTrace(50_000, 400, 3), loop]) {
      const { window } = replay(keys, 200, { initialWindow: 0.5 });
      expect(window).toBeGreaterThanOrEqual(2);
      expect(window).toBeLessThanOrEqual(199);
    }
  });
});
