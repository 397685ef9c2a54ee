/**
 * RANDOM: evicts a uniformly random entry. Entries sit in a dense array with
 * a position index, so insert, remove and pick are O(1) (removal swaps the
 * last element into the hole). xorshift32, seedable for reproducible runs.
 * @module
 */
import type { EvictionPolicy } from './policy.js';

export class RandomPolicy implements EvictionPolicy {
  readonly readsHashes = false;
  readonly name = 'random' as const;
  #dense: Uint32Array;
  #position: Uint32Array;
  #count = 0;
  #state: number;

  constructor(slots: number, seed: number) {
    this.#dense = new Uint32Array(slots);
    this.#position = new Uint32Array(slots);
    this.#state = seed | 0 || 0x6d2b79f5;
  }

  onInsert(slot: number, _hash: number): void {
    this.#dense[this.#count] = slot;
    this.#position[slot] = this.#count++;
  }
  onAccess(_slot: number): void {}
  onUpdate(_slot: number): void {}
  onRemove(slot: number): void {
    const index = this.#position[slot]!;
    const last = this.#dense[--this.#count]!;
    this.#dense[index] = last;
    this.#position[last] = index;
  }
  evict(): number {
    if (this.#count === 0) return -1;
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x;
    const slot = this.#dense[(x >>> 0) % this.#count]!;
    this.onRemove(slot);
    return slot;
  }
  clear(): void {
    this.#count = 0;
  }
  grow(slots: number): void {
    const dense = new Uint32Array(slots);
    dense.set(this.#dense);
    this.#dense = dense;
    const position = new Uint32Array(slots);
    position.set(this.#position);
    this.#position = position;
  }
}
