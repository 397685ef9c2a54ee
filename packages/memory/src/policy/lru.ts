/**
 * LRU: evicts the least recently read or written entry. One doubly linked
 * list over typed arrays, oldest to newest, with both ends kept in fields (as
 * mnemonist's LRUMap does): a hit moves the slot to the newest end, an
 * insert appends, an eviction takes the oldest. The links that point past
 * an end (`prev` of the oldest, `next` of the newest) are left stale and
 * never read, which saves a write per operation. Same victims as lru-cache
 * and mnemonist's LRUMap.
 *
 * A slot's two links sit side by side in one array (`next` at 2s, `prev` at
 * 2s + 1), so unlinking a slot reads one cache line for both, and each of
 * its neighbours one more: in a large cache, where every link is a cache
 * miss, a hit touches three lines instead of four and an eviction one
 * instead of two (same bytes as two arrays).
 * @module
 */
import { growLinks, links, type EvictionPolicy, type Links } from './policy.js';

/** No slot (slots start at FIRST_SLOT, so 0 is never one). */
const NONE = 0;

export class LruPolicy implements EvictionPolicy {
  readonly readsHashes = false;
  readonly name = 'lru' as const;
  /** Slot s's newer neighbour at 2s, its older neighbour at 2s + 1. */
  links: Links;
  #oldest = NONE;
  #newest = NONE;

  constructor(slots: number, maxSlots: number) {
    this.links = links(2 * slots, maxSlots);
  }

  onInsert(slot: number, _hash: number): void {
    const newest = this.#newest;
    if (newest === NONE) this.#oldest = slot;
    else this.links[2 * newest] = slot;
    this.links[2 * slot + 1] = newest;
    this.#newest = slot;
  }

  onAccess(slot: number): void {
    const newest = this.#newest;
    if (slot === newest) return;
    const links = this.links;
    const n = links[2 * slot]!;
    const p = links[2 * slot + 1]!;
    // slot is not the newest, so n is its real newer neighbour.
    links[2 * n + 1] = p;
    if (slot === this.#oldest) this.#oldest = n;
    else links[2 * p] = n;
    links[2 * newest] = slot;
    links[2 * slot + 1] = newest;
    this.#newest = slot;
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    const links = this.links;
    const oldest = this.#oldest;
    const newest = this.#newest;
    const n = links[2 * slot]!;
    const p = links[2 * slot + 1]!;
    if (slot === oldest) {
      this.#oldest = slot === newest ? NONE : n;
    } else {
      links[2 * p] = n;
    }
    if (slot === newest) {
      this.#newest = slot === oldest ? NONE : p;
    } else if (slot !== oldest) {
      links[2 * n + 1] = p;
    }
  }

  evict(): number {
    const victim = this.#oldest;
    if (victim === NONE) return -1;
    if (victim === this.#newest) this.#oldest = this.#newest = NONE;
    else this.#oldest = this.links[2 * victim]!;
    return victim;
  }

  clear(): void {
    this.#oldest = this.#newest = NONE;
  }

  grow(slots: number): void {
    this.links = growLinks(this.links, 2 * slots);
  }
}
