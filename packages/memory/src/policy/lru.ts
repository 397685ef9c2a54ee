/**
 * LRU: evicts the least recently read or written entry. One doubly linked
 * list over typed arrays, oldest to newest, with both ends kept in fields (as
 * mnemonist's LRUMap does): a hit moves the slot to the newest end, an
 * insert appends, an eviction takes the oldest. The links that point past
 * an end (`prev` of the oldest, `next` of the newest) are left stale and
 * never read, which saves a write per operation. Same victims as lru-cache
 * and mnemonist's LRUMap.
 * @module
 */
import { growLinks, links, type EvictionPolicy, type Links } from './policy.js';

/** No slot (slots start at FIRST_SLOT, so 0 is never one). */
const NONE = 0;

export class LruPolicy implements EvictionPolicy {
  readonly name = 'lru' as const;
  /** Towards the newer neighbour. */
  next: Links;
  /** Towards the older neighbour. */
  prev: Links;
  #oldest = NONE;
  #newest = NONE;

  constructor(slots: number, maxSlots: number) {
    this.next = links(slots, maxSlots);
    this.prev = links(slots, maxSlots);
  }

  onInsert(slot: number, _hash: number): void {
    const newest = this.#newest;
    if (newest === NONE) this.#oldest = slot;
    else this.next[newest] = slot;
    this.prev[slot] = newest;
    this.#newest = slot;
  }

  onAccess(slot: number): void {
    const newest = this.#newest;
    if (slot === newest) return;
    const next = this.next;
    const prev = this.prev;
    const n = next[slot]!;
    const p = prev[slot]!;
    // slot is not the newest, so n is its real newer neighbour.
    prev[n] = p;
    if (slot === this.#oldest) this.#oldest = n;
    else next[p] = n;
    next[newest] = slot;
    prev[slot] = newest;
    this.#newest = slot;
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    const next = this.next;
    const prev = this.prev;
    const oldest = this.#oldest;
    const newest = this.#newest;
    if (slot === oldest) {
      this.#oldest = slot === newest ? NONE : next[slot]!;
    } else {
      next[prev[slot]!] = next[slot]!;
    }
    if (slot === newest) {
      this.#newest = slot === oldest ? NONE : prev[slot]!;
    } else if (slot !== oldest) {
      prev[next[slot]!] = prev[slot]!;
    }
  }

  evict(): number {
    const victim = this.#oldest;
    if (victim === NONE) return -1;
    if (victim === this.#newest) this.#oldest = this.#newest = NONE;
    else this.#oldest = this.next[victim]!;
    return victim;
  }

  clear(): void {
    this.#oldest = this.#newest = NONE;
  }

  grow(slots: number): void {
    this.next = growLinks(this.next, slots);
    this.prev = growLinks(this.prev, slots);
  }
}
