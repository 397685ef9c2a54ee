/**
 * The key → slot index of a {@link MemoryCache}: an open-addressing hash
 * table (linear probing, backward-shift deletion, load ≤ 1/2) over one
 * `Int32Array`, keyed by the cache's seeded 32-bit key hash.
 *
 * Why not a `Map<string, number>`: a `Map` has to read the key string to
 * find or delete an entry, and the victim of an eviction is a string nobody
 * touched for a long time, so every eviction paid a cache miss in
 * `Map#delete`. Here each table word holds the slot in its low bits and the
 * high bits of the key's hash as a fingerprint, and every slot's full hash is
 * kept in {@link KeyIndex.hashes}; removing a slot and growing the table never
 * touch a key string, and a lookup compares a key only when the fingerprint
 * matches. The same hashes feed the policies that need one (W-TinyLFU's
 * frequency sketch, S3-FIFO's ghost), so no key is hashed twice.
 *
 * It takes 4 bytes per table word (2 to 4 words per slot) plus 4 bytes of
 * hash per slot, against about 28 bytes per entry for a `Map`.
 * @module
 */
/** The smallest power of two ≥ `n` (n ≥ 1). */
function powerOfTwoAtLeast(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

export class KeyIndex {
  /** The key hash of every occupied slot (indexed by slot). */
  hashes: Int32Array;
  #table: Int32Array;
  /** Table size − 1 (the size is a power of two). */
  #mask: number;
  /** Low bits of a table word: the slot. */
  #slotMask: number;
  /** High bits of a table word: the fingerprint (`~#slotMask`). */
  #fingerprint: number;

  /** @param slots how many slots the cache's arrays hold (sentinels included) */
  constructor(slots: number) {
    this.hashes = new Int32Array(slots);
    this.#table = new Int32Array(0);
    this.#mask = this.#slotMask = this.#fingerprint = 0;
    this.#layout(slots);
  }

  /** Sizes the table for `slots` slots (at most half full) and picks the word layout. */
  #layout(slots: number): void {
    const size = powerOfTwoAtLeast(2 * slots);
    this.#table = new Int32Array(size);
    this.#mask = size - 1;
    this.#slotMask = powerOfTwoAtLeast(slots) - 1;
    this.#fingerprint = ~this.#slotMask;
  }

  /**
   * The slot holding `key` (whose hash is `hash`), or 0 when none does
   * (slots start at `FIRST_SLOT`, so 0 is never one).
   * `keys` is the cache's key array, read only when a fingerprint matches.
   */
  find(key: string, hash: number, keys: readonly unknown[]): number {
    const table = this.#table;
    const mask = this.#mask;
    const fingerprint = this.#fingerprint;
    let i = hash & mask;
    for (;;) {
      const word = table[i]!;
      if (word === 0) return 0;
      if (((word ^ hash) & fingerprint) === 0) {
        const slot = word & this.#slotMask;
        if (keys[slot] === key) return slot;
      }
      i = (i + 1) & mask;
    }
  }

  /** Indexes `slot` (not indexed yet) under `hash`. */
  add(slot: number, hash: number): void {
    this.hashes[slot] = hash;
    const table = this.#table;
    const mask = this.#mask;
    let i = hash & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = (hash & this.#fingerprint) | slot;
  }

  /** Removes `slot` (which must be indexed), shifting later words of its cluster back. */
  remove(slot: number): void {
    const table = this.#table;
    const hashes = this.hashes;
    const mask = this.#mask;
    const slotMask = this.#slotMask;
    let hole = hashes[slot]! & mask;
    while ((table[hole]! & slotMask) !== slot) hole = (hole + 1) & mask;
    let i = hole;
    for (;;) {
      i = (i + 1) & mask;
      const word = table[i]!;
      if (word === 0) break;
      // A word may move back into the hole unless its home lies cyclically in (hole, i].
      const home = hashes[word & slotMask]! & mask;
      if (hole <= i ? hole < home && home <= i : hole < home || home <= i) continue;
      table[hole] = word;
      hole = i;
    }
    table[hole] = 0;
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
  }
}
