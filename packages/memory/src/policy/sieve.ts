/**
 * SIEVE (Zhang et al., "SIEVE is Simpler than LRU: an Efficient Turn-Key
 * Eviction Algorithm for Web Caches", NSDI 2024, algorithm 1): a FIFO queue
 * with one "visited" bit per entry and a hand. A hit only sets the bit (no
 * list move). To evict, the hand walks from the oldest entry towards the
 * newest, clearing bits, and evicts the first unvisited entry; it stays where
 * it stopped for next time and wraps around. O(1) amortised: each step
 * clears a bit that a hit had to set.
 * @module
 */
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const QUEUE = 0;

export class SievePolicy implements EvictionPolicy {
  readonly readsHashes = false;
  readonly name = 'sieve' as const;
  readonly #lists: SlotLists;
  #visited: Uint8Array;
  /** The next entry to examine; QUEUE (the sentinel) means "start from the oldest". */
  #hand = QUEUE;

  constructor(slots: number, maxSlots: number) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#visited = new Uint8Array(slots);
  }

  onInsert(slot: number, _hash: number): void {
    this.#visited[slot] = 0;
    this.#lists.push(QUEUE, slot);
  }
  onAccess(slot: number): void {
    this.#visited[slot] = 1;
  }
  onUpdate(slot: number): void {
    this.#visited[slot] = 1;
  }
  onRemove(slot: number): void {
    if (this.#hand === slot) this.#hand = this.#lists.following(slot);
    this.#lists.unlink(slot);
  }
  evict(): number {
    const lists = this.#lists;
    if (lists.isEmpty(QUEUE)) return -1;
    const visited = this.#visited;
    let node = this.#hand === QUEUE ? lists.head(QUEUE) : this.#hand;
    while (visited[node] === 1) {
      visited[node] = 0;
      node = lists.following(node);
      if (node === QUEUE) node = lists.head(QUEUE);
    }
    this.#hand = lists.following(node);
    lists.unlink(node);
    return node;
  }
  clear(): void {
    this.#lists.reset();
    this.#hand = QUEUE;
  }
  grow(slots: number): void {
    this.#lists.grow(slots);
    this.#visited = growBytes(this.#visited, slots);
  }
}
