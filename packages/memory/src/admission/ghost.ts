/**
 * A FIFO "ghost" of recently evicted key hashes (no keys or values are kept):
 * S3-FIFO's G queue. A ring of hashes plus a map from hash to the sequence
 * number of its newest ring position, so membership, insertion and removal
 * are O(1) and stale ring cells are skipped.
 * @module
 */
export class Ghost {
  #ring = new Int32Array(64);
  #first = 0;
  #end = 0;
  readonly #where = new Map<number, number>();

  /** How many hashes the ghost remembers. */
  get size(): number {
    return this.#where.size;
  }

  /** Remembers `hash`, forgetting the oldest ones beyond `limit`. */
  add(hash: number, limit: number): void {
    if (limit <= 0) return;
    while (this.#end - this.#first >= limit) this.#dropOldest();
    if (this.#end - this.#first === this.#ring.length) this.#grow();
    this.#ring[this.#end % this.#ring.length] = hash;
    this.#where.set(hash, this.#end++);
  }

  /** True when `hash` was remembered; forgets it. */
  take(hash: number): boolean {
    return this.#where.delete(hash);
  }

  clear(): void {
    this.#where.clear();
    this.#first = this.#end = 0;
  }

  #dropOldest(): void {
    const sequence = this.#first++;
    const hash = this.#ring[sequence % this.#ring.length]!;
    if (this.#where.get(hash) === sequence) this.#where.delete(hash);
  }

  #grow(): void {
    const ring = new Int32Array(this.#ring.length * 2);
    for (let s = this.#first; s < this.#end; s++) ring[s % ring.length] = this.#ring[s % this.#ring.length]!;
    this.#ring = ring;
  }
}
