import { describe, expect, it } from 'vitest';
import { TieJudge } from '../src/admission/tie-judge.js';
import { MemoryCache } from '../src/index.js';
import { mix, replay } from './policy-replay.js';
import { scanPollutedTrace, zipfTrace } from './traces.js';

/** LIRS's zigzag: sweeps up and down over `keys` keys (0, 1, …, n − 1, n − 2, …, 0, 1, …). */
function zigzag(keys: number, sweeps: number): number[] {
  const out: number[] = [0];
  for (let s = 0; s < sweeps; s++) {
    if (s % 2 === 0) for (let k = 1; k < keys; k++) out.push(k);
    else for (let k = keys - 2; k >= 0; k--) out.push(k);
  }
  return out;
}

describe('TieJudge', () => {
  it('admits ties until a trial says otherwise', () => {
    const judge = new TieJudge(1000);
    expect(judge.admitsTies).toBe(true);
    expect(judge.score).toBe(0);
  });

  it('starts from the verdict it is given, and says which slots it holds on trial', () => {
    // The stale judge of policy/w-tinylfu.ts starts below 0: it rejects until trials say otherwise.
    const judge = new TieJudge(1000, -1);
    expect(judge.admitsTies).toBe(false);
    expect(judge.admits()).toBe(false);
    expect(judge.startTrial(7, mix(1, 0), false)).toBe(true);
    expect(judge.holds(7)).toBe(true);
    expect(judge.holds(8)).toBe(false);
    // the rejected candidate came back before the kept victim was hit: rejecting lost a hit
    expect(judge.missed(mix(1, 0))).toBe(7);
    expect(judge.holds(7)).toBe(false);
    expect(judge.score).toBeGreaterThanOrEqual(0);
    expect(judge.admitsTies).toBe(true);
  });

  it('an admitted tie whose evicted victim is requested first counts against admitting', () => {
    const judge = new TieJudge(1000);
    expect(judge.startTrial(7, mix(1, 0), true)).toBe(true);
    expect(judge.missed(mix(1, 0))).toBe(7); // the victim came back before the candidate was hit
    expect(judge.score).toBe(-1);
    expect(judge.admitsTies).toBe(false);
    expect(judge.open).toBe(0);
    judge.hit(7); // the trial is over: a later hit does not count
    expect(judge.score).toBe(-1);
  });

  it('an admitted tie whose candidate is hit first counts for admitting', () => {
    const judge = new TieJudge(1000);
    judge.startTrial(7, mix(1, 0), true);
    judge.hit(7);
    expect(judge.score).toBe(1);
    expect(judge.missed(mix(1, 0))).toBe(-1); // over: the victim's return no longer counts
    expect(judge.score).toBe(1);
  });

  it('a rejected tie counts for admitting when the candidate returns first, against when the kept victim is hit first', () => {
    const judge = new TieJudge(1000);
    judge.startTrial(3, mix(10, 0), false);
    judge.startTrial(4, mix(11, 0), false);
    expect(judge.missed(mix(10, 0))).toBe(3);
    expect(judge.score).toBe(1);
    judge.hit(4);
    expect(judge.score).toBeCloseTo(1 - 1 / 64 - 1, 10);
  });

  it('a trial whose kept entry leaves first counts nothing but ages the verdict', () => {
    const judge = new TieJudge(1000);
    judge.startTrial(1, mix(1, 0), false);
    judge.missed(mix(1, 0));
    judge.startTrial(2, mix(2, 0), true);
    judge.left(2);
    expect(judge.score).toBeCloseTo(1 - 1 / 64, 10);
    expect(judge.open).toBe(0);
    expect(judge.missed(mix(2, 0))).toBe(-1);
  });

  it('keeps at most 256 trials open, one per slot and per left-out key', () => {
    const judge = new TieJudge(1000);
    expect(judge.startTrial(1, mix(1, 0), true)).toBe(true);
    expect(judge.startTrial(1, mix(2, 0), true)).toBe(false);
    expect(judge.startTrial(2, mix(1, 0), false)).toBe(false);
    for (let i = 2; i < 300; i++) judge.startTrial(i, mix(i, 0), true);
    expect(judge.open).toBe(256);
    judge.clear();
    expect(judge.open).toBe(0);
    expect(judge.missed(mix(1, 0))).toBe(-1);
  });

  it('an admitting verdict covers an eighth of the capacity in ties, until a trial ends with a hit', () => {
    const judge = new TieJudge(1000);
    for (let i = 0; i < 125; i++) expect(judge.admits()).toBe(true);
    expect(judge.admits()).toBe(false); // spent: rejected, as a negative verdict would
    expect(judge.admitsTies).toBe(false);
    expect(judge.score).toBe(0);
    judge.startTrial(7, mix(1, 0), false);
    judge.startTrial(8, mix(2, 0), true);
    judge.left(8); // ends with nothing: no fresh evidence
    expect(judge.admits()).toBe(false);
    expect(judge.missed(mix(1, 0))).toBe(7); // the rejected candidate came back: admitting would have hit
    expect(judge.admitsTies).toBe(true);
    for (let i = 0; i < 125; i++) expect(judge.admits()).toBe(true);
    expect(judge.admits()).toBe(false);
  });

  it('a hit for rejecting also renews the credit, but the negative verdict rejects', () => {
    const judge = new TieJudge(80); // credit 10
    for (let i = 0; i < 10; i++) judge.admits();
    judge.startTrial(3, mix(3, 0), false);
    judge.hit(3); // the kept victim was hit first
    expect(judge.score).toBe(-1);
    expect(judge.admits()).toBe(false);
    judge.startTrial(4, mix(4, 0), false);
    judge.missed(mix(4, 0));
    judge.startTrial(5, mix(5, 0), false);
    judge.missed(mix(5, 0));
    expect(judge.score).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) expect(judge.admits()).toBe(true);
    expect(judge.admits()).toBe(false);
  });

  it('samples the left-out keys of a large cache: about 2,048 / capacity of them', () => {
    const judge = new TieJudge(2048 * 16);
    let started = 0;
    for (let i = 0; i < 16_000; i++) {
      if (judge.startTrial(i, mix(i, 5), true)) {
        started++;
        judge.left(i);
      }
    }
    expect(started).toBeGreaterThan(16_000 / 16 / 1.3);
    expect(started).toBeLessThan((16_000 / 16) * 1.3);
  });
});

