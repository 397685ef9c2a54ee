/**
 * Hostile input to every @cache/stats entry point that takes user input:
 * each call either succeeds or fails with a typed error naming what to
 * change, prints nothing (no console output, no process warning), and a
 * failed call changes nothing (a histogram's count and sum stay put).
 */
import { ErrorCode } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import {
  HOSTILE_SEED,
  hostileOptionNames,
  hostileProxy,
  invalidCounts,
  invalidTtls,
  problemOf,
  sweep,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
} from '@cache/test-support/hostile';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram, LatencyRecorder, aggregate, escapeLabelValue, instrument, instrumentSync, parseLatencyBuckets, startReporter, toPrometheus } from '../src/index.js';

const CODES = [ErrorCode.InvalidArgument, ErrorCode.InvalidOption];
const noop = () => {};

interface Call extends HostileCall<void> {
  /** Read before and after: must be equal when the call failed. */
  state?: () => unknown;
}

const histogram = new Histogram();
histogram.record(5);
const histogramState = () => [histogram.count, histogram.sum, histogram.percentile(50)];
const numbers: [string, unknown][] = [['NaN', Number.NaN], ['-1', -1], ['Infinity', Infinity], ['-Infinity', -Infinity], ["'5'", '5'], ['null', null], ['5n', 5n], ['{}', {}], ['a symbol', Symbol('n')], ['1e308', 1e308]];
const show = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
};
const tier = () => new MemoryCache({ maxEntries: 10 });

