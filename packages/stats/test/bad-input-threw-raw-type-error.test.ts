/**
 * Regression: stats entry points trusted their input and failed deep inside
 * with a raw TypeError: `histogram.record(5n)` ("Cannot convert a BigInt
 * value to a number"), `histogram.merge({})` ("Cannot read private member"),
 * `histogram.cumulativeCounts(null)`, `instrument(42)` ("Reflect.ownKeys
 * called on non-object"), `aggregate(null)`, `aggregate([null])`,
 * `escapeLabelValue(42)`; and options were not checked: a misspelt
 * `timeevery` or `includeKeys: 'yes'` was silently ignored or coerced. Each
 * is now core's typed error naming the argument or option.
 */
import { ErrorCode, isCacheError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { Histogram, LatencyRecorder, aggregate, escapeLabelValue, instrument, toPrometheus } from '../src/index.js';

function thrown(call: () => unknown): Error & { code: string; argument?: string; option?: string } {
  try {
    call();
  } catch (error) {
    expect(isCacheError(error), String(error)).toBe(true);
    return error as Error & { code: string };
  }
  throw new Error('expected the call to throw');
}

describe('stats input of the wrong kind', () => {
  it('arguments: InvalidArgumentError naming them; a histogram counts nothing', () => {
    const histogram = new Histogram();
    expect(thrown(() => histogram.record(5n as never)).argument).toBe('value');
    expect(thrown(() => histogram.record(Symbol('x') as never)).argument).toBe('value');
    expect(thrown(() => histogram.merge({} as never)).argument).toBe('other');
    expect(thrown(() => histogram.cumulativeCounts(null as never)).argument).toBe('bounds');
    expect(histogram.count).toBe(0);
    expect(thrown(() => instrument(42 as never)).argument).toBe('tier');
    expect(thrown(() => aggregate(null as never)).argument).toBe('levels');
    expect(thrown(() => aggregate([null] as never)).argument).toBe('levels');
    expect(thrown(() => escapeLabelValue(42 as never)).argument).toBe('value');
  });

  it('options: unknown or non-boolean ones are InvalidOptionErrors naming them', () => {
    const misspelt = thrown(() => new LatencyRecorder({ timeevery: 10 } as never));
    expect([misspelt.code, misspelt.option]).toEqual([ErrorCode.InvalidOption, 'timeevery']);
    expect(misspelt.message).toMatch(/did you mean "timeEvery"/);
    expect(thrown(() => new LatencyRecorder({ includeKeys: 'yes' as never })).option).toBe('includeKeys');
    expect(thrown(() => new Histogram({ higest: 10 } as never)).option).toBe('higest');
    expect(thrown(() => toPrometheus([], { prefx: 'app' } as never)).option).toBe('prefx');
  });
});
