/**
 * The reference hit ratios of the shared traces (`../shared/traces/README.md`,
 * measured with an independent simulator), used to pick the sizes of the
 * trace suite and to print "best reference" columns beside our own figures.
 * @module
 */

/** Reference hit ratios (%) of one trace at one size. */
export interface TraceReference {
  /** Trace name (file name without `.keys.gz`). */
  readonly trace: string;
  /** The trace file inside the traces directory. */
  readonly file: string;
  /** Cache size in entries. */
  readonly size: number;
  /** Belady's optimum, %. */
  readonly opt: number;
  /** Policy → hit ratio %, from the README's table. */
  readonly policies: Readonly<Record<string, number>>;
}

const row = (trace: string, size: number, opt: number, lru: number, arc: number, s3fifo: number, tinyLfu1: number, tinyLfu20: number): TraceReference => ({
  trace,
  file: `${trace}.keys.gz`,
  size,
  opt,
  policies: { lru, arc, 's3-fifo': s3fifo, 'w-tinylfu (1% window)': tinyLfu1, 'w-tinylfu (20% window)': tinyLfu20 },
});

/** Every row of the shared traces README. */
export const TRACE_REFERENCES: readonly TraceReference[] = [
  row('oltp', 1000, 53.62, 32.83, 38.95, 40.84, 35.48, 40.93),
  row('oltp', 2000, 60.4, 42.47, 46.08, 47.01, 42.15, 46.73),
  row('web12', 300, 66.85, 49.01, 51.41, 53.36, 48.47, 53.48),
  row('sprite', 100, 50.91, 21.58, 25.66, 29.36, 30.27, 29.6),
  row('glimpse', 500, 34.33, 0.95, 1.38, 16.13, 33.6, 27.28),
];

/** The reference row of `trace` at `size`, if the README has one. */
export function findReference(trace: string, size: number): TraceReference | undefined {
  return TRACE_REFERENCES.find((r) => r.trace === trace && r.size === size);
}

/** The README's sizes for `trace` (empty when it is not a shared trace). */
export function referenceSizes(trace: string): number[] {
  return TRACE_REFERENCES.filter((r) => r.trace === trace).map((r) => r.size);
}

/** The best non-optimal reference ratio (%) and the policy that reached it. */
export function bestReference(reference: TraceReference): { policy: string; hitRatio: number } {
  let best = { policy: '', hitRatio: -1 };
  for (const [policy, hitRatio] of Object.entries(reference.policies)) {
    if (hitRatio > best.hitRatio) best = { policy, hitRatio };
  }
  return best;
}
