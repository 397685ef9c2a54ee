import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ghost } from '../src/admission/ghost.js';

/** The ghost's specification: a FIFO of hashes, a hash remembered while its newest copy is within the last `limit` additions and it was not taken since. */
class ReferenceGhost {
  readonly #ring: number[] = [];
  readonly #where = new Map<number, number>();
  #first = 0;

  get size(): number {
    return this.#where.size;
  }

  add(hash: number, limit: number): void {
    if (limit <= 0) return;
    while (this.#ring.length - this.#first >= limit) {
      const sequence = this.#first++;
      if (this.#where.get(this.#ring[sequence]!) === sequence) this.#where.delete(this.#ring[sequence]!);
    }
    this.#where.set(hash, this.#ring.length);
    this.#ring.push(hash);
  }

  take(hash: number): boolean {
    return this.#where.delete(hash);
  }
}

type Op = { t: 'add'; hash: number; limit: number } | { t: 'take'; hash: number } | { t: 'clear' };

describe('Ghost', () => {
  it('remembers exactly what a FIFO of the last `limit` additions does, through growth, re-adds, takes and clears', () => {
    // few distinct hashes (re-adds, stale cells) and colliding homes (hashes equal in their top bits)
    const hash = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 300 }).map((i) => i << 24), fc.integer());
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), hash, limit: fc.constantFrom(0, 1, 5, 8, 8, 8, 64, 100, 300) }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('take' as const), hash }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('clear' as const) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 1500, size: 'max' }), (ops) => {
        const ghost = new Ghost();
        let reference = new ReferenceGhost();
        for (const o of ops) {
          if (o.t === 'add') {
            ghost.add(o.hash, o.limit);
            reference.add(o.hash, o.limit);
          } else if (o.t === 'take') {
            expect(ghost.take(o.hash)).toBe(reference.take(o.hash));
          } else {
            ghost.clear();
            reference = new ReferenceGhost();
          }
          expect(ghost.size).toBe(reference.size);
        }
        for (let h = -40; h <= 40; h++) expect(ghost.take(h)).toBe(reference.take(h));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps up to its limit across ring growth', () => {
    const ghost = new Ghost();
    for (let h = 0; h < 1000; h++) ghost.add(h * 7919, 500);
    expect(ghost.size).toBe(500);
    expect(ghost.take(499 * 7919)).toBe(false);
    expect(ghost.take(500 * 7919)).toBe(true);
    expect(ghost.take(999 * 7919)).toBe(true);
    expect(ghost.size).toBe(498);
  });
});
