/**
 * The key → slot index of a {@link MemoryCache}: an open-addressing hash
 * table (linear probing, backward-shift deletion, load ≤ 1/2) over one
 * `Int32Array`, keyed by the cache's seeded 32-bit key hash, plus a `Map`
 * for keys of medium length.
 *
 * Why not a `Map<string, number>` for every key: a `Map` has to read the key
 * string to find or delete an entry, and the victim of an eviction is a
 * string nobody touched for a long time, so every eviction paid a cache miss
 * in `Map#delete`. Here each table word holds the slot in its low bits and
 * the high bits of the key's hash as a fingerprint, and every slot's full
 * hash is kept in {@link KeyIndex.hashes}; removing a slot and growing the
 * table never touch a key string, and a lookup compares a key only when the
 * fingerprint matches. The same hashes feed the policies that need one
 * (W-TinyLFU's frequency sketch, S3-FIFO's ghost), so no key is hashed twice.
 *
 * Why a `Map` for keys of 17 to 4,096 units: hashing them in JavaScript
 * costs about 1 ns per unit on every call, where V8 hashes a string once and
 * caches the hash in the string, so a `Map` finds a key string it has seen
 * before without reading it; and V8 seeds that hash per process. (Beyond
 * 16,383 units V8 hashes only the length, so the longest keys come back to
 * the table, under a provably collision-resistant hash: see `hash.ts`.)
 * Those slots still get a hash in `hashes`, for the policies.
 *
 * Flooding: the hash is seeded (secretly, unless the user sets `seed`), and
 * an insert whose probe run exceeds {@link probeLimit} (≈ 2 log2 of the
 * table size + 24, which random hashes essentially never reach: the longest
 * run at load 1/2 is about 45 words at 8M entries) reseeds the index with a
 * fresh random seed and rehashes every key, at most once per as many inserts
 * as the table holds (amortised O(1)). The policies hear about it
 * (`onReseed`) and forget what they learned from the old hashes.
 *
 * The table has exactly two words per slot (load ≤ 1/2), not a power of two
 * (which took 2 to 4 words per slot: 8.4 instead of 8 bytes per entry at 1M
 * entries, 13 instead of 8 at 10k, and a larger footprint for every probe
 * to miss in): a hash's home is its top bits scaled to the table size
 * (Lemire's multiply-shift range reduction), and the fingerprint is its
 * low bits, so the two stay independent. It takes 4 bytes per table word
 * plus 4 bytes of hash per slot, against about 28 bytes per entry for a `Map`.
 *
 * Get, then set on a miss (what every get-or-set does): the cache tells the
 * index that a lookup missed a valid key ({@link KeyIndex.rememberMiss});
 * until the next insert, a write of that same key skips the second hash and
 * probe ({@link KeyIndex.missed}).
 * @module
 */
import { MEDIUM_KEY_MAX, SHORT_KEY_MAX, hashKey } from './hash.js';
import { FIRST_SLOT } from './policy/policy.js';

/** `missed` when no miss is remembered: never equal to anything a caller passes as a key. */
const NO_KEY: unique symbol = Symbol('no key');

