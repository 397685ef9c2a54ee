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
 * the high bits of the key's hash as a fingerprint (homes come from its
 * low bits), and every slot's full
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
 * Those slots still get a hash in `hashes` when the policy reads hashes
 * (W-TinyLFU and S3-FIFO; the others declare `readsHashes: false`, and a
 * ~45-unit key then costs its insert no hashing at all), computed at
 * insert from a copy of the key (`hashLongKeyCopy`), not from the key: a
 * key built by concatenation is a V8 cons string, and reading its units
 * flattens it in place, after which the `Map` found it much more slowly
 * (`Map#get` spent 22% of its time in `StringEqual` against 4% for keys
 * left alone, in a bare `Map` of 100k such keys). Measured with `pnpm
 * bench:memory` (get-hit-long-keys: 100k ~45-unit keys, the same string
 * objects reused; two interleaved runs each), default policy against
 * lru-cache: 0.63–0.67× when the key was read, 0.92–1.13× from the copy;
 * keys built per read (get-hit-fresh-long-keys) 0.88–0.93× and
 * 0.93–1.13×. The price is on writes: the copy is flattened on every
 * insert, where the key itself was flattened once, so re-inserting the
 * same long key objects over and over (10k entries, uniform writes over
 * 20k keys, default policy) went from 500–520 to 640–660 ns per write.
 * (An earlier session measured a different copy and dropped it because
 * reads of keys built per call got slower; this one leaves them as fast.)
 *
 * Flooding: the hash is seeded (secretly, unless the user sets `seed`), and
 * an insert whose probe run exceeds {@link probeLimit} (4 log2 of the table
 * size + 56: random hashes cross it on fewer than one insert in 800,000
 * table-sizes, counted over the cache's whole life of evictions and
 * inserts, see `table-layout.ts`) reseeds the index with a fresh random
 * seed and rehashes every key, at most once per as many inserts as the
 * table holds (amortised O(1)). The policies hear about it
 * (`onReseed`) and forget what they learned from the old hashes.
 *
 * Size: a power of two up to 1 MiB (a quarter to half full), beyond it
 * within 1/16 of two words per slot ({@link tableLayout}): at 1M entries
 * 8.1 bytes per entry instead of a power of two's 8.4 (16 at 600k). Each
 * word also records how far it sits from its home (3 bits, capped), so a
 * deletion shifts the words after it back without reading their hashes (a
 * cache miss each) unless the cap was reached. It takes 4 bytes per table
 * word plus 4 bytes of hash per slot, against about 28 bytes per entry for
 * a `Map`.
 * @module
 */
import { hashKey, hashLongKeyCopy, isMediumKey } from './hash.js';
import { FIRST_SLOT } from './policy/policy.js';
import { powerOfTwoAtLeast, probeLimit, tableLayout } from './table-layout.js';

/** Bits of a table word that record how far it sits from its home, so that deletion does not read the hash of every word it shifts. */
const DISPLACEMENT_BITS = 3;

export class KeyIndex {
  /** The key hash of every occupied slot (indexed by slot; 0 for a key of medium length when they are not hashed). */
  hashes: Int32Array;
  /** How many times a probe run past the limit made the index reseed. */
  reseeds = 0;
  #table: Int32Array;
  /** Table size in words (at least twice the slots). */
  #size: number;
  /** Home of a hash: ((hash & #mask) × #multiplier) >>> #post (see {@link tableLayout}). */
  #mask = 0;
  #multiplier = 0;
  #post = 0;
  /** Low bits of a table word: the slot. */
  #slotMask: number;
  /** How many low bits of a table word the slot takes; the displacement comes next. */
  #slotBits: number;
  /** The largest displacement a word records; at it, the real one is read from the hash. */
  #displacementMax = 0;
  /** Where the fingerprint starts: the hash's bits above the slot and the displacement. */
  #fingerprintShift = 0;
  /** High bits of a table word: the fingerprint. */
  #fingerprint: number;
  #probeLimit = 0;
  /** Slots in the table (not in the Map). */
  #count = 0;
  #insertsSinceReseed = 0;
  /** Keys of medium length (17 to 4,096 units, `isMediumKey`) → slot. */
  readonly #map = new Map<string, number>();
  #seed: number;
  /** The hash the last `lookup` computed (table keys only): `insert` reuses it. */
  #lastHash = 0;
  /**
   * The key of the last `lookup` that found nothing (table keys only), and
   * its hash under the current seed: a write of that key right after (a
   * missed `get`, then `set`: cache-aside) does not hash it again.
   */
  #missedKey: string | undefined;
  #missedHash = 0;
  readonly #onReseed: () => void;
  /** Whether keys of medium length get a hash (for the policy); when not, their `hashes` entry is 0. */
  readonly #hashMediumKeys: boolean;

