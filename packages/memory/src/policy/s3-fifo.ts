/**
 * S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction",
 * SOSP 2023, algorithm 1): a small FIFO (10% of the capacity) takes new
 * entries; a main FIFO holds the rest; a ghost FIFO remembers the hashes of
 * entries evicted from small. Each entry has a 2-bit hit counter.
 *
 * - insert: into main when the key's hash is in the ghost, else into small;
 * - hit: counter + 1 (at most 3), no list move;
 * - evict from small (when it holds its 10% share): an entry that was hit
 *   moves to main, one that was not is evicted and its hash enters the ghost;
 * - evict from main: an entry with a non-zero counter is reinserted with the
 *   counter decremented (CLOCK-like), otherwise evicted.
 *
 * One-hit wonders leave quickly through small; O(1) amortised.
 * @module
 */
import { Ghost } from '../admission/ghost.js';
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const SMALL = 1;
const MAIN = 2;
const SMALL_SHARE = 0.1;
/** Hits in small needed to move to main. */
const MOVE_THRESHOLD = 1;

export class S3FifoPolicy implements EvictionPolicy {
  readonly name = 's3-fifo' as const;
  readonly #lists: SlotLists;
  #frequency: Uint8Array;
  #region: Uint8Array;
  readonly #hashOf: (slot: number) => number;
  readonly #ghost = new Ghost();
  readonly #capacity: number;
  #small = 0;
  #main = 0;

  /**
   * @param capacity entry capacity; 0 when only a byte bound applies
   * @param hashOf the key hash of a slot (the cache's key index stores one per slot)
   */
  constructor(slots: number, maxSlots: number, capacity: number, hashOf: (slot: number) => number) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#frequency = new Uint8Array(slots);
    this.#region = new Uint8Array(slots);
    this.#hashOf = hashOf;
    this.#capacity = capacity;
  }

  onInsert(slot: number, hash: number): void {
    this.#frequency[slot] = 0;
    if (this.#ghost.take(hash)) {
      this.#region[slot] = MAIN;
      this.#lists.push(MAIN, slot);
      this.#main++;
    } else {
      this.#region[slot] = SMALL;
      this.#lists.push(SMALL, slot);
      this.#small++;
    }
  }

  onAccess(slot: number): void {
    const frequency = this.#frequency[slot]!;
    if (frequency < 3) this.#frequency[slot] = frequency + 1;
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#lists.unlink(slot);
    if (this.#region[slot] === SMALL) this.#small--;
    else this.#main--;
  }

  evict(): number {
    const capacity = this.#capacity > 0 ? this.#capacity : this.#small + this.#main;
    if (capacity === 0) return -1;
    const smallTarget = Math.max(1, Math.floor(capacity * SMALL_SHARE));
    const lists = this.#lists;
    const frequency = this.#frequency;
    for (;;) {
      if (this.#small > 0 && (this.#small >= smallTarget || this.#main === 0)) {
        const slot = lists.head(SMALL);
        lists.unlink(slot);
        this.#small--;
        if (frequency[slot]! >= MOVE_THRESHOLD) {
          frequency[slot] = 0;
          this.#region[slot] = MAIN;
          lists.push(MAIN, slot);
          this.#main++;
          continue;
        }
        this.#ghost.add(this.#hashOf(slot), capacity - smallTarget);
        return slot;
      }
      const slot = lists.head(MAIN);
      lists.unlink(slot);
      const count = frequency[slot]!;
      if (count > 0) {
        frequency[slot] = count - 1;
        lists.push(MAIN, slot);
        continue;
      }
      this.#main--;
      return slot;
    }
  }

  rehashed(): void {
    this.#ghost.clear();
  }

  clear(): void {
    this.#lists.reset();
    this.#ghost.clear();
    this.#small = this.#main = 0;
  }

  grow(slots: number): void {
    this.#lists.grow(slots);
    this.#frequency = growBytes(this.#frequency, slots);
    this.#region = growBytes(this.#region, slots);
  }
}
