import { describe, expect, it } from 'vitest';
import { CounterStatsRecorder, DisabledStatsRecorder, hitRatio, ratio, snapshotOf, sumSnapshots, VersionClock, ZERO_COUNTERS } from '../src/index.js';
import { FakeClock } from '../src/testing/index.js';

describe('stats recorders', () => {
  it('the counter recorder counts every event and computes ratio and uptime', () => {
    const clock = new FakeClock();
    const stats = new CounterStatsRecorder(clock);
    stats.recordHits(3);
    stats.recordMisses(1);
    stats.recordSets(2);
    stats.recordDeletes(1);
    stats.recordEviction('evicted');
    stats.recordEviction('expired');
    stats.recordErrors(4);
    clock.advance(1500);
    expect(stats.snapshot(7, 1024)).toEqual({
      hits: 3, misses: 1, sets: 2, deletes: 1, evictions: 2, expiredEvictions: 1, errors: 4,
      memoryUsage: 1024, size: 7, hitRatio: 0.75, uptime: 1500,
    });
    stats.reset();
    expect(stats.snapshot(0, 0)).toMatchObject({ hits: 0, evictions: 0, uptime: 0 });
  });

  it('snapshots are frozen copies', () => {
    const stats = new CounterStatsRecorder();
    const before = stats.snapshot(0, 0);
    stats.recordHits(1);
    expect(before.hits).toBe(0);
    expect(Object.isFrozen(before)).toBe(true);
  });

  it('the disabled recorder keeps nothing but reports size and memory', () => {
    const stats = new DisabledStatsRecorder();
    stats.recordHits(5);
    stats.recordEviction('evicted');
    expect(stats.snapshot(3, 10)).toMatchObject({ hits: 0, evictions: 0, size: 3, memoryUsage: 10, hitRatio: 0 });
  });

  it('snapshotOf completes counters into a frozen snapshot', () => {
    const snapshot = snapshotOf({ ...ZERO_COUNTERS, hits: 3, misses: 1, evictions: 2 }, 5, 64, 1000);
    expect(snapshot).toEqual({
      hits: 3, misses: 1, sets: 0, deletes: 0, evictions: 2, expiredEvictions: 0, errors: 0,
      memoryUsage: 64, size: 5, hitRatio: 0.75, uptime: 1000,
    });
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(ZERO_COUNTERS)).toBe(true);
  });

  it('hitRatio is 0 before any read', () => {
    expect(hitRatio(0, 0)).toBe(0);
    expect(hitRatio(1, 3)).toBe(0.25);
  });

  it('ratio is 0 over nothing', () => {
    expect(ratio(0, 0)).toBe(0);
    expect(ratio(5, 0)).toBe(0);
    expect(ratio(1, 4)).toBe(0.25);
  });

  it('sumSnapshots adds counters, bytes and sizes, keeps the longest uptime, and counts a missing snapshot as zeros', () => {
    const l1 = snapshotOf({ ...ZERO_COUNTERS, hits: 3, misses: 1, sets: 4, evictions: 2, expiredEvictions: 1 }, 10, 100, 5000);
    const l2 = snapshotOf({ ...ZERO_COUNTERS, hits: 1, misses: 3, deletes: 2, errors: 1 }, 30, 0, 9000);
    const sum = sumSnapshots([l1, undefined, l2]);
    expect(sum).toEqual({
      hits: 4, misses: 4, sets: 4, deletes: 2, evictions: 2, expiredEvictions: 1, errors: 1,
      memoryUsage: 100, size: 40, hitRatio: 0.5, uptime: 9000,
    });
    expect(Object.isFrozen(sum)).toBe(true);
    expect(sumSnapshots([])).toEqual(snapshotOf(ZERO_COUNTERS, 0, 0, 0));
  });
});

describe('VersionClock', () => {
  it('is strictly increasing even when the wall clock stalls or goes back', () => {
    let now = 1000;
    const clock = new VersionClock(() => now);
    const a = clock.next();
    const b = clock.next();
    now = 500;
    const c = clock.next();
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    now = 2000;
    expect(clock.next()).toBe(2000 * 1024);
  });

  it('moves past versions observed from other instances', () => {
    const clock = new VersionClock(() => 1);
    clock.observe(10_000_000);
    expect(clock.next()).toBe(10_000_001);
  });
});
