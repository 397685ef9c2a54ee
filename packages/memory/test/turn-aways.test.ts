import { describe, expect, it } from 'vitest';
import { TurnAways } from '../src/admission/turn-aways.js';
import { mix, replay } from './policy-replay.js';

/**
 * W-TinyLFU's memory of candidates turned away from main
 * (admission/turn-aways.ts): a candidate turned away twice in a row, each
 * time back soon, replaces a victim untouched since the last halving at its
 * next duel.
 */

describe('TurnAways', () => {
  it('remembers a key as returning only once it was turned away twice in a row', () => {
    const memory = new TurnAways(1000);
    const key = mix(7, 1);
    expect(memory.returning(key)).toBe(false);
    memory.refused(key);
    expect(memory.returning(key)).toBe(false);
    memory.refused(key);
    expect(memory.returning(key)).toBe(true);
    memory.refused(key);
    expect(memory.returning(key)).toBe(true);
  });

  it('keys it never saw refused get nothing, whatever others were refused', () => {
    const memory = new TurnAways(1000);
    for (let id = 0; id < 2000; id++) {
      memory.refused(mix(id, 1));
      memory.refused(mix(id, 1));
    }
    let strangers = 0;
    for (let id = 10_000; id < 20_000; id++) if (memory.returning(mix(id, 1))) strangers++;
    // A stranger matches a record's 14-bit fingerprint once in 16,384 (the table is full of streaks here).
    expect(strangers).toBeLessThan(10);
  });

  it('forgets a refusal after about as many other refusals as it has words', () => {
    const capacity = 1000;
    const depth = TurnAways.sizeFor(capacity);
    let kept = 0;
    for (let trial = 0; trial < 200; trial++) {
      const memory = new TurnAways(capacity);
      const key = mix(trial, 3);
      memory.refused(key);
      memory.refused(key);
      for (let other = 0; other < 4 * depth; other++) memory.refused(mix(1_000_000 + trial * 10_000 + other, 3));
      if (memory.returning(key)) kept++;
    }
    // Survival after 4 × depth refusals is e^-4 ≈ 2%.
    expect(kept).toBeLessThan(200 * 0.1);
  });

  it('sizes itself at a 16-bit word per four entries, at least 16 words, and keeps nothing across a resize', () => {
    expect(TurnAways.sizeFor(10)).toBe(16);
    expect(TurnAways.sizeFor(1_000_000)).toBe(250_000);
    const memory = new TurnAways(1000);
    const key = mix(1, 1);
    memory.refused(key);
    memory.refused(key);
    memory.resize(4000);
    expect(memory.returning(key)).toBe(false);
  });
});

describe('W-TinyLFU with turn-aways', () => {
  /**
   * 100 entries, a window of one entry, no window resizing: main fills with
   * keys read nine times (a halving falls among those reads, so main's
   * oldest entries end up untouched since it), then key X comes back right
   * after each of its refusals (every other request a new key pushes it out
   * of the window into a duel against a victim counting more).
   */
  const settings = { adaptive: false, splitWindow: false, initialWindow: 0.01 } as const;
  function trace(returns: number, readMainAfter = -1): number[] {
    const keys: number[] = [];
    for (let k = 0; k < 100; k++) keys.push(k);
    for (let round = 0; round < 8; round++) for (let k = 0; k < 99; k++) keys.push(k);
    const x = 5000;
    for (let i = 0; i < returns; i++) {
      // Reading main's keys again touches every victim X could meet.
      if (i === readMainAfter) for (let k = 0; k < 99; k++) keys.push(k);
      keys.push(x, 6000 + i);
    }
    keys.push(x);
    return keys;
  }
  const hits = (keys: number[], turnAways: boolean) => Math.round(replay(keys, 100, { ...settings, turnAways }).hitRatio * keys.length);

  it('admits a candidate turned away twice in a row at its third duel, against a victim untouched since the halving', () => {
    // X's six requests: two refusals, the third duel lets it in, and its last three requests hit. TinyLFU alone keeps
    // turning it away (main's keys count more).
    const keys = trace(5);
    expect(hits(keys, true)).toBe(hits(keys, false) + 3);
  });

  it('leaves the duel to TinyLFU when the victim was read since the halving', () => {
    const keys = trace(5, 2);
    expect(hits(keys, true)).toBe(hits(keys, false));
  });

  it('counts a resident read only while the cache filled as untouched, before the first halving', () => {
    // Main's keys are read four times before the cache is full, never after; no halving falls in this trace (it is
    // shorter than 700 requests). From the fill on they are untouched, so X gets in at its third duel.
    const keys: number[] = [];
    for (let round = 0; round < 5; round++) for (let k = 0; k < 99; k++) keys.push(k);
    for (let i = 0; i < 5; i++) keys.push(5000, 6000 + i);
    keys.push(5000);
    expect(keys.length).toBeLessThan(700);
    expect(hits(keys, true)).toBe(hits(keys, false) + 3);
  });

  it('gives nothing after a single refusal', () => {
    const keys = trace(2);
    expect(hits(keys, true)).toBe(hits(keys, false));
  });
});
