/**
 * The two functions the suites need from a test runner, so they register
 * with whichever one you use: node:test, vitest, jest, mocha, bun:test and
 * Deno's `@std/testing/bdd` all have `describe(name, fn)` and `it(name, fn)`.
 *
 * ```ts
 * import { describe, it } from 'node:test';
 * import { describeConformance, MapTier } from '@cache/core/testing';
 * describeConformance({ name: 'map', create: ({ clock }) => new MapTier({ clock }) }, { describe, it });
 * ```
 * @module
 */

/** `describe` and `it` of a test runner (called unbound, as every runner allows). */
export interface TestRunner {
  /** Groups tests; `fn` registers them synchronously. */
  describe: (name: string, fn: () => void) => unknown;
  /** Registers one test; the runner awaits the promise `fn` returns. */
  it: (name: string, fn: () => Promise<void>) => unknown;
}
