/**
 * A FIFO "ghost" of recently evicted key hashes (no keys or values are kept):
 * S3-FIFO's G queue, and the two ghosts of W-TinyLFU's window climber. A
 * ring of hashes plus a set from hash to the ring position of its newest
 * copy, so membership, insertion and removal are O(1) and stale ring cells
 * (a hash taken, or added again later) are skipped when they fall out.
 *
 * The set is an open-addressing table (linear probing, backward-shift
 * deletion, load ≤ 1/2) over one `Int32Array` of (hash, position + 1)
 * pairs, 0 marking an empty pair, instead of a `Map<number, number>`: a
 * ghost is touched on every sampled miss and eviction, and the `Map`'s
 * calls and hashing cost about 5% of an evicting write at 10k entries. The
 * hashes are the cache's seeded key hashes, so their homes (a multiplicative
 * hash of them) cannot be chosen by whoever picks the keys.
 * @module
 */

/** Ring cells to start with (a power of two; the ring doubles when full). */
const INITIAL_RING = 64;
/** Fibonacci hashing's multiplier (2^32 / φ): spreads the hash's bits into the top bits that pick a home. */
const SPREAD = 0x9e3779b1;

export class Ghost {
  /** Hashes in insertion order, oldest at `#head`; `#cells` of them (live or stale). */
  #ring = new Int32Array(INITIAL_RING);
  #head = 0;
  #cells = 0;
  /** Pairs (hash, ring position + 1); position 0 means empty. Twice as many pairs as ring cells. */
  #table = new Int32Array(4 * INITIAL_RING);
  /** Pairs in the table − 1. */
  #mask = 2 * INITIAL_RING - 1;
  /** 32 − log2(pairs): a home is the spread hash's top bits. */
  #shift = (32 - Math.log2(2 * INITIAL_RING)) | 0;
  #size = 0;

  /** How many hashes the ghost remembers. */
  get size(): number {
    return this.#size;
  }

  /** Remembers `hash`, forgetting the oldest ones beyond `limit`. */
  add(hash: number, limit: number): void {
    if (limit <= 0) return;
    while (this.#cells >= limit) this.#dropOldest();
    if (this.#cells === this.#ring.length) this.#grow();
    const position = (this.#head + this.#cells) & (this.#ring.length - 1);
    this.#ring[position] = hash;
    this.#cells++;
    const table = this.#table;
    const mask = this.#mask;
    let i = Math.imul(hash, SPREAD) >>> this.#shift;
    for (;;) {
      const at = i << 1;
      if (table[at + 1] === 0) {
        table[at] = hash;
        this.#size++;
        break;
      }
      if (table[at] === hash) break;
      i = (i + 1) & mask;
    }
    table[(i << 1) + 1] = position + 1;
  }

  /** True when `hash` was remembered; forgets it. */
  take(hash: number): boolean {
    const i = this.#find(hash);
    if (i < 0) return false;
    this.#delete(i);
    return true;
  }

  clear(): void {
    this.#table.fill(0);
    this.#head = this.#cells = this.#size = 0;
  }

  /** The pair index holding `hash`, or -1. */
  #find(hash: number): number {
    const table = this.#table;
    const mask = this.#mask;
    let i = Math.imul(hash, SPREAD) >>> this.#shift;
    for (;;) {
      const at = i << 1;
      if (table[at + 1] === 0) return -1;
      if (table[at] === hash) return i;
      i = (i + 1) & mask;
    }
  }

  /** Empties pair `hole`, moving the later pairs of its run back so every pair stays reachable from its home. */
  #delete(hole: number): void {
    const table = this.#table;
    const mask = this.#mask;
    const shift = this.#shift;
    let i = hole;
    for (;;) {
      i = (i + 1) & mask;
      const at = i << 1;
      if (table[at + 1] === 0) break;
      const home = Math.imul(table[at]!, SPREAD) >>> shift;
      // The pair at i may move back to the hole unless its home lies cyclically in (hole, i].
      if (((i - home) & mask) < ((i - hole) & mask)) continue;
      table[hole << 1] = table[at]!;
      table[(hole << 1) + 1] = table[at + 1]!;
      hole = i;
    }
    table[(hole << 1) + 1] = 0;
    this.#size--;
  }

  #dropOldest(): void {
    const position = this.#head;
    this.#head = (position + 1) & (this.#ring.length - 1);
    this.#cells--;
    const i = this.#find(this.#ring[position]!);
    if (i >= 0 && this.#table[(i << 1) + 1] === position + 1) this.#delete(i);
  }

  /** Doubles the ring (oldest cell first at 0) and the table, re-pointing each remembered hash at its newest cell. */
  #grow(): void {
    const old = this.#ring;
    const oldMask = old.length - 1;
    const oldTable = this.#table;
    const oldPairMask = this.#mask;
    const oldShift = this.#shift;
    const ring = new Int32Array(old.length * 2);
    this.#ring = ring;
    this.#table = new Int32Array(oldTable.length * 2);
    this.#mask = 2 * oldPairMask + 1;
    this.#shift = oldShift - 1;
    const cells = this.#cells;
    const head = this.#head;
    this.#head = this.#cells = this.#size = 0;
    for (let s = 0; s < cells; s++) {
      const position = (head + s) & oldMask;
      const hash = old[position]!;
      ring[s] = hash;
      this.#cells++;
      // Only the newest copy of a hash still remembered is re-indexed.
      let i = Math.imul(hash, SPREAD) >>> oldShift;
      while (oldTable[(i << 1) + 1] !== 0 && oldTable[i << 1] !== hash) i = (i + 1) & oldPairMask;
      if (oldTable[(i << 1) + 1] === position + 1) this.#index(hash, s);
    }
  }

  /** Puts `hash` (not in the table) in the table at ring position `position`. */
  #index(hash: number, position: number): void {
    const table = this.#table;
    const mask = this.#mask;
    let i = Math.imul(hash, SPREAD) >>> this.#shift;
    while (table[(i << 1) + 1] !== 0) i = (i + 1) & mask;
    table[i << 1] = hash;
    table[(i << 1) + 1] = position + 1;
    this.#size++;
  }
}
