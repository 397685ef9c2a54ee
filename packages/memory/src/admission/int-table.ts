/**
 * A fixed-capacity map from int32 keys to int32 values in three typed
 * arrays (open addressing, linear probing from a Fibonacci-hashed home,
 * backward-shift deletion, load ≤ 1/4): what the tie judge
 * (`tie-judge.ts`) keeps its open trials in.
 *
 * Why not a `Map<number, number>`: the judge opens and ends a trial every
 * few writes, and a `Map` that keeps losing and gaining entries rebuilds
 * its backing store every few hundred operations (an allocation, the
 * garbage collector's work, and `FindOrderedHashMapEntry` on every lookup).
 * Uniform writes over twice the capacity of a 10k-entry cache (the default
 * policy, `perf` with `--perf-prof`): the two `Map`s took about 4% of the
 * time (2.3% looking up, 1.4% allocating, and part of the marking). This
 * table allocates once and never again.
 * @module
 */

/** Multiplier of the home hash (2^32 / φ, odd). */
const SPREAD = 0x9e3779b1;

export class IntTable {
  readonly #keys: Int32Array;
  readonly #values: Int32Array;
  /** 1 where a cell holds an entry. */
  readonly #used: Uint8Array;
  readonly #mask: number;
  /** 32 − log2(cells): a key's home is its spread's top bits. */
  readonly #shift: number;
  readonly #capacity: number;
  #size = 0;

  /** @param capacity the most entries it holds at once (a positive integer) */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`IntTable: capacity must be a positive integer, got ${capacity}`);
    let cells = 4;
    while (cells < 4 * capacity) cells *= 2;
    this.#keys = new Int32Array(cells);
    this.#values = new Int32Array(cells);
    this.#used = new Uint8Array(cells);
    this.#mask = cells - 1;
    this.#shift = 32 - Math.log2(cells);
    this.#capacity = capacity;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#size;
  }

  /** Whether it holds `key`. */
  has(key: number): boolean {
    return this.#find(key) >= 0;
  }

  /** The value under `key`, or `missing` when it holds none. */
  get(key: number, missing: number): number {
    const i = this.#find(key);
    return i < 0 ? missing : this.#values[i]!;
  }

  /**
   * Puts `value` under `key` (replacing the value a key it holds had).
   * @throws RangeError when it is full and does not hold `key`
   */
  set(key: number, value: number): void {
    const keys = this.#keys;
    const used = this.#used;
    const mask = this.#mask;
    let i = Math.imul(key, SPREAD) >>> this.#shift;
    while (used[i] === 1) {
      if (keys[i] === key) {
        this.#values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    if (this.#size === this.#capacity) throw new RangeError(`IntTable: full at ${this.#capacity} entries`);
    keys[i] = key;
    this.#values[i] = value;
    used[i] = 1;
    this.#size++;
  }

  /** Removes `key`; true when it held it. */
  delete(key: number): boolean {
    let hole = this.#find(key);
    if (hole < 0) return false;
    const keys = this.#keys;
    const values = this.#values;
    const used = this.#used;
    const mask = this.#mask;
    const shift = this.#shift;
    let i = hole;
    for (;;) {
      i = (i + 1) & mask;
      if (used[i] === 0) break;
      const home = Math.imul(keys[i]!, SPREAD) >>> shift;
      // The entry at i may move back to the hole unless its home lies cyclically in (hole, i].
      if (((i - home) & mask) < ((i - hole) & mask)) continue;
      keys[hole] = keys[i]!;
      values[hole] = values[i]!;
      hole = i;
    }
    used[hole] = 0;
    this.#size--;
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.#used.fill(0);
    this.#size = 0;
  }

  /** The cell holding `key`, or -1. */
  #find(key: number): number {
    const keys = this.#keys;
    const used = this.#used;
    const mask = this.#mask;
    let i = Math.imul(key, SPREAD) >>> this.#shift;
    while (used[i] === 1) {
      if (keys[i] === key) return i;
      i = (i + 1) & mask;
    }
    return -1;
  }
}
