/**
 * Test helpers for tiers: the conformance suite, a fake clock, and a
 * Map-backed reference tier.
 * @module
 */
export { describeConformance, runConformanceCase, type ConformanceHarness } from './conformance.js';
export { conformanceCases, type ConformanceCase, type ConformanceContext } from './conformance-cases.js';
export { FakeClock } from './fake-clock.js';
export { MapTier, type MapTierOptions } from './map-tier.js';
export { MemoryLoadLock, type MemoryLoadLockOptions } from './memory-load-lock.js';
export { describeLockConformance, lockConformanceCases, type LockConformanceHarness, type LockConformanceCase, type LockConformanceContext } from './lock-conformance.js';
