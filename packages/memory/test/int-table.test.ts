import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntTable } from '../src/admission/int-table.js';

type Op = { t: 'set'; key: number; value: number } | { t: 'delete'; key: number } | { t: 'get'; key: number } | { t: 'clear' };

/** Keys from a small pool of int32s that share homes (0, negatives, multiples of a power of two), so runs form, wrap and shift back. */
const KEYS = [0, 1, -1, 2, 4, 1 << 20, 2 << 20, 3 << 20, -0x80000000, 0x7fffffff, 0x9e3779b1 | 0, 7, 12_345, -99];

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('set' as const), key: fc.constantFrom(...KEYS), value: fc.integer({ min: -0x80000000, max: 0x7fffffff }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('get' as const), key: fc.constantFrom(...KEYS) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
);

describe('IntTable', () => {
  it('behaves like a Map of int32s under colliding keys, deletions and refills, up to its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
        const table = new IntTable(capacity);
        const model = new Map<number, number>();
        for (const o of ops) {
          switch (o.t) {
            case 'set':
              if (model.size === capacity && !model.has(o.key)) {
                expect(() => table.set(o.key, o.value)).toThrow(RangeError);
              } else {
                table.set(o.key, o.value);
                model.set(o.key, o.value);
              }
              break;
            case 'delete':
              expect(table.delete(o.key)).toBe(model.delete(o.key));
              break;
            case 'get':
              expect(table.has(o.key)).toBe(model.has(o.key));
              expect(table.get(o.key, 42)).toBe(model.get(o.key) ?? 42);
              break;
            case 'clear':
              table.clear();
              model.clear();
              break;
          }
          expect(table.size).toBe(model.size);
        }
        for (const key of KEYS) expect(table.get(key, 42)).toBe(model.get(key) ?? 42);
      }),
      { numRuns: 300 },
    );
  });

  it('holds its full capacity, refuses one more key, and finds each key after every other one left', () => {
    // keys that differ only in their top byte (the multiplier carries no low bit up into them)
    const table = new IntTable(256);
    const keys = Array.from({ length: 256 }, (_, i) => i * 2 ** 24);
    keys.forEach((key, i) => table.set(key | 0, i));
    expect(table.size).toBe(256);
    expect(() => table.set(-5, 0)).toThrow(/full at 256/);
    for (let i = 0; i < 256; i += 2) expect(table.delete(keys[i]! | 0)).toBe(true);
    for (let i = 1; i < 256; i += 2) expect(table.get(keys[i]! | 0, -1)).toBe(i);
    for (let i = 0; i < 256; i += 2) expect(table.has(keys[i]! | 0)).toBe(false);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => new IntTable(bad)).toThrow(RangeError);
  });
});