/** 2^-32: scales an unsigned 32-bit hash onto [0, size) by multiplication. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

/** The smallest power of two ≥ `n` (n ≥ 1). */
function powerOfTwoAtLeast(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/** The table size for `slots` slots: two words per slot, so the load stays ≤ 1/2. */
export function tableSize(slots: number): number {
  return 2 * slots;
}

/** Where a hash's probe run starts in a table of `size` words: its top bits scaled to the size. */
export function homeOf(hash: number, size: number): number {
  return Math.floor((hash >>> 0) * size * TWO_TO_MINUS_32);
}

/** Whether a key of this length lives in the index's `Map` (else in its table). */
function inMap(length: number): boolean {
  return length > SHORT_KEY_MAX && length <= MEDIUM_KEY_MAX;
}

/** The longest probe run an insert may see before the index reseeds, for a table of `size` words. */
export function probeLimit(size: number): number {
  return 2 * Math.log2(size) + 24;
}

export class KeyIndex {
  /** The key hash of every occupied slot (indexed by slot). */
  hashes: Int32Array;
  /** How many times a probe run past the limit made the index reseed. */
  reseeds = 0;
  #table: Int32Array;
  /** Table size in words (twice the slots). */
  #size: number;
  /** Low bits of a table word: the slot. */
  #slotMask: number;
  /** How many low bits of a table word the slot takes; the hash's low bits, shifted past them, are the fingerprint. */
  #slotBits: number;
  /** High bits of a table word: the fingerprint (`~#slotMask`). */
  #fingerprint: number;
  #probeLimit = 0;
  /** Slots in the table (not in the Map). */
  #count = 0;
  #insertsSinceReseed = 0;
  /** Keys of 17 to MEDIUM_KEY_MAX units → slot. */
  readonly #map = new Map<string, number>();
  #seed: number;
  /** The hash the last `lookup` computed (table keys only): `insert` reuses it. */
  #lastHash = 0;
  /**
   * A valid key the last lookup did not find, while nothing was inserted
   * since (then it is still absent): a write of it skips the lookup.
   */
  missed: string | typeof NO_KEY = NO_KEY;
  #missedHash = 0;
  readonly #onReseed: () => void;

  /**
   * @param slots how many slots the cache's arrays hold (sentinels included)
   * @param seed the key hash's seed
   * @param onReseed called after the index reseeded itself (every slot's hash changed)
   */
  constructor(slots: number, seed = 0, onReseed: () => void = () => {}) {
    this.hashes = new Int32Array(slots);
    this.#table = new Int32Array(0);
    this.#size = this.#slotMask = this.#slotBits = this.#fingerprint = 0;
    this.#seed = seed;
    this.#onReseed = onReseed;
    this.#layout(slots);
  }

  /** The seed the key hashes are computed with now. */
  get seed(): number {
    return this.#seed;
  }

  /** Sizes the table for `slots` slots (at most half full) and picks the word layout. */
  #layout(slots: number): void {
    const size = tableSize(slots);
    this.#table = new Int32Array(size);
    this.#size = size;
    this.#slotMask = powerOfTwoAtLeast(slots) - 1;
    this.#slotBits = Math.log2(this.#slotMask + 1);
    this.#fingerprint = ~this.#slotMask;
    this.#probeLimit = probeLimit(size);
  }

  /**
   * The slot holding `key`, or 0. `entries` is the cache's entry array,
   * which holds slot s's key at index 2s (its value at 2s + 1, so that a hit
   * reads one cache line for both).
   */
  lookup(key: string, entries: readonly unknown[]): number {
    if (inMap(key.length)) return this.#map.get(key) ?? 0;
    const hash = (this.#lastHash = hashKey(key, this.#seed));
    return this.find(key, hash, entries);
  }

  /**
   * The last `lookup`, of `key`, found nothing, and `key` is valid: until
   * the next insert, `missed` is `key` and {@link reuseMiss} stands for a
   * lookup of it.
   */
  rememberMiss(key: string): void {
    this.missed = key;
    this.#missedHash = this.#lastHash;
  }

  /** A `lookup` of `missed` (which is absent): returns 0 and readies `insert`. */
  reuseMiss(): 0 {
    this.#lastHash = this.#missedHash;
    return 0;
  }

  /**
   * Indexes `key`, already stored at `entries[2 * slot]`, right after a
   * `lookup` of it found nothing; returns its hash (for the policy).
   */
  insert(slot: number, key: string, entries: readonly unknown[]): number {
    this.missed = NO_KEY;
    if (inMap(key.length)) {
      this.#map.set(key, slot);
      return (this.hashes[slot] = hashKey(key, this.#seed));
    }
    this.#insertsSinceReseed++;
    if (this.add(slot, this.#lastHash) > this.#probeLimit && this.#insertsSinceReseed >= this.#count) this.#reseed(entries);
    return this.hashes[slot]!;
  }

  /** Removes `slot`, whose key `entries[2 * slot]` is still there. */
  delete(slot: number, entries: readonly unknown[]): void {
    if (!this.remove(slot)) this.#map.delete(entries[2 * slot] as string);
  }

  /**
   * The table's slot holding `key` (whose hash is `hash`), or 0 when none
   * does (slots start at `FIRST_SLOT`, so 0 is never one). `entries` (key of
   * slot s at 2s) is read only when a fingerprint matches.
   */
  find(key: string, hash: number, entries: readonly unknown[]): number {
    const table = this.#table;
    const size = this.#size;
    const fingerprint = this.#fingerprint;
    const tag = hash << this.#slotBits;
    let i = homeOf(hash, size);
    for (;;) {
      const word = table[i]!;
      if (word === 0) return 0;
      if (((word ^ tag) & fingerprint) === 0) {
        const slot = word & this.#slotMask;
        if (entries[2 * slot] === key) return slot;
      }
      if (++i === size) i = 0;
    }
  }

  /** Puts `slot` (not indexed yet) in the table under `hash`; returns the probe run's length. */
  add(slot: number, hash: number): number {
    this.hashes[slot] = hash;
    const table = this.#table;
    const size = this.#size;
    const home = homeOf(hash, size);
    let i = home;
    while (table[i] !== 0) if (++i === size) i = 0;
    table[i] = (hash << this.#slotBits) | slot;
    this.#count++;
    return i >= home ? i - home : i - home + size;
  }

  /**
   * Removes `slot` from the table, shifting later words of its cluster back;
   * false when the table does not hold it.
   */
  remove(slot: number): boolean {
    const table = this.#table;
    const hashes = this.hashes;
    const size = this.#size;
    const slotMask = this.#slotMask;
    let hole = homeOf(hashes[slot]!, size);
    for (;;) {
      const word = table[hole]!;
      if (word === 0) return false;
      if ((word & slotMask) === slot) break;
      if (++hole === size) hole = 0;
    }
    let i = hole;
    for (;;) {
      if (++i === size) i = 0;
      const word = table[i]!;
      if (word === 0) break;
      // A word may move back into the hole unless its home lies cyclically in (hole, i].
      const home = homeOf(hashes[word & slotMask]!, size);
      if (hole <= i ? hole < home && home <= i : hole < home || home <= i) continue;
      table[hole] = word;
      hole = i;
    }
    table[hole] = 0;
    this.#count--;
    return true;
  }

  /** The hash `slot` was indexed under. */
  hash(slot: number): number {
    return this.hashes[slot]!;
  }

  /** Makes room for `slots` slots, re-indexing every occupied one from its stored hash. */
  grow(slots: number): void {
    const old = this.#table;
    const oldSlotMask = this.#slotMask;
    const hashes = new Int32Array(slots);
    hashes.set(this.hashes);
    this.hashes = hashes;
    this.#layout(slots);
    this.#count = 0;
    for (let i = 0; i < old.length; i++) {
      const word = old[i]!;
      if (word !== 0) {
        const slot = word & oldSlotMask;
        this.add(slot, hashes[slot]!);
      }
    }
  }

  /** Forgets every slot. */
  clear(): void {
    this.missed = NO_KEY;
    this.#table.fill(0);
    this.#map.clear();
    this.#count = 0;
  }

  /** A fresh random seed; every key (a string at an even index of `entries`) is hashed again and the table rebuilt. */
  #reseed(entries: readonly unknown[]): void {
    this.#seed = (Math.random() * 0x100000000) | 0;
    this.#insertsSinceReseed = 0;
    this.missed = NO_KEY;
    this.reseeds++;
    this.#table.fill(0);
    this.#count = 0;
    for (let slot = FIRST_SLOT; 2 * slot < entries.length; slot++) {
      const key = entries[2 * slot];
      if (typeof key !== 'string') continue;
      const hash = hashKey(key, this.#seed);
      if (inMap(key.length)) this.hashes[slot] = hash;
      else this.add(slot, hash);
    }
    this.#onReseed();
  }
}
