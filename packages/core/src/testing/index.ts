/**
 * Test helpers for tiers, for any test runner: the conformance suites (pass
 * your runner's `describe` and `it`, or run single cases yourself), a fake
 * clock, a Map-backed reference tier, an in-process load lock and an
 * in-process reference invalidation bus. Nothing
 * here imports a test runner; under vitest, `@cache/core/testing/vitest`
 * binds the suites to vitest's `describe` and `it`.
 * @module
 */
export { describeConformance, runConformanceCase, type ConformanceHarness } from './conformance.js';
export { conformanceCases, type ConformanceCase, type ConformanceContext } from './conformance-cases.js';
export { FakeClock } from './fake-clock.js';
export { MapTier, type MapTierOptions } from './map-tier.js';
export { MemoryLoadLock, type MemoryLoadLockOptions } from './memory-load-lock.js';
export {
  describeLockConformance,
  runLockConformanceCase,
  lockConformanceCases,
  type LockConformanceHarness,
  type LockConformanceCase,
  type LockConformanceContext,
} from './lock-conformance.js';
export {
  describeBusConformance,
  runBusConformanceCase,
  type BusConformanceHarness,
  type BusSpace,
} from './bus-conformance.js';
export { busConformanceCases, OLD_CLOCK, NEW_CLOCK, type BusConformanceCase, type BusConformanceContext, type Received } from './bus-conformance-cases.js';
export { MemoryBus, MemoryBusHub, type MemoryBusOptions } from './memory-bus.js';
export type { TestRunner } from './runner.js';
