/**
 * FIFO: evicts the entry written first; reads and overwrites do not change
 * the order. A doubly linked list (O(1) delete from the middle). The `ttl`
 * policy (ttl.ts) is this order with the soonest-expiring entry evicted first.
 * @module
 */
import { SlotLists } from './linked-list.js';
import type { EvictionPolicy, PolicyName } from './policy.js';

const QUEUE = 0;

export class FifoPolicy implements EvictionPolicy {
  readonly readsHashes = false;
  readonly name: PolicyName = 'fifo';
  readonly #lists: SlotLists;

  constructor(slots: number, maxSlots: number) {
    this.#lists = new SlotLists(slots, maxSlots);
  }

  onInsert(slot: number, _hash: number): void {
    this.#lists.push(QUEUE, slot);
  }
  onAccess(_slot: number): void {}
  onUpdate(_slot: number): void {}
  onRemove(slot: number): void {
    this.#lists.unlink(slot);
  }
  evict(): number {
    const victim = this.#lists.head(QUEUE);
    if (victim === QUEUE) return -1;
    this.#lists.unlink(victim);
    return victim;
  }
  clear(): void {
    this.#lists.reset();
  }
  grow(slots: number): void {
    this.#lists.grow(slots);
  }
}
