import { describe, expect, it } from 'vitest';
import { acceptance, phaseRanges, rowsOf } from '../src/analysis.js';
import { Histogram } from '../src/histogram.js';
import { FULL, type BenchRow, type Library } from '../src/plan.js';
import type { RunOutcome } from '../src/run.js';

/** The histogram bucket of a 10 ms answer. */
const TEN_MS = tenMs();
function tenMs(): number {
  const histogram = new Histogram();
  histogram.record(10);
  return histogram.toSparse()[0]![0];
}

/** A run of FULL's 20 one-second buckets with `ok[i]` answers of 10 ms each. */
function outcome(library: Library, ok: number[], fault: RunOutcome['fault'], extra: { errors?: number; stale?: number } = {}): RunOutcome {
  return {
    library,
    scenario: fault === undefined ? undefined : 'kill',
    load: { buckets: ok.map((n, i) => ({ ok: n, errors: i === 6 ? (extra.errors ?? 0) : 0, stale: i === 18 ? (extra.stale ?? 0) : 0, latency: [[TEN_MS, n]] })), errorSamples: [] },
    database: { readsPerBucket: ok.map(() => 1), warmupReads: 0, writes: 0 },
    services: [{ unhandledRejections: 0, uncaughtExceptions: 0, failedResponses: 0, errorSamples: [], counters: {} }],
    fault,
  };
}

const steady = Array.from({ length: 20 }, () => 1000);

describe('phases', () => {
  it('cuts before, during (to the last bucket ending before the return) and after (from 2 s after the return)', () => {
    expect(phaseRanges({ faultAt: 5003, returnAt: 12_100 }, FULL, 20)).toEqual({
      before: { from: 0, to: 5 },
      during: { from: 5, to: 12 },
      after: { from: 15, to: 20 },
      total: { from: 0, to: 20 },
    });
  });

  it('gives one row per bucket and per phase, the time to recover and the acceptance', () => {
    const dip = steady.map((n, i) => (i >= 5 && i < 13 ? 100 : n)); // slow until the bucket [13, 14)
    const rows: BenchRow[] = [
      ...rowsOf(outcome('memory-only', steady, undefined), 'kill', FULL),
      ...rowsOf(outcome('@cache/multilevel', dip, { faultAt: 5003, returnAt: 12_100 }, { errors: 2, stale: 3 }), 'kill', FULL),
    ];
    const ours = rows.filter((r) => r.library === '@cache/multilevel');
    expect(ours.filter((r) => r.phase === 'second')).toHaveLength(20);
    const phase = (name: string) => ours.find((r) => r.phase === name)!;
    expect(phase('before')).toMatchObject({ reqPerSec: 1000, errors: 0, loaderCalls: 5 });
    expect(phase('during')).toMatchObject({ reqPerSec: 100, errors: 2, loaderCalls: 7 });
    expect(phase('after')).toMatchObject({ reqPerSec: 1000, staleReads: 3, loaderCalls: 5 });
    expect(phase('after').recoverS).toBeCloseTo(1.9); // the end of [13, 14) − 12.1
    expect(phase('total').p50Ms).toBeCloseTo(10, 0);
    expect(rows.find((r) => r.library === 'memory-only' && r.phase === 'during')).toMatchObject({ reqPerSec: 1000 });

    const verdicts = acceptance(rows, '@cache/multilevel')!.map((c) => c.pass);
    // req/s 0.1× the baseline; p99 equal; 2 errors; no rejections; after back to speed; 3 stale reads
    expect(verdicts).toEqual([false, true, false, true, true, false]);
  });
});
