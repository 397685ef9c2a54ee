/**
 * Intrusive doubly linked lists over typed arrays, circular through a
 * sentinel index (0..FIRST_SLOT-1), so link and unlink never branch.
 * `next[sentinel]` is the list's head (oldest), `prev[sentinel]` its tail (newest).
 * @module
 */
import { growLinks, links, type Links } from './policy.js';

/** Several lists sharing one pair of link arrays (a slot is in at most one list). */
export class SlotLists {
  next: Links;
  prev: Links;
  readonly #maxSlots: number;

  constructor(slots: number, maxSlots: number) {
    this.#maxSlots = maxSlots;
    this.next = links(slots, maxSlots);
    this.prev = links(slots, maxSlots);
    this.reset();
  }

  /** Empties every list. */
  reset(): void {
    for (let s = 0; s < 4; s++) this.next[s] = this.prev[s] = s;
  }

  grow(slots: number): void {
    if (slots > this.#maxSlots) throw new RangeError('slot count above the policy maximum');
    this.next = growLinks(this.next, slots);
    this.prev = growLinks(this.prev, slots);
  }

  /** Appends `slot` at the tail (newest end) of `list`. */
  push(list: number, slot: number): void {
    const prev = this.prev;
    const tail = prev[list]!;
    this.next[tail] = slot;
    prev[slot] = tail;
    this.next[slot] = list;
    prev[list] = slot;
  }

  /** Removes `slot` from whatever list holds it. */
  unlink(slot: number): void {
    const next = this.next;
    const prev = this.prev;
    const p = prev[slot]!;
    const n = next[slot]!;
    next[p] = n;
    prev[n] = p;
  }

  /** Moves `slot` to the tail of `list`. */
  moveToTail(list: number, slot: number): void {
    if (this.prev[list] === slot) return;
    this.unlink(slot);
    this.push(list, slot);
  }

  /** The head (oldest) of `list`, or `list` itself when empty. */
  head(list: number): number {
    return this.next[list]!;
  }

  /** The tail (newest) of `list`, or `list` itself when empty. */
  tail(list: number): number {
    return this.prev[list]!;
  }

  isEmpty(list: number): boolean {
    return this.next[list] === list;
  }
}