describe('W-TinyLFU with judged ties', () => {
  // Regression: on sweeps up and down, every admission comparison is a tie the candidate
  // (the key just swept) won against a victim the sweep was about to reach; main churned
  // and a 1,000-entry cache kept 36–43% of the requests (LRU: 48%). Seeds 1–3 of the cache.
  it('keeps main on zigzag sweeps, near LRU, where admitting every tie churned', () => {
    const keys = zigzag(2001, 26).map(String);
    for (const seed of [1, 2, 3]) {
      for (const [capacity, floor] of [
        [1000, 0.465],
        [500, 0.23],
      ] as const) {
        const cache = new MemoryCache<true>({ maxEntries: capacity, seed });
        let hits = 0;
        for (const key of keys) {
          if (cache.get(key) === undefined) cache.set(key, true);
          else hits++;
        }
        expect(hits / keys.length).toBeGreaterThan(floor);
      }
    }
  });

  // Regression: in the first reverse sweep every resident (keys seen once) lost a tie to the key
  // just swept before the sweep reached it, and no trial could end in time: 500 and 1,000 entries
  // hit 0.0% and 0.5% of that sweep (LRU: 24% and 50%). The credit lets an eighth of main go.
  it("keeps most of main through zigzag's first reverse sweep, before any trial can end", () => {
    const keys = zigzag(2001, 2); // one sweep up, one down
    for (const capacity of [500, 1000]) {
      const lru = (capacity - 1) / keys.length; // LRU hits all but one of the last `capacity` keys
      const { hitRatio } = replay(keys, capacity);
      // Measured: 10.5% and 21.0% of these 4,001 requests (LRU: 12.5% and 25.0%; without the credit 0.1% and 0.2%).
      expect(hitRatio).toBeGreaterThan(0.75 * lru);
    }
  });

  it('the verdict on zigzag is to reject ties; without the judge, ties admit and the hit ratio falls', () => {
    const keys = zigzag(2001, 26);
    for (const capacity of [250, 500, 1000]) {
      const judged = replay(keys, capacity);
      const plain = replay(keys, capacity, { judgeTies: false });
      expect(judged.admitsTies).toBe(false);
      expect(plain.admitsTies).toBe(true);
      // Measured: 11.7 / 23.5 / 47.0% against 8.6 / 20.5 / 42.6% (LRU 12.0 / 24.0 / 48.0).
      expect(judged.hitRatio).toBeGreaterThan(plain.hitRatio + 0.02);
    }
  });

  it('costs nothing worth a point where admitting ties is right (skewed keys, scans)', () => {
    const ids = new Map<string, number>();
    const id = (key: string) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
    for (const trace of [zipfTrace(100_000, 20_000, 0.9, 3).map(id), scanPollutedTrace(100_000, 3).map(id)]) {
      const judged = replay(trace, 500);
      const plain = replay(trace, 500, { judgeTies: false });
      expect(judged.hitRatio).toBeGreaterThan(plain.hitRatio - 0.01);
    }
  });
});
