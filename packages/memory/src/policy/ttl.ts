/**
 * TTL: evicts the entry that expires soonest; entries without a TTL go last,
 * oldest first. The order comes from the cache's timer wheel (the earliest
 * non-empty bucket, so "soonest" is exact to the bucket's span: about 1 s
 * within the next minute, 65 s within the next hour, coarser beyond), which
 * keeps every operation O(1) instead of a heap's O(log n).
 * @module
 */
import type { TimerWheel } from '../expiry/timer-wheel.js';
import { SlotLists } from './linked-list.js';
import type { EvictionPolicy } from './policy.js';

const ALL = 0;

export class TtlPolicy implements EvictionPolicy {
  readonly name = 'ttl' as const;
  readonly #lists: SlotLists;
  readonly #wheel: TimerWheel;

  constructor(slots: number, maxSlots: number, wheel: TimerWheel) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#wheel = wheel;
  }

  onInsert(slot: number, _hash: number): void {
    this.#lists.push(ALL, slot);
  }
  onAccess(_slot: number): void {}
  onUpdate(_slot: number): void {}
  onRemove(slot: number): void {
    this.#lists.unlink(slot);
  }
  evict(): number {
    let victim = this.#wheel.soonest();
    if (victim < 0) {
      victim = this.#lists.head(ALL);
      if (victim === ALL) return -1;
    }
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
