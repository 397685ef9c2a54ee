/**
 * The conformance suite: one set of behaviours proven for every tier.
 *
 * ```ts
 * import { describe, it } from 'node:test'; // or vitest, jest, mocha…
 * import { describeConformance } from '@cache/core/testing';
 * describeConformance({ name: 'memory', create: ({ clock }) => new MemoryCache({ maxEntries: 100, clock }).asAsync() }, { describe, it });
 * ```
 *
 * Under vitest, `@cache/core/testing/vitest` has the same function without
 * the second argument.
 * @module
 */
import type { Clock } from '../clock.js';
import type { CacheTier } from '../tier.js';
import { conformanceCases, type ConformanceCase } from './conformance-cases.js';
import { FakeClock } from './fake-clock.js';
import type { TestRunner } from './runner.js';

/** How the suite makes and disposes of the tier under test. */
export interface ConformanceHarness {
  /** Shown in test names. */
  name: string;
  /**
   * Makes a fresh, empty tier with no default TTL. With `time: 'fake'` the
   * tier must read time from `clock`.
   */
  create(context: { clock: Clock }): CacheTier<any> | Promise<CacheTier<any>>;
  /** Disposes of a tier after a case. @default tier.close() */
  destroy?(tier: CacheTier<any>): Promise<void>;
  /**
   * `fake`: time moves only through the suite's FakeClock. `real`: the suite
   * waits for real (remote tiers whose server keeps time).
   * @default 'fake'
   */
  time?: 'fake' | 'real';
  /** The TTL unit in milliseconds. @default 1000 with fake time, 150 with real time */
  ttl?: number;
  /** Groups to leave out, for tiers that document why they cannot meet them. */
  exclude?: readonly ConformanceCase['group'][];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one case against a fresh tier from `harness`; throws when the tier fails it. */
export async function runConformanceCase(harness: ConformanceHarness, testCase: ConformanceCase): Promise<void> {
  const fake = (harness.time ?? 'fake') === 'fake';
  const clock = new FakeClock();
  const tier = await harness.create({ clock });
  const advance = fake
    ? async (ms: number) => {
        clock.advance(ms);
      }
    : sleep;
  try {
    await testCase.run({ tier, advance, ttl: harness.ttl ?? (fake ? 1000 : 150) });
  } finally {
    await (harness.destroy ? harness.destroy(tier) : tier.close());
  }
}

/**
 * Registers every conformance case with your test runner (its `describe` and
 * `it`), under one `describe` named after the harness.
 */
export function describeConformance(harness: ConformanceHarness, { describe, it }: TestRunner): void {
  const excluded = new Set(harness.exclude ?? []);
  describe(`${harness.name} conforms to the @cache tier contract`, () => {
    for (const testCase of conformanceCases) {
      if (excluded.has(testCase.group)) continue;
      it(`${testCase.group}: ${testCase.name}`, () => runConformanceCase(harness, testCase));
    }
  });
}
