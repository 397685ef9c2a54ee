/**
 * LRU: evicts the least recently read or written entry. One doubly linked
 * list over typed arrays (newest at the tail); a hit moves the slot to the
 * tail. Same victims as lru-cache and mnemonist's LRUMap.
 * @module
 */
import { growLinks, links, type EvictionPolicy, type Links } from './policy.js';

export class LruPolicy implements EvictionPolicy {
  readonly name = 'lru' as const;
  next: Links;
  prev: Links;

  constructor(slots: number, maxSlots: number) {
    this.next = links(slots, maxSlots);
    this.prev = links(slots, maxSlots);
  }

  onInsert(slot: number, _hash: number): void {
    const prev = this.prev;
    const tail = prev[0]!;
    this.next[tail] = slot;
    prev[slot] = tail;
    this.next[slot] = 0;
    prev[0] = slot;
  }

  onAccess(slot: number): void {
    const prev = this.prev;
    const tail = prev[0]!;
    if (tail === slot) return;
    const next = this.next;
    const p = prev[slot]!;
    const n = next[slot]!;
    next[p] = n;
    prev[n] = p;
    next[tail] = slot;
    prev[slot] = tail;
    next[slot] = 0;
    prev[0] = slot;
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    const next = this.next;
    const prev = this.prev;
    const p = prev[slot]!;
    const n = next[slot]!;
    next[p] = n;
    prev[n] = p;
  }

  evict(): number {
    const next = this.next;
    const victim = next[0]!;
    if (victim === 0) return -1;
    const n = next[victim]!;
    next[0] = n;
    this.prev[n] = 0;
    return victim;
  }

  clear(): void {
    this.next[0] = this.prev[0] = 0;
  }

  grow(slots: number): void {
    this.next = growLinks(this.next, slots);
    this.prev = growLinks(this.prev, slots);
  }
}
