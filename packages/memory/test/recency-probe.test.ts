import { describe, expect, it } from 'vitest';
import { FREQUENCY_LEADS, LRU_LEADS, RecencyProbe } from '../src/admission/recency-probe.js';
import { WTinyLfuPolicy, type WTinyLfuSettings } from '../src/policy/w-tinylfu.js';
import { replayPolicy } from './policy-replay.js';
import { scanPollutedTrace } from './traces.js';

/** A seeded 32-bit mix of a key id. */
function mix(id: number, seed: number): number {
  let x = Math.imul(id ^ seed, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  return x ^ (x >>> 13);
}

function replay(keys: readonly number[], capacity: number, settings: Partial<WTinyLfuSettings> = {}, seed = 1) {
  return replayPolicy(keys, capacity, (key) => mix(key, seed), { seed, ...settings });
}

/** Alternating sweeps up and down over `span` keys (the LIRS zigzag pattern): recency wins. */
function zigzag(span: number, length: number): number[] {
  const keys: number[] = [];
  for (let i = 0; keys.length < length; i++) {
    const up = Math.floor(i / span) % 2 === 0;
    const step = i % span;
    keys.push(up ? step : span - step);
  }
  return keys;
}

/** A loop over `span` keys: frequency (keeping a fixed part of the loop) wins, LRU hits nothing. */
function loop(span: number, length: number): number[] {
  return Array.from({ length }, (_, i) => i % span);
}

const shadowOf = (size: number, hashOf: (slot: number) => number) =>
  new WTinyLfuPolicy(size + 4, size + 4, { capacity: size, doorkeeper: false, seed: 1, hashOf, adaptive: false });

function verdicts(keys: readonly number[], capacity: number): number[] {
  const probe = new RecencyProbe(capacity, shadowOf);
  const out: number[] = [];
  for (const key of keys) {
    const hash = mix(key, 3);
    if (!probe.sampled(hash)) continue;
    const verdict = probe.record(hash);
    if (verdict !== 0) out.push(verdict);
  }
  return out;
}

describe('RecencyProbe', () => {
  it('finds LRU ahead on alternating sweeps, and the 1% window ahead on a loop', () => {
    const sweeps = verdicts(zigzag(2000, 40_000), 250);
    expect(sweeps.length).toBeGreaterThan(0);
    expect(sweeps.every((v) => v === LRU_LEADS)).toBe(true);
    const loops = verdicts(loop(700, 40_000), 500);
    expect(loops.length).toBeGreaterThan(0);
    expect(loops.every((v) => v === FREQUENCY_LEADS)).toBe(true);
  });

  it('gives no verdict when both ends hit alike (a working set that fits)', () => {
    expect(verdicts(loop(100, 40_000), 250)).toEqual([]);
  });

  it('samples a large cache down to its shadow size', () => {
    const probe = new RecencyProbe(100_000, shadowOf);
    let sampled = 0;
    for (let id = 0; id < 100_000; id++) if (probe.sampled(mix(id, 5))) sampled++;
    // 512 of 100,000 (0.5%) expected.
    expect(sampled).toBeGreaterThan(300);
    expect(sampled).toBeLessThan(800);
  });
});

describe('the probed window', () => {
  // Before the probe, the ghost-guided window stayed at 1% on zigzag (LIRS
  // zigzag@250: 9.1% against LRU's 12.0).
  it('grows to nearly all the cache on alternating sweeps and hits within 1 point of LRU', () => {
    const keys = zigzag(2000, 52_000);
    const probed = replay(keys, 250);
    const ghostsOnly = replay(keys, 250, { probe: false });
    const lru = replay(keys, 250, { adaptive: false, initialWindow: 249 / 250 });
    expect(probed.window).toBeGreaterThanOrEqual(0.9 * 250);
    expect(probed.hitRatio).toBeGreaterThanOrEqual(lru.hitRatio - 0.01);
    expect(ghostsOnly.hitRatio).toBeLessThan(lru.hitRatio - 0.01);
  });

  it('stays small on a skewed working set polluted by scans', () => {
    const ids = new Map<string, number>();
    const keys = scanPollutedTrace(200_000, 3).map((key) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1));
    const probed = replay(keys, 500);
    const ghostsOnly = replay(keys, 500, { probe: false });
    expect(probed.window).toBeLessThan(0.1 * 500);
    expect(probed.hitRatio).toBeGreaterThan(ghostsOnly.hitRatio - 0.005);
  });

  it('comes back down when a loop follows the sweeps', () => {
    const keys = [...zigzag(2000, 30_000), ...loop(700, 200_000).map((k) => k + 10_000)];
    const probed = replay(keys, 500);
    expect(probed.window).toBeLessThanOrEqual(0.05 * 500);
  });
});
