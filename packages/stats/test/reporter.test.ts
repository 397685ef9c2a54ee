import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReporter, type Reporter } from '../src/index.js';

describe('startReporter (fake timers)', () => {
  let reporter: Reporter | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    reporter?.stop();
    vi.useRealTimers();
  });

  it('reports a fresh snapshot every interval until stopped', async () => {
    let n = 0;
    const seen: number[] = [];
    reporter = startReporter({ interval: '1s', collect: () => ++n, report: (s) => void seen.push(s), onError: () => {} });
    await vi.advanceTimersByTimeAsync(3_500);
    expect(seen).toEqual([1, 2, 3]);
    expect(reporter.reports).toBe(3);
    reporter.stop();
    reporter.stop(); // idempotent
    expect(reporter.running).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('reports once at start when immediate', async () => {
    const seen: string[] = [];
    reporter = startReporter({ interval: 1000, immediate: true, collect: () => 'x', report: (s) => void seen.push(s), onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['x']);
  });

  it('sends errors of collect and report to onError and keeps going', async () => {
    const errors: unknown[] = [];
    let tick = 0;
    reporter = startReporter({
      interval: 100,
      collect: () => {
        tick++;
        if (tick === 1) throw new Error('collect failed');
        return tick;
      },
      report: async (s) => {
        if (s === 2) throw new Error('report failed');
      },
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(errors.map((e) => (e as Error).message)).toEqual(['collect failed', 'report failed']);
    expect(reporter.reports).toBe(1);
  });

  it('never overlaps a slow report: ticks are skipped and counted', async () => {
    let release: () => void = () => {};
    let started = 0;
    reporter = startReporter({
      interval: 100,
      collect: () => null,
      report: () => {
        started++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(350); // ticks at 100 (starts), 200 and 300 (skipped)
    expect([started, reporter.skipped]).toEqual([1, 2]);
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect([started, reporter.reports]).toEqual([2, 1]);
  });

  it('flush() reports now, after the one in flight, also after stop()', async () => {
    const seen: number[] = [];
    let n = 0;
    reporter = startReporter({ interval: '1h', collect: () => ++n, report: (s) => void seen.push(s), onError: () => {} });
    reporter.stop();
    await reporter.flush();
    expect(seen).toEqual([1]);
  });

  it('rejects a bad interval or missing functions with typed errors', () => {
    const ok = { collect: () => 1, report: () => {}, onError: () => {} };
    for (const interval of [0, -5, 'soon', Infinity]) {
      expect(() => startReporter({ ...ok, interval: interval as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'interval' }));
    }
    expect(() => startReporter({ ...ok, interval: 10, onError: undefined as never })).toThrow(expect.objectContaining({ option: 'onError' }));
    expect(() => startReporter({ ...ok, interval: 10, report: 'log' as never })).toThrow(expect.objectContaining({ option: 'report' }));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('startReporter (real timers)', () => {
  it('never keeps the process alive: its timer is unref’d', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    try {
      const reporter = startReporter({ interval: '1h', collect: () => 1, report: () => {}, onError: () => {} });
      const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      reporter.stop();
    } finally {
      spy.mockRestore();
    }
  });
});
