/**
 * Hostile input to every @cache/otel entry point: each call either succeeds
 * or fails with a typed error naming the argument or option and saying what
 * to pass; nothing is printed. Every handle a successful call returns is
 * closed.
 */
import { ErrorCode } from '@cache/core';
import {
  HOSTILE_SEED,
  hostileOptionNames,
  hostileProxy,
  problemOf,
  sweep,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
} from '@cache/test-support/hostile';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observeCacheMetrics, recordOperationDurations, traceCaches } from '../src/index.js';

const CODES = [ErrorCode.InvalidArgument, ErrorCode.InvalidOption];
const sources = () => [];

type Call = HostileCall<void>;

const closeAll = (handle: unknown) => {
  if (typeof handle === 'function') (handle as () => void)();
  else (handle as { close(): void }).close();
};

const entries: [string, (options: unknown) => unknown, readonly string[]][] = [
  ['recordOperationDurations', (o) => recordOperationDurations(o as never), ['meter', 'meterProvider', 'buckets']],
  ['observeCacheMetrics', (o) => observeCacheMetrics(sources, o as never), ['meter', 'meterProvider', 'onError']],
  ['traceCaches', (o) => traceCaches(o as never), ['tracer', 'tracerProvider', 'includeKeys']],
];

const calls: Call[] = entries.flatMap(([what, run, options]): Call[] => [
  ...hostileOptionNames.map((name): Call => ({ label: `${what}({ ${name} })`, run: () => run(withOwnOption({}, name, 5)), names: [name], mustFail: true })),
  ...options.map((name): Call => ({ label: `${what}(throwing ${name})`, run: () => run(withThrowingOption({}, name)), names: [name], mustFail: true })),
  ...options.flatMap((name) => [42, 'x', {}, null].map((value): Call => ({ label: `${what}({ ${name}: ${JSON.stringify(value)} })`, run: () => run({ [name]: value }), names: [name], mustFail: true }))),
  ...[null, 42, 'x'].map((o): Call => ({ label: `${what}(${JSON.stringify(o)})`, run: () => run(o), names: ['options'], mustFail: true })),
  { label: `${what}(Proxy)`, run: () => run(hostileProxy()), names: ['options'], mustFail: true },
]);
calls.push(
  ...[null, 42, {}, [], 'sources'].map((s): Call => ({ label: `observeCacheMetrics(${JSON.stringify(s)})`, run: () => observeCacheMetrics(s as never), names: ['sources'], mustFail: true })),
  ...[[3, 1], [-1], [Number.NaN]].map((buckets): Call => ({ label: `recordOperationDurations({ buckets: ${JSON.stringify(buckets)} })`, run: () => recordOperationDurations({ buckets }), names: ['buckets'], mustFail: true })),
);

const check = (call: Call) => problemOf(call, undefined, { codes: CODES, cleanup: (outcome) => outcome.ok && closeAll(outcome.value) });

describe('@cache/otel entry points under hostile arguments', () => {
  it('every call fails with a typed error naming the argument or option; prints nothing', async () => {
    expect(await sweep(calls, check)).toEqual([]);
  });

  it('the same in any order (fast-check, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), async (call) => {
        expect(await check(call)).toBeUndefined();
      }),
      { seed: HOSTILE_SEED, numRuns: 60 },
    );
  });

  it('valid options still work', () => {
    for (const [, run] of entries) closeAll(run({}));
    closeAll(traceCaches({ includeKeys: true }));
  });
});
