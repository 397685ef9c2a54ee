/**
 * `read-floor`: the least a read of an LRU over @cache/memory's key hash
 * can cost, measured in the same harness as the libraries. It hashes the
 * key with the package's own `hashKey` (four xor-multiply lanes over every
 * UTF-16 unit of a short key, from a seed; loaded from the built package
 * by `libraries.ts`), probes a power-of-two table of slots (linear
 * probing, at most half full), compares one key, and moves the slot to
 * the newest end of a doubly linked list in two `Int32Array`s, as
 * mnemonist's `LRUMap` does. Nothing else: no TTL, no statistics, no key check, no flood guard,
 * no eviction (a write to a full floor throws). It answers how close a
 * cache that hashes keys in JavaScript can come to mnemonist, whose `Map`
 * reuses the hash V8 caches in the string.
 * @module
 */

/** Keys up to this length only: beyond it @cache/memory uses another hash. */
const MAX_KEY_LENGTH = 16;

/** A seeded 32-bit key hash: @cache/memory's own (`hashKey` of `packages/memory/src/hash.ts`). */
export type KeyHash = (key: string, seed: number) => number;

/** A read-only LRU floor of fixed capacity (see the module note). */
export class ReadFloor {
  readonly #capacity: number;
  readonly #hash: KeyHash;
  readonly #seed = (Math.random() * 0x100000000) | 0;
  /** Slot → key and value (slot 0 is "none"). */
  readonly #keys: (string | undefined)[];
  readonly #values: (object | undefined)[];
  /** Table word → slot (0: empty). */
  readonly #table: Int32Array;
  readonly #mask: number;
  /** Slot → newer neighbour (#newer) and older neighbour (#older). */
  readonly #newer: Int32Array;
  readonly #older: Int32Array;
  #newest = 0;
  #oldest = 0;
  #size = 0;

  /**
   * @param capacity how many entries it holds (it does not evict)
   * @param hash the key hash to measure
   */
  constructor(capacity: number, hash: KeyHash) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`read-floor: capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
    this.#hash = hash;
    this.#keys = new Array<string | undefined>(capacity + 1).fill(undefined);
    this.#values = new Array<object | undefined>(capacity + 1).fill(undefined);
    let size = 2;
    while (size < 2 * (capacity + 1)) size *= 2;
    this.#table = new Int32Array(size);
    this.#mask = size - 1;
    this.#newer = new Int32Array(capacity + 1);
    this.#older = new Int32Array(capacity + 1);
  }

  get(key: string): object | undefined {
    const slot = this.#find(key);
    if (slot === 0) return undefined;
    this.#touch(slot);
    return this.#values[slot];
  }

  set(key: string, value: object): this {
    if (key.length > MAX_KEY_LENGTH) throw new RangeError(`read-floor: keys of at most ${MAX_KEY_LENGTH} units (got ${key.length})`);
    let slot = this.#find(key);
    if (slot === 0) {
      if (this.#size === this.#capacity) throw new RangeError(`read-floor: full at ${this.#capacity} entries (it does not evict)`);
      slot = ++this.#size;
      this.#keys[slot] = key;
      let i = this.#hash(key, this.#seed) & this.#mask;
      while (this.#table[i] !== 0) i = (i + 1) & this.#mask;
      this.#table[i] = slot;
      if (this.#newest === 0) this.#oldest = slot;
      else this.#newer[this.#newest] = slot;
      this.#older[slot] = this.#newest;
      this.#newest = slot;
    } else {
      this.#touch(slot);
    }
    this.#values[slot] = value;
    return this;
  }

  #find(key: string): number {
    const table = this.#table;
    const keys = this.#keys;
    const mask = this.#mask;
    for (let i = this.#hash(key, this.#seed) & mask; ; i = (i + 1) & mask) {
      const slot = table[i]!;
      if (slot === 0 || keys[slot] === key) return slot;
    }
  }

  /** Moves `slot` to the newest end (mnemonist's `splayOnTop`). */
  #touch(slot: number): void {
    const newest = this.#newest;
    if (slot === newest) return;
    const newer = this.#newer;
    const older = this.#older;
    const n = newer[slot]!;
    const p = older[slot]!;
    older[n] = p;
    if (slot === this.#oldest) this.#oldest = n;
    else newer[p] = n;
    newer[newest] = slot;
    older[slot] = newest;
    this.#newest = slot;
  }
}
