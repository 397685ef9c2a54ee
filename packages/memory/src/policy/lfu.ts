/**
 * LFU with O(1) frequency buckets (Shah, Mitra & Matani, "An O(1) algorithm
 * for implementing the LFU cache eviction scheme", 2010): one list per
 * frequency 1..255, each in recency order, and a pointer to the lowest
 * non-empty frequency. A hit moves an entry one bucket up; the victim is the
 * least recently used entry of the lowest bucket.
 *
 * Aging: after `10 × capacity` hits every frequency is halved (buckets are
 * merged pairwise), so popularity from long ago fades and yesterday's hot
 * keys do not stay forever. That pass is O(n) once per 10n operations:
 * O(1) amortised.
 * @module
 */
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const MAX_FREQUENCY = 255;
/** Bucket sentinels take nodes 0..255; slot `s` is node `s + OFFSET`. */
const OFFSET = MAX_FREQUENCY + 1;

export class LfuPolicy implements EvictionPolicy {
  readonly readsHashes = false;
  readonly name = 'lfu' as const;
  /** One list per frequency (sentinels 0..255); slot `s` is node `s + OFFSET`. */
  readonly #lists: SlotLists;
  #frequency: Uint8Array;
  #min = 1;
  #count = 0;
  #hits = 0;
  readonly #capacity: number;

  constructor(slots: number, capacity: number) {
    this.#capacity = capacity;
    this.#lists = new SlotLists(slots + OFFSET, Infinity, { sentinels: OFFSET });
    this.#frequency = new Uint8Array(slots);
    this.clear();
  }

  onInsert(slot: number, _hash: number): void {
    this.#frequency[slot] = 1;
    this.#lists.push(1, slot + OFFSET);
    this.#min = 1;
    this.#count++;
  }

  onAccess(slot: number): void {
    const frequency = this.#frequency[slot]!;
    const node = slot + OFFSET;
    const lists = this.#lists;
    lists.unlink(node);
    if (frequency < MAX_FREQUENCY) {
      this.#frequency[slot] = frequency + 1;
      lists.push(frequency + 1, node);
      if (frequency === this.#min && lists.isEmpty(frequency)) this.#min = frequency + 1;
    } else {
      lists.push(frequency, node);
    }
    if (++this.#hits >= 10 * Math.max(this.#capacity, this.#count, 16)) this.#age();
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#lists.unlink(slot + OFFSET);
    this.#count--;
  }

  evict(): number {
    if (this.#count === 0) return -1;
    const lists = this.#lists;
    let frequency = this.#min;
    while (lists.isEmpty(frequency)) frequency++;
    this.#min = frequency;
    const node = lists.head(frequency);
    lists.unlink(node);
    this.#count--;
    return node - OFFSET;
  }

  clear(): void {
    this.#lists.reset();
    this.#min = 1;
    this.#count = 0;
    this.#hits = 0;
  }

  grow(slots: number): void {
    this.#lists.grow(slots + OFFSET);
    this.#frequency = growBytes(this.#frequency, slots);
  }

  /** Halves every frequency, merging bucket f into bucket max(1, f >> 1). */
  #age(): void {
    this.#hits = 0;
    const lists = this.#lists;
    for (let frequency = 2; frequency <= MAX_FREQUENCY; frequency++) {
      if (lists.isEmpty(frequency)) continue;
      const target = Math.max(1, frequency >> 1);
      for (let node = lists.head(frequency); node !== frequency; node = lists.following(node)) this.#frequency[node - OFFSET] = target;
      lists.moveAll(frequency, target);
    }
    this.#min = 1;
  }
}
