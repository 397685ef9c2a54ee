/**
 * `@cache/core/testing` for vitest: everything it exports, with the
 * suites registered with vitest's `describe` and `it` (no runner argument).
 *
 * ```ts
 * import { describeConformance } from '@cache/core/testing/vitest';
 * describeConformance({ name: 'my tier', create: ({ clock }) => new MyTier({ clock }) });
 * ```
 * @module
 */
import { describe, it } from 'vitest';
import { describeConformance as describeWith, type ConformanceHarness } from './conformance.js';
import { describeLockConformance as describeLockWith, type LockConformanceHarness } from './lock-conformance.js';
import { describeBusConformance as describeBusWith, type BusConformanceHarness } from './bus-conformance.js';

export * from './index.js';

/** Registers every conformance case with vitest, under `describe(harness.name)`. */
export function describeConformance(harness: ConformanceHarness): void {
  describeWith(harness, { describe, it });
}

/** Registers the load-lock cases with vitest, under `describe(harness.name)`. */
export function describeLockConformance(harness: LockConformanceHarness): void {
  describeLockWith(harness, { describe, it });
}

/** Registers the invalidation-bus cases with vitest, under `describe(harness.name)`. */
export function describeBusConformance(harness: BusConformanceHarness): void {
  describeBusWith(harness, { describe, it });
}
