/**
 * From a run's buckets to the JSON rows: one row per bucket (`second`),
 * one per phase, the time to recover, and the acceptance verdicts.
 *
 * Phases, with `faultAt` / `returnAt` as measured (ms into the timeline):
 * - before: the buckets that end by `faultAt`;
 * - during: the buckets from the one holding `faultAt` to the last that
 *   ends by `returnAt`;
 * - after: the buckets that start at least `settleMs` after `returnAt`;
 * - total: every bucket.
 * The baseline has no fault: its phases use the scenario's planned times.
 * @module
 */
import { Histogram } from './histogram.js';
import { BASELINE, plannedFault, type BenchRow, type FaultTimes, type Phase, type Plan, type Scenario } from './plan.js';
import type { RunOutcome } from './run.js';

/** A bucket range [from, to). */
interface Range {
  from: number;
  to: number;
}

/** The bucket ranges of each phase. */
export function phaseRanges(fault: FaultTimes, plan: Plan, buckets: number): Record<Exclude<Phase, 'second'>, Range> {
  const { bucketMs } = plan;
  return {
    before: { from: 0, to: Math.min(buckets, Math.floor(fault.faultAt / bucketMs)) },
    during: { from: Math.floor(fault.faultAt / bucketMs), to: Math.min(buckets, Math.floor(fault.returnAt / bucketMs)) },
    after: { from: Math.min(buckets, Math.ceil((fault.returnAt + plan.settleMs) / bucketMs)), to: buckets },
    total: { from: 0, to: buckets },
  };
}

function figures(outcome: RunOutcome, range: Range, plan: Plan): Omit<BenchRow, 'scenario' | 'library' | 'phase'> {
  const latency = new Histogram();
  let ok = 0;
  let errors = 0;
  let stale = 0;
  let loaderCalls = 0;
  for (let i = range.from; i < range.to; i++) {
    const bucket = outcome.load.buckets[i]!;
    latency.add(bucket.latency);
    ok += bucket.ok;
    errors += bucket.errors;
    stale += bucket.stale;
    loaderCalls += outcome.database.readsPerBucket[i] ?? 0;
  }
  const seconds = ((range.to - range.from) * plan.bucketMs) / 1000;
  return {
    reqPerSec: seconds > 0 ? ok / seconds : 0,
    p50Ms: latency.quantile(0.5),
    p99Ms: latency.quantile(0.99),
    errors,
    loaderCalls,
    staleReads: stale,
  };
}

/**
 * Seconds from Redis's return to the end of the first bucket that ends
 * after it with req/s ≥ `ratio` × the before phase's; undefined if none.
 */
function recoverS(outcome: RunOutcome, fault: FaultTimes, beforeRate: number, plan: Plan): number | undefined {
  const perSecond = 1000 / plan.bucketMs;
  const buckets = outcome.load.buckets;
  for (let i = Math.floor(fault.returnAt / plan.bucketMs); i < buckets.length; i++) {
    if (buckets[i]!.ok * perSecond >= RECOVERED * beforeRate) return ((i + 1) * plan.bucketMs - fault.returnAt) / 1000;
  }
  return undefined;
}

/** The share of the pre-outage req/s that counts as recovered. */
export const RECOVERED = 0.8;

/** The JSON rows of one run, seen as `scenario` (the baseline is cut with its planned times). */
export function rowsOf(outcome: RunOutcome, scenario: Scenario, plan: Plan): BenchRow[] {
  const fault = outcome.fault ?? plannedFault(scenario, plan);
  const base = { scenario, library: outcome.library };
  const ranges = phaseRanges(fault, plan, outcome.load.buckets.length);
  const seconds = outcome.load.buckets.map(
    (_, i): BenchRow => ({ ...base, phase: 'second', second: (i * plan.bucketMs) / 1000, ...figures(outcome, { from: i, to: i + 1 }, plan) }),
  );
  const phases = (['before', 'during', 'after', 'total'] as const).map((phase): BenchRow => ({ ...base, phase, ...figures(outcome, ranges[phase], plan) }));
  const after = phases[2]!;
  const recovered = outcome.library === BASELINE ? undefined : recoverS(outcome, fault, phases[0]!.reqPerSec, plan);
  if (recovered !== undefined) after.recoverS = recovered;
  phases[3]!.unhandledRejections = outcome.services.reduce((sum, s) => sum + s.unhandledRejections + s.uncaughtExceptions, 0);
  return [...seconds, ...phases];
}

/** One acceptance criterion of a library in a scenario. */
export interface Criterion {
  name: string;
  /** The measured value, as printed. */
  value: string;
  pass: boolean;
}

const row = (rows: readonly BenchRow[], library: string, phase: Phase) => rows.find((r) => r.library === library && r.phase === phase);
const times = (value: number, base: number) => (Number.isFinite(value) && base > 0 ? `${(value / base).toFixed(2)}×` : 'no answers');

/**
 * Issue 9's acceptance, for `library` in one scenario's rows: during the
 * outage ≥ 0.8× the baseline's req/s and p99 ≤ 1.5× the baseline's p99 (same
 * phase); no error over the whole run; no unhandled rejection; from
 * `settleMs` after the return ≥ 0.8× the before phase's req/s; no stale read
 * in the after phase.
 */
export function acceptance(rows: readonly BenchRow[], library: string): Criterion[] | undefined {
  const during = row(rows, library, 'during');
  const before = row(rows, library, 'before');
  const after = row(rows, library, 'after');
  const total = row(rows, library, 'total');
  const baseline = row(rows, BASELINE, 'during');
  if (!during || !before || !after || !total || !baseline) return undefined;
  return [
    { name: 'during req/s ≥ 0.8× baseline', value: times(during.reqPerSec, baseline.reqPerSec), pass: during.reqPerSec >= 0.8 * baseline.reqPerSec },
    { name: 'during p99 ≤ 1.5× baseline', value: times(during.p99Ms, baseline.p99Ms), pass: during.p99Ms <= 1.5 * baseline.p99Ms },
    { name: 'errors (whole run) = 0', value: String(total.errors), pass: total.errors === 0 },
    { name: 'unhandled rejections = 0', value: String(total.unhandledRejections ?? 0), pass: (total.unhandledRejections ?? 0) === 0 },
    { name: 'after req/s ≥ 0.8× before', value: times(after.reqPerSec, before.reqPerSec), pass: after.reqPerSec >= RECOVERED * before.reqPerSec },
    { name: 'after stale reads = 0', value: String(after.staleReads ?? 0), pass: after.staleReads === 0 },
  ];
}
