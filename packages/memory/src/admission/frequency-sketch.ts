/**
 * A count-min sketch of 4-bit counters that estimates how often a key was
 * seen, with periodic halving so old popularity fades (TinyLFU: Einziger,
 * Friedman & Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM ToS 2017, section 3; the layout follows Caffeine's FrequencySketch).
 *
 * Eight counters per 32-bit word; a key owns four counters in one 32-byte
 * block (one per word pair, picked by a second hash), and its estimate is the
 * minimum of the four. The owner halves every counter periodically
 * (TinyLFU's "reset"; W-TinyLFU does it every `HALVING_PERIOD × capacity`
 * requests, policy/w-tinylfu.ts).
 * An optional doorkeeper (a Bloom filter) absorbs the first sighting of a
 * key, so one-hit wonders do not pollute the counters.
 * @module
 */

const RESET_MASK = 0x77777777;
/**
 * The default smallest table, in 32-bit words: 32 per entry (256 counters)
 * up to 16 KiB, then 8 counters per entry (1 word) up to 128 KiB, so caches
 * up to 32k entries keep at least 8 counters per entry whatever
 * counters-per-entry their owner asks for. A bounded, fixed cost: beyond
 * 32k entries the table stays at 128 KiB until `countersPerEntry` takes
 * over (the default policy's 5 per entry: from about 52k entries), so bytes
 * per entry of large caches (measured at 1M entries) do not change; a
 * 25k-entry W-TinyLFU pays 1.5 bytes per entry more (4 instead of 2.5).
 * Why: in mid-size caches collisions decide admissions. After 2 × 25,000
 * distinct keys, 5 counters per entry estimated 43% of never-seen keys at
 * 1 or more (8 per entry: 19%, 16: 3%). On the ARC P6 trace at 25,000
 * entries, with a fixed 1% window, 5 counters per entry gave 16.4% and 16
 * gave 18.2% (the reference W-TinyLFU 1%: 17.5%); the default policy gave
 * 16.18% with 5 and 17.33% with 8 (mean of 5 seeds); at 100,000 entries 5
 * and 16 are within 0.15 points. 8 is the cheaper of the two that pass the
 * acceptance grid.
 */
const SMALL_FLOOR_WORDS = 4096;
const SMALL_WORDS_PER_ENTRY = 32;
const MID_FLOOR_WORDS = 32768;
const MID_WORDS_PER_ENTRY = 1;

/** The default smallest table for `capacity` entries, in 32-bit words (see the constants above). */
export function defaultMinimumWords(capacity: number): number {
  return Math.max(Math.min(SMALL_FLOOR_WORDS, SMALL_WORDS_PER_ENTRY * capacity), Math.min(MID_FLOOR_WORDS, MID_WORDS_PER_ENTRY * capacity));
}
/** 2^-32: maps a 32-bit hash onto [0, blocks) by multiplication (Lemire's range reduction), no division. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

function mix(hash: number, seed: number): number {
  let x = Math.imul(hash ^ seed, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  return x ^ (x >>> 13);
}

/** A second, independent hash of an (already mixed) key hash: picks the counters inside a block. */
function rehash(hash: number): number {
  const x = Math.imul(hash, 0x31848bab);
  return x ^ (x >>> 14);
}

/** Halves every 4-bit counter of `table` (a plain function so it stays optimised between rare calls). */
function halveCounters(table: Uint32Array): void {
  for (let i = 0; i < table.length; i++) table[i] = (table[i]! >>> 1) & RESET_MASK;
}

/** The smallest of a key's four counters in the block at word `block` (`h`: the key's rehash). */
function minimumAt(table: Uint32Array, block: number, h: number): number {
  let min = (table[block + (h & 1)]! >>> (((h >>> 1) & 7) << 2)) & 0xf;
  let c = (table[block + 2 + ((h >>> 8) & 1)]! >>> (((h >>> 9) & 7) << 2)) & 0xf;
  if (c < min) min = c;
  c = (table[block + 4 + ((h >>> 16) & 1)]! >>> (((h >>> 17) & 7) << 2)) & 0xf;
  if (c < min) min = c;
  c = (table[block + 6 + ((h >>> 24) & 1)]! >>> (((h >>> 25) & 7) << 2)) & 0xf;
  return c < min ? c : min;
}