const calls: Call[] = [
  ...numbers.map(([label, v]): Call => ({ label: `histogram.record(${label})`, run: () => histogram.record(v as number), names: ['value'], state: histogramState })),
  ...numbers.map(([label, v]): Call => ({ label: `histogram.percentile(${label})`, run: () => histogram.percentile(v as number), names: ['p', 'percentile'], state: histogramState })),
  ...[null, 'abc', [3, 1], [Number.NaN], hostileProxy()].map((b): Call => ({ label: `histogram.cumulativeCounts(${typeof b})`, run: () => histogram.cumulativeCounts(b as number[]), names: ['bounds'], state: histogramState })),
  ...[null, {}, 'h', hostileProxy()].map((o): Call => ({ label: `histogram.merge(${typeof o})`, run: () => histogram.merge(o as Histogram), names: ['other'], state: histogramState })),
  ...invalidCounts.map(([label, v]): Call => ({ label: `new Histogram({ highest: ${label} })`, run: () => new Histogram({ highest: v as number }), names: ['highest'] })),
  ...hostileOptionNames.map((name): Call => ({ label: `new Histogram({ ${name} })`, run: () => new Histogram(withOwnOption({}, name, 5)), names: [name], mustFail: true })),
  { label: 'new Histogram(Proxy)', run: () => new Histogram(hostileProxy()), names: ['options', 'highest'] },
  { label: "new Histogram('x')", run: () => new Histogram('x' as never), names: ['options'] },
  ...invalidCounts.map(([label, v]): Call => ({ label: `new LatencyRecorder({ timeEvery: ${label} })`, run: () => new LatencyRecorder({ timeEvery: v as number }), names: ['timeEvery'] })),
  ...hostileOptionNames.map((name): Call => ({ label: `new LatencyRecorder({ ${name} })`, run: () => new LatencyRecorder(withOwnOption({}, name, 5)), names: [name], mustFail: true })),
  ...['now', 'histogram', 'timeEvery'].map((option): Call => ({ label: `new LatencyRecorder(throwing ${option})`, run: () => new LatencyRecorder(withThrowingOption({}, option)), names: [option] })),
  { label: "new LatencyRecorder({ includeKeys: 'yes' })", run: () => new LatencyRecorder({ includeKeys: 'yes' as never }), names: ['includeKeys'], mustFail: true },
  { label: "new LatencyRecorder({ diagnostics: 'no' })", run: () => new LatencyRecorder({ diagnostics: 'no' as never }), names: ['diagnostics'], mustFail: true },
  { label: 'new LatencyRecorder({ histogram: { highest: -1 } })', run: () => new LatencyRecorder({ histogram: { highest: -1 } }), names: ['highest'] },
  ...[null, 42, {}, 'tier', hostileProxy()].map((t): Call => ({ label: `instrument(${typeof t})`, run: () => instrument(t as never), names: ['tier'] })),
  ...[null, 42, {}, 'tier'].map((t): Call => ({ label: `instrumentSync(${typeof t})`, run: () => instrumentSync(t as never), names: ['tier'] })),
  ...hostileOptionNames.map((name): Call => ({ label: `instrument(tier, { ${name} })`, run: () => instrument(tier().asAsync(), withOwnOption({}, name, 5)), names: [name], mustFail: true })),
  { label: 'instrument(tier, { recorder: {} })', run: () => instrument(tier().asAsync(), { recorder: {} as never }), names: ['recorder'] },
  ...[null, 42, 'l1', [null], [{ name: 'l1' }], hostileProxy()].map((levels): Call => ({ label: `aggregate(${show(levels)})`, run: () => aggregate(levels as never), names: ['levels'] })),
  ...[null, 42, 'x', [{ heap: 1 }], hostileProxy()].map((sources): Call => ({ label: `toPrometheus(${show(sources)})`, run: () => toPrometheus(sources as never), names: ['sources', 'options'] })),
  ...['', 'a b', '1abc', '__proto__', 'x{y}'].map((prefix): Call => ({ label: `toPrometheus([], { prefix: ${JSON.stringify(prefix)} })`, run: () => toPrometheus([], { prefix }), names: ['prefix'] })),
  ...hostileOptionNames.map((name): Call => ({ label: `toPrometheus([], { ${name} })`, run: () => toPrometheus([], withOwnOption({}, name, 5)), names: [name], mustFail: true })),
  ...[null, 'x', [3, 1], [-1], [Number.NaN], [Infinity], hostileProxy()].map((b): Call => ({ label: `parseLatencyBuckets(${show(b)})`, run: () => parseLatencyBuckets(b as number[]), names: ['buckets'] })),
  ...[null, 42, {}, Symbol('v')].map((v): Call => ({ label: `escapeLabelValue(${typeof v})`, run: () => escapeLabelValue(v as string), names: ['value'] })),
  ...invalidTtls.filter(([label]) => label !== '1e308').map(([label, interval]): Call => ({ label: `startReporter({ interval: ${label} })`, run: () => startReporter({ interval: interval as number, collect: noop, report: noop, onError: noop }).stop(), names: ['interval'] })),
  ...[1e10, 2 ** 31, '30d'].map((interval): Call => ({ label: `startReporter({ interval: ${String(interval)} }) (past the timer limit)`, run: () => startReporter({ interval: interval as number, collect: noop, report: noop, onError: noop }).stop(), names: ['interval'], mustFail: true })),
  ...['collect', 'report', 'onError'].map((name): Call => ({ label: `startReporter({ ${name}: 42 })`, run: () => startReporter({ interval: 1000, collect: noop, report: noop, onError: noop, [name]: 42 }).stop(), names: [name] })),
  ...hostileOptionNames.map((name): Call => ({ label: `startReporter({ ${name} })`, run: () => startReporter(withOwnOption({ interval: 1000, collect: noop, report: noop, onError: noop }, name, 5) as never).stop(), names: [name], mustFail: true })),
  { label: 'startReporter(undefined)', run: () => (startReporter as (o?: unknown) => unknown)(), names: ['options', 'interval'] },
  { label: 'startReporter(Proxy)', run: () => startReporter(hostileProxy() as never), names: ['options', 'interval'] },
];

const check = (call: Call) => problemOf(call, undefined, { codes: CODES, state: call.state });

describe('@cache/stats entry points under hostile arguments', () => {
  it('every call succeeds or fails with a typed error naming the argument; prints nothing; a failed call changes nothing', async () => {
    expect(await sweep(calls, check)).toEqual([]);
  });

  it('the same in any order (fast-check, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), async (call) => {
        expect(await check(call)).toBeUndefined();
      }),
      { seed: HOSTILE_SEED, numRuns: 100 },
    );
  });
});
