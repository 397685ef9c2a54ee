import { describe, expect, it } from 'vitest';
import { TimerWheel } from '../src/expiry/timer-wheel.js';

const START = 1_700_000_000_000;

describe('TimerWheel', () => {
  it('returns due slots only once their time has passed, at every level', () => {
    const wheel = new TimerWheel(64, START);
    const delays = [10, 2_000, 90_000, 2 * 3_600_000, 2 * 86_400_000, 20 * 86_400_000];
    delays.forEach((delay, i) => wheel.schedule(4 + i, START + delay));
    expect(wheel.size).toBe(delays.length);
    const fired = new Map<number, number>();
    // walk time forward in steps of ~1 minute for 21 days
    for (let now = START; now <= START + 21 * 86_400_000; now += 61_000) {
      for (const slot of wheel.advance(now)) {
        expect(wheel.expires[slot]!).toBeLessThanOrEqual(now);
        expect(fired.has(slot)).toBe(false);
        fired.set(slot, now);
      }
    }
    expect(wheel.size).toBe(0);
    delays.forEach((delay, i) => {
      const at = fired.get(4 + i)!;
      expect(at).toBeGreaterThanOrEqual(START + delay);
      // reclaimed within the 61 s step plus the bucket span of level 0 (1.024 s) after its time
      expect(at - (START + delay)).toBeLessThan(61_000 + 1_100);
    });
  });

  it('unschedules and reschedules in O(1) without firing', () => {
    const wheel = new TimerWheel(16, START);
    wheel.schedule(4, START + 1000);
    wheel.schedule(5, START + 1000);
    wheel.unschedule(4);
    wheel.schedule(5, START + 50_000);
    wheel.unschedule(4);
    expect(wheel.size).toBe(1);
    expect(wheel.expires[4]).toBe(Infinity);
    expect([...wheel.advance(START + 10_000)]).toEqual([]);
    expect([...wheel.advance(START + 60_000)]).toEqual([5]);
    wheel.schedule(6, Infinity);
    expect(wheel.size).toBe(0);
  });

  it('soonest() finds the earliest bucket across levels', () => {
    const wheel = new TimerWheel(16, START);
    expect(wheel.soonest()).toBe(-1);
    wheel.schedule(4, START + 3 * 3_600_000);
    wheel.schedule(5, START + 30_000);
    wheel.schedule(6, START + 70_000);
    expect(wheel.soonest()).toBe(5);
    wheel.unschedule(5);
    expect(wheel.soonest()).toBe(6);
    wheel.unschedule(6);
    expect(wheel.soonest()).toBe(4);
  });

  it('grows and clears', () => {
    const wheel = new TimerWheel(8, START);
    wheel.schedule(7, START + 5000);
    wheel.grow(32);
    wheel.schedule(20, START + 5000);
    expect(wheel.size).toBe(2);
    expect([...wheel.advance(START + 10_000)].sort((a, b) => a - b)).toEqual([7, 20]);
    wheel.schedule(9, START + 20_000);
    wheel.clear();
    expect(wheel.size).toBe(0);
    expect([...wheel.advance(START + 100_000)]).toEqual([]);
  });
});
