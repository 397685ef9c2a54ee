import { isCacheError } from '@cache/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HIGHEST, Histogram, RELATIVE_ERROR, slotLow, slotWidth } from '../src/histogram.js';

/** The nearest-rank percentile of sorted values: what Histogram.percentile approximates. */
function exactPercentile(sorted: readonly number[], p: number): number {
  if (p === 0) return sorted[0]!;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const allowed = (exact: number) => Math.max(0.5, exact * RELATIVE_ERROR);

// values spread over every magnitude up to an hour in ns, integers and fractions
const value = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
  fc.integer({ min: 0, max: DEFAULT_HIGHEST }),
);
const percent = fc.oneof(fc.constantFrom(0, 1, 50, 90, 99, 99.9, 100), fc.double({ min: 0, max: 100, noNaN: true }));

describe('Histogram', () => {
  it('is empty at first: every figure reads 0', () => {
    const h = new Histogram();
    expect([h.count, h.sum, h.min, h.max, h.mean, h.percentile(50)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('keeps count, sum, min, max and mean exact', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 200 }), (values) => {
        const h = new Histogram();
        for (const v of values) h.record(v);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(h.count).toBe(values.length);
        expect(h.sum).toBe(sum);
        expect(h.min).toBe(Math.min(...values));
        expect(h.max).toBe(Math.max(...values));
        expect(h.mean).toBe(sum / values.length);
      }),
    );
  });

  it('answers percentiles within the documented error of the exact nearest-rank quantile', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.array(percent, { minLength: 1, maxLength: 8 }), (values, ps) => {
        const h = new Histogram();
        for (const v of values) h.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        for (const p of ps) {
          const exact = exactPercentile(sorted, p);
          expect(Math.abs(h.percentile(p) - exact)).toBeLessThanOrEqual(allowed(exact));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives min and max exactly at percentiles 0 and 100', () => {
    const h = new Histogram();
    for (const v of [123_456.7, 9, 5_000_000_001]) h.record(v);
    expect(h.percentile(0)).toBe(9);
    expect(h.percentile(100)).toBe(5_000_000_001);
  });

  it('merging equals recording every value in one histogram', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 100 }), fc.array(value, { maxLength: 100 }), (a, b) => {
        const left = new Histogram();
        const right = new Histogram();
        const all = new Histogram();
        for (const v of a) left.record(v);
        for (const v of b) right.record(v);
        for (const v of [...a, ...b]) all.record(v);
        left.merge(right);
        // sums of fractions depend on the order of additions: equal up to rounding
        const { sum, mean, ...rest } = left.summary();
        const { sum: allSum, mean: allMean, ...allRest } = all.summary();
        expect(rest).toEqual(allRest);
        expect(Math.abs(sum - allSum)).toBeLessThanOrEqual(1e-9 * allSum);
        expect(Math.abs(mean - allMean)).toBeLessThanOrEqual(1e-9 * allMean);
        const bounds = [10, 1_000, 1e6, 1e9];
        expect(left.cumulativeCounts(bounds)).toEqual(all.cumulativeCounts(bounds));
        expect(right.count).toBe(b.length); // the source is unchanged
      }),
    );
  });

  it('merges a histogram with a wider range by clamping into its last slot', () => {
    const small = new Histogram({ highest: 1_000 });
    const wide = new Histogram();
    wide.record(5);
    wide.record(1e9);
    small.merge(wide);
    expect(small.count).toBe(2);
    expect(small.max).toBe(1e9);
    expect(small.percentile(100)).toBe(1e9);
    expect(small.percentile(50)).toBeCloseTo(5.5, 5);
  });

  it('counts values above the highest in its last slot, with exact extremes', () => {
    const h = new Histogram({ highest: 1_000 });
    h.record(10);
    h.record(50_000);
    expect(h.count).toBe(2);
    expect(h.max).toBe(50_000);
    expect(h.sum).toBe(50_010);
    expect(h.percentile(99)).toBeLessThanOrEqual(50_000);
    expect(h.percentile(99)).toBeGreaterThanOrEqual(1_000 * (1 - RELATIVE_ERROR));
  });

  it('exports cumulative counts: exact at slot edges, never more than the true count', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.uniqueArray(fc.integer({ min: 0, max: 1e10 }), { minLength: 1, maxLength: 6 }), (values, rawBounds) => {
        const bounds = [...rawBounds].sort((a, b) => a - b);
        const h = new Histogram();
        for (const v of values) h.record(v);
        const counts = h.cumulativeCounts(bounds);
        bounds.forEach((bound, i) => {
          const truth = values.filter((v) => v <= bound).length;
          // values in the slot straddling the bound may be left out; nothing above it is counted
          const lowerTruth = values.filter((v) => v < bound * (1 - 2 * RELATIVE_ERROR) - 1).length;
          expect(counts[i]).toBeLessThanOrEqual(truth);
          expect(counts[i]).toBeGreaterThanOrEqual(lowerTruth);
        });
        for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
      }),
    );
    const h = new Histogram();
    for (const v of [1, 127, 128, 129, 1_000, 5_000]) h.record(v);
    expect(h.cumulativeCounts([128, 130, 1_024, 5_000, 5_056])).toEqual([2, 4, 5, 5, 6]);
  });

  it('lays out slots that tile the number line with a width of at most 1/64 of their low edge', () => {
    let next = 0;
    for (let slot = 0; slot < 3_000; slot++) {
      expect(slotLow(slot)).toBe(next);
      if (slot >= 128) expect(slotWidth(slot) * 64).toBeLessThanOrEqual(slotLow(slot));
      next = slotLow(slot) + slotWidth(slot);
    }
  });

  it('clone is independent; reset forgets everything', () => {
    const h = new Histogram();
    h.record(42);
    const copy = h.clone();
    h.reset();
    expect(h.summary()).toEqual(new Histogram().summary());
    expect(copy.count).toBe(1);
    expect(copy.percentile(50)).toBe(42);
  });

  it('rejects bad values, percentiles, bounds and options with typed errors, changing nothing', () => {
    const h = new Histogram();
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(() => h.record(bad)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', argument: 'value' }));
    }
    expect(h.count).toBe(0);
    for (const bad of [-0.1, 100.5, Number.NaN]) expect(() => h.percentile(bad)).toThrow(/percentile takes a number from 0 to 100/);
    expect(() => h.cumulativeCounts([5, 5])).toThrow(/strictly ascending/);
    for (const bad of [0, 12.5, 2 ** 60]) {
      let error: unknown;
      try {
        new Histogram({ highest: bad });
      } catch (e) {
        error = e;
      }
      expect(isCacheError(error, 'CACHE_INVALID_OPTION')).toBe(true);
    }
  });
});
