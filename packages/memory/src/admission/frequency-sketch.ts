/**
 * A count-min sketch of 4-bit counters that estimates how often a key was
 * seen, with periodic halving so old popularity fades (TinyLFU: Einziger,
 * Friedman & Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM ToS 2017, section 3; the layout follows Caffeine's FrequencySketch).
 *
 * Eight counters per 32-bit word; a key owns one counter in each of four
 * words picked by independent hashes, and its estimate is the minimum of the
 * four. After `10 × capacity` increments every counter is halved ("reset").
 * An optional doorkeeper (a Bloom filter) absorbs the first sighting of a
 * key, so one-hit wonders do not pollute the counters.
 * @module
 */

const SEEDS = [0x97cb3127, 0xb3e9a5d5, 0x6a09e667, 0x3c6ef373] as const;
const RESET_MASK = 0x77777777;
const ONE_MASK = 0x11111111;

function mix(hash: number, seed: number): number {
  let x = Math.imul(hash ^ seed, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  return x ^ (x >>> 13);
}

function bitCount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

/** Frequency estimates for 32-bit key hashes. */
export class FrequencySketch {
  #table: Uint32Array;
  #mask: number;
  #additions = 0;
  /** Increments between two halvings. */
  sampleSize: number;
  #door: Uint32Array | undefined;
  #doorMask = 0;

  /**
   * @param capacity the cache's entry capacity: the table gets about
   *   `countersPerEntry` counters per entry (a power of two of words)
   * @param doorkeeper whether to put a Bloom filter in front of the counters
   */
  constructor(capacity: number, doorkeeper = false, countersPerEntry = 16) {
    const words = Math.max(8, 2 ** Math.ceil(Math.log2(Math.max(1, (capacity * countersPerEntry) / 8))));
    this.#table = new Uint32Array(words);
    this.#mask = words - 1;
    this.sampleSize = Math.max(10, 10 * capacity);
    if (doorkeeper) {
      const bits = Math.max(256, 2 ** Math.ceil(Math.log2(capacity * 8)));
      this.#door = new Uint32Array(bits >>> 5);
      this.#doorMask = bits - 1;
    }
  }

  /** The estimated number of times `hash` was seen since it last faded (0–15, +1 with a doorkeeper). */
  frequency(hash: number): number {
    const table = this.#table;
    const mask = this.#mask;
    const start = (hash & 1) << 2;
    let min = 15;
    for (let i = 0; i < 4; i++) {
      const count = (table[mix(hash, SEEDS[i]!) & mask]! >>> ((start + i) << 2)) & 0xf;
      if (count < min) min = count;
    }
    const door = this.#door;
    if (door !== undefined && this.#inDoor(door, hash)) min++;
    return min;
  }

  /** Records one sighting of `hash`. */
  increment(hash: number): void {
    const door = this.#door;
    if (door !== undefined && !this.#putDoor(door, hash)) return;
    const table = this.#table;
    const mask = this.#mask;
    const start = (hash & 1) << 2;
    let added = false;
    for (let i = 0; i < 4; i++) {
      const index = mix(hash, SEEDS[i]!) & mask;
      const shift = (start + i) << 2;
      const word = table[index]!;
      if (((word >>> shift) & 0xf) !== 0xf) {
        table[index] = word + (1 << shift);
        added = true;
      }
    }
    if (added && ++this.#additions >= this.sampleSize) this.#reset();
  }

  /** Halves every counter (and clears the doorkeeper). */
  #reset(): void {
    const table = this.#table;
    let odd = 0;
    for (let i = 0; i < table.length; i++) {
      const word = table[i]!;
      odd += bitCount(word & ONE_MASK);
      table[i] = (word >>> 1) & RESET_MASK;
    }
    this.#additions = (this.#additions >>> 1) - (odd >>> 2);
    this.#door?.fill(0);
  }

  #inDoor(door: Uint32Array, hash: number): boolean {
    const a = mix(hash, 0x2545f491) & this.#doorMask;
    const b = mix(hash, 0x4f1bbcdd) & this.#doorMask;
    return ((door[a >>> 5]! >>> (a & 31)) & 1) === 1 && ((door[b >>> 5]! >>> (b & 31)) & 1) === 1;
  }

  /** Adds `hash` to the doorkeeper; true when it was (probably) there already. */
  #putDoor(door: Uint32Array, hash: number): boolean {
    const a = mix(hash, 0x2545f491) & this.#doorMask;
    const b = mix(hash, 0x4f1bbcdd) & this.#doorMask;
    const present = ((door[a >>> 5]! >>> (a & 31)) & 1) === 1 && ((door[b >>> 5]! >>> (b & 31)) & 1) === 1;
    door[a >>> 5] = door[a >>> 5]! | (1 << (a & 31));
    door[b >>> 5] = door[b >>> 5]! | (1 << (b & 31));
    return present;
  }
}