/** Adds `count` to the 4-bit counter at bit `shift` of word `index`, saturating at 15. */
function addAt(table: Uint32Array, index: number, shift: number, count: number): void {
  const word = table[index]!;
  const room = 15 - ((word >>> shift) & 0xf);
  if (room > 0) table[index] = word + ((count < room ? count : room) << shift);
}

/** Frequency estimates for 32-bit key hashes (which must be well mixed already). */
export class FrequencySketch {
  #table: Uint32Array;
  #blocks: number;
  #door: Uint32Array | undefined;
  #doorMask = 0;
  /** Where the last `frequencyBeforeAdd` found its counters (block and rehash are functions of the hash). */
  #lastHash = 0;
  #lastBlock = 0;
  #lastRehash = rehash(0);

  /**
   * @param capacity the cache's entry capacity: the table gets about
   *   `countersPerEntry` counters per entry (in 32-byte blocks)
   * @param minimumWords the smallest table, in 32-bit words: small caches get
   *   up to 16 KiB, mid-size ones 8 counters per entry up to 128 KiB, so
   *   that hash collisions do not decide admissions ({@link defaultMinimumWords})
   * @param doorkeeper whether to put a Bloom filter in front of the counters
   */
  constructor(capacity: number, doorkeeper = false, countersPerEntry = 16, minimumWords = defaultMinimumWords(capacity)) {
    const blocks = Math.max(2, Math.ceil(Math.max(minimumWords, (capacity * countersPerEntry) / 8) / 8));
    this.#table = new Uint32Array(blocks * 8);
    this.#blocks = blocks;
    if (doorkeeper) {
      const bits = Math.max(256, 2 ** Math.ceil(Math.log2(capacity * 8)));
      this.#door = new Uint32Array(bits >>> 5);
      this.#doorMask = bits - 1;
    }
  }

  /**
   * The estimated number of times `hash` was seen since it last faded (0–15,
   * +1 with a doorkeeper). A key's four counters live in one 32-byte block
   * (Caffeine 3's layout: one cache line per key), two words per counter pair.
   */
  frequency(hash: number): number {
    const block = Math.floor((hash >>> 0) * this.#blocks * TWO_TO_MINUS_32) << 3;
    const min = minimumAt(this.#table, block, rehash(hash));
    const door = this.#door;
    return door !== undefined && this.#inDoor(door, hash) ? min + 1 : min;
  }

  /**
   * `frequency`, remembering where the counters of `hash` are, so that an
   * `add` of the same hash right after (a candidate that loses admission is
   * folded in) does not locate them again.
   */
  frequencyBeforeAdd(hash: number): number {
    const block = Math.floor((hash >>> 0) * this.#blocks * TWO_TO_MINUS_32) << 3;
    const h = rehash(hash);
    this.#lastHash = hash;
    this.#lastBlock = block;
    this.#lastRehash = h;
    const min = minimumAt(this.#table, block, h);
    const door = this.#door;
    return door !== undefined && this.#inDoor(door, hash) ? min + 1 : min;
  }

  /**
   * Records `count` sightings of `hash` (each of its four counters grows by
   * `count`, saturating at 15). With a doorkeeper, the first sighting of a
   * key only enters the doorkeeper.
   */
  add(hash: number, count: number): void {
    if (this.#door !== undefined && !this.#putDoor(this.#door, hash)) count--;
    if (count <= 0) return;
    const table = this.#table;
    let block: number;
    let h: number;
    if (hash === this.#lastHash) {
      block = this.#lastBlock;
      h = this.#lastRehash;
    } else {
      block = Math.floor((hash >>> 0) * this.#blocks * TWO_TO_MINUS_32) << 3;
      h = rehash(hash);
    }
    addAt(table, block + (h & 1), ((h >>> 1) & 7) << 2, count);
    addAt(table, block + 2 + ((h >>> 8) & 1), ((h >>> 9) & 7) << 2, count);
    addAt(table, block + 4 + ((h >>> 16) & 1), ((h >>> 17) & 7) << 2, count);
    addAt(table, block + 6 + ((h >>> 24) & 1), ((h >>> 25) & 7) << 2, count);
  }

  /** Halves every counter (and clears the doorkeeper): old popularity fades. */
  halve(): void {
    halveCounters(this.#table);
    if (this.#door !== undefined) this.#door.fill(0);
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
