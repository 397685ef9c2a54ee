/**
 * Throughput of an async operation: `lanes` loops, each awaiting one call
 * after another, for a fixed time — 1 lane measures round trips, many lanes
 * measure calls in flight. Used by the remote tiers' benchmarks.
 * @module
 */

/** Calls per second of `op` over `durationMs`, with `lanes` calls in flight (`op(i)` gets a running index per lane). */
export async function measureLanes(durationMs: number, lanes: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const end = start + durationMs;
  const lane = async (first: number) => {
    for (let i = first; performance.now() < end; i += lanes) {
      await op(i);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  return (ops / (performance.now() - start)) * 1000;
}

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