  /**
   * @param slots how many slots the cache's arrays hold (sentinels included)
   * @param seed the key hash's seed
   * @param onReseed called after the index reseeded itself (every slot's hash changed)
   * @param hashMediumKeys whether keys of medium length (kept in the `Map`, which needs no hash of ours) get one anyway, for a policy that reads hashes
   */
  constructor(slots: number, seed = 0, onReseed: () => void = () => {}, hashMediumKeys = true) {
    this.#hashMediumKeys = hashMediumKeys;
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
    const { size, mask, multiplier, post } = tableLayout(slots);
    this.#table = new Int32Array(size);
    this.#size = size;
    this.#mask = mask;
    this.#multiplier = multiplier;
    this.#post = post;
    this.#slotMask = powerOfTwoAtLeast(slots) - 1;
    this.#slotBits = Math.round(Math.log2(this.#slotMask + 1));
    // up to 3 bits of displacement, leaving the fingerprint at least 4 (slot counts up to 2^25 keep all 3)
    const displacementBits = Math.max(0, Math.min(DISPLACEMENT_BITS, 28 - this.#slotBits));
    this.#displacementMax = (1 << displacementBits) - 1;
    this.#fingerprintShift = this.#slotBits + displacementBits;
    this.#fingerprint = -1 << this.#fingerprintShift;
    // whole (an integer run exceeds x exactly when it exceeds ⌊x⌋), so the field holds a small integer
    this.#probeLimit = Math.floor(probeLimit(size));
  }

  /**
   * The slot holding `key`, or 0. `entries` is the cache's entry array,
   * which holds slot s's key at index 2s (its value at 2s + 1, so that a hit
   * reads one cache line for both).
   */
  lookup(key: string, entries: readonly unknown[]): number {
    if (isMediumKey(key.length)) return this.#map.get(key) ?? 0;
    const hash = (this.#lastHash = hashKey(key, this.#seed));
    const slot = this.find(key, hash, entries);
    if (slot === 0) {
      this.#missedKey = key;
      this.#missedHash = hash;
    }
    return slot;
  }

  /**
   * `lookup` before a write: the key the last missed `lookup` asked for
   * (a `get` that missed, then its `set`) reuses that lookup's hash. A miss
   * here is not remembered.
   */
  lookupToWrite(key: string, entries: readonly unknown[]): number {
    if (key === this.#missedKey) return this.find(key, (this.#lastHash = this.#missedHash), entries);
    // a write's own miss is not remembered: the next write is of another key (the compare above stays cheap)
    if (isMediumKey(key.length)) return this.#map.get(key) ?? 0;
    return this.find(key, (this.#lastHash = hashKey(key, this.#seed)), entries);
  }

  /**
   * Indexes `key`, already stored at `entries[2 * slot]`, right after a
   * `lookup` of it found nothing; returns its hash (for the policy; 0 for a
   * key of medium length when those are not hashed).
   */
  insert(slot: number, key: string, entries: readonly unknown[]): number {
    if (isMediumKey(key.length)) {
      this.#map.set(key, slot);
      return (this.hashes[slot] = this.#hashMediumKeys ? hashLongKeyCopy(key, this.#seed) : 0);
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
    let i = this.#home(hash);
    for (;;) {
      const word = table[i]!;
      if (word === 0) return 0;
      if (((word ^ hash) & fingerprint) === 0) {
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
    const home = this.#home(hash);
    let i = home;
    while (table[i] !== 0) if (++i === size) i = 0;
    const displacement = i >= home ? i - home : i - home + size;
    const max = this.#displacementMax;
    table[i] = (hash & this.#fingerprint) | ((displacement < max ? displacement : max) << this.#slotBits) | slot;
    this.#count++;
    return displacement;
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
    let hole = this.#home(hashes[slot]!);
    for (;;) {
      const word = table[hole]!;
      if (word === 0) return false;
      if ((word & slotMask) === slot) break;
      if (++hole === size) hole = 0;
    }
    const slotBits = this.#slotBits;
    const max = this.#displacementMax;
    let i = hole;
    for (;;) {
      if (++i === size) i = 0;
      const word = table[i]!;
      if (word === 0) break;
      // The word's distance from its home: recorded in it, or (at the cap) from its hash.
      let displacement = (word >>> slotBits) & max;
      if (displacement === max) {
        const home = this.#home(hashes[word & slotMask]!);
        displacement = i >= home ? i - home : i - home + size;
      }
      // It may move back into the hole unless its home lies cyclically in (hole, i].
      const gap = i >= hole ? i - hole : i - hole + size;
      if (displacement < gap) continue;
      const moved = displacement - gap;
      table[hole] = (word & ~(max << slotBits)) | ((moved < max ? moved : max) << slotBits);
      hole = i;
    }
    table[hole] = 0;
    this.#count--;
    return true;
  }

  /**
   * Where `hash`'s probe run starts: `homeOf` (table-layout.ts) with this
   * table's layout. A power-of-two table (post 0) skips the multiply, which
   * sits between the hash and the first table read: 10k entries, `key:N`
   * keys, pinned, 8 interleaved processes, the default read 31.7 → 30.9 ns
   * (mean; `lru` 28.8 → 28.7), homes unchanged.
   */
  #home(hash: number): number {
    const post = this.#post;
    return post === 0 ? hash & this.#mask : ((hash & this.#mask) * this.#multiplier) >>> post;
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
    this.#table.fill(0);
    this.#map.clear();
    this.#count = 0;
  }

  /** A fresh random seed; every key (a string at an even index of `entries`) is hashed again and the table rebuilt. */
  #reseed(entries: readonly unknown[]): void {
    this.#seed = (Math.random() * 0x100000000) | 0;
    this.#missedKey = undefined; // its hash was under the old seed
    this.#insertsSinceReseed = 0;
    this.reseeds++;
    this.#table.fill(0);
    this.#count = 0;
    for (let slot = FIRST_SLOT; 2 * slot < entries.length; slot++) {
      const key = entries[2 * slot];
      if (typeof key !== 'string') continue;
      if (isMediumKey(key.length)) this.hashes[slot] = this.#hashMediumKeys ? hashLongKeyCopy(key, this.#seed) : 0;
      else this.add(slot, hashKey(key, this.#seed));
    }
    this.#onReseed();
  }
}
