import { describe, expect, it } from 'vitest';
import { WindowSplit } from '../src/admission/window-split.js';
import { mix } from './policy-replay.js';

describe('WindowSplit (ARC inside the window)', () => {
  it('splits a window of at least a quarter of the capacity and 16 entries', () => {
    expect(new WindowSplit(1000).from).toBe(250);
    expect(new WindowSplit(40).from).toBe(16);
    const split = new WindowSplit(1000);
    split.resize(100);
    expect(split.from).toBe(25);
  });

  it("takes the next candidate from the first part while it exceeds the target, as ARC's REPLACE", () => {
    const split = new WindowSplit(100); // from 25
    expect(split.target).toBe(0);
    expect(split.fromSecond(10, 0, 50)).toBe(false); // the second part is empty
    expect(split.fromSecond(0, 10, 50)).toBe(true); // the first part is empty
    expect(split.fromSecond(10, 10, 50)).toBe(false); // 10 > p = 0
    expect(split.fromSecond(10, 10, 20)).toBe(true); // below `from`: one LRU, the hit part drains first
  });

  it('a miss on a key that left the first part raises the target, on one that left the second lowers it', () => {
    const split = new WindowSplit(100);
    for (let id = 0; id < 3; id++) split.left(mix(id, 0), false, 50);
    split.left(mix(10, 0), true, 50);
    split.missed(mix(0, 0), 50); // |B2| / |B1| = 1 / 3: a step of 1
    expect(split.target).toBe(1);
    split.missed(mix(1, 0), 50);
    expect(split.target).toBe(2);
    expect(split.fromSecond(2, 10, 50)).toBe(true); // 2 ≤ p = 2
    split.missed(mix(10, 0), 50); // |B1| / |B2| = 1 / 1
    expect(split.target).toBe(1);
    split.missed(mix(10, 0), 50); // a ghost hit is used once
    expect(split.target).toBe(1);
    split.clear();
    expect(split.target).toBe(0);
    split.missed(mix(2, 0), 50);
    expect(split.target).toBe(0);
  });

  it('keeps the target within [0, window] and does nothing below `from`', () => {
    const split = new WindowSplit(100);
    for (let id = 0; id < 40; id++) split.left(mix(id, 1), false, 30);
    for (let id = 0; id < 40; id++) split.missed(mix(id, 1), 30);
    expect(split.target).toBe(30);
    split.left(mix(99, 1), true, 10); // below `from` (25): not remembered
    split.missed(mix(99, 1), 30);
    expect(split.target).toBe(30);
  });

  it('remembers at most 64 candidates per part', () => {
    const split = new WindowSplit(1000);
    for (let id = 0; id < 65; id++) split.left(mix(id, 2), false, 250);
    split.missed(mix(0, 2), 250); // the oldest is forgotten
    expect(split.target).toBe(0);
    split.missed(mix(1, 2), 250);
    expect(split.target).toBe(1);
  });

  // Regression: with 64 candidates per ghost whatever the window, a window of 100,000 entries could move
  // its target by at most 64 however many candidates came back, and the split was a scan filter (ARC P6
  // at 200,000 entries, window fixed at 99%: 61% of hits where LRU has 79%).
  it("covers a quarter of a large window, by sampling, so the target moves as far as ARC's would", () => {
    const windowMax = 100_000;
    const split = new WindowSplit(windowMax);
    const returning = 20_000;
    for (let id = 0; id < returning; id++) split.left(mix(id, 3), false, windowMax);
    for (let id = 0; id < returning; id++) split.missed(mix(id, 3), windowMax);
    // Every one of the 20,000 candidates returned within a quarter of the window: ARC (one step per hit) gives 20,000.
    expect(split.target).toBeGreaterThan(0.75 * returning);
    expect(split.target).toBeLessThan(1.25 * returning);
    // Candidates returning after more than a quarter of the window (25,000 departures) do not move it.
    const late = new WindowSplit(windowMax);
    for (let id = 0; id < 60_000; id++) late.left(mix(id, 4), false, windowMax);
    for (let id = 0; id < 20_000; id++) late.missed(mix(id, 4), windowMax);
    expect(late.target).toBe(0);
  });
});
