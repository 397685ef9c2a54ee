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
import { growBytes, type EvictionPolicy } from './policy.js';

const MAX_FREQUENCY = 255;
/** Bucket sentinels take nodes 0..255; slot `s` is node `s + OFFSET`. */
const OFFSET = MAX_FREQUENCY + 1;

export class LfuPolicy implements EvictionPolicy {
  readonly name = 'lfu' as const;
  #next: Uint32Array;
  #prev: Uint32Array;
  #frequency: Uint8Array;
  #min = 1;
  #count = 0;
  #hits = 0;
  readonly #capacity: number;

  constructor(slots: number, capacity: number) {
    this.#capacity = capacity;
    this.#next = new Uint32Array(slots + OFFSET);
    this.#prev = new Uint32Array(slots + OFFSET);
    this.#frequency = new Uint8Array(slots);
    this.clear();
  }

  onInsert(slot: number, _hash: number): void {
    this.#frequency[slot] = 1;
    this.#push(1, slot + OFFSET);
    this.#min = 1;
    this.#count++;
  }

  onAccess(slot: number): void {
    const frequency = this.#frequency[slot]!;
    const node = slot + OFFSET;
    this.#unlink(node);
    if (frequency < MAX_FREQUENCY) {
      this.#frequency[slot] = frequency + 1;
      this.#push(frequency + 1, node);
      if (frequency === this.#min && this.#next[frequency] === frequency) this.#min = frequency + 1;
    } else {
      this.#push(frequency, node);
    }
    if (++this.#hits >= 10 * Math.max(this.#capacity, this.#count, 16)) this.#age();
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#unlink(slot + OFFSET);
    this.#count--;
  }

  evict(): number {
    if (this.#count === 0) return -1;
    let frequency = this.#min;
    while (this.#next[frequency] === frequency) frequency++;
    this.#min = frequency;
    const node = this.#next[frequency]!;
    this.#unlink(node);
    this.#count--;
    return node - OFFSET;
  }

  clear(): void {
    for (let i = 0; i < OFFSET; i++) this.#next[i] = this.#prev[i] = i;
    this.#min = 1;
    this.#count = 0;
    this.#hits = 0;
  }

  grow(slots: number): void {
    const next = new Uint32Array(slots + OFFSET);
    const prev = new Uint32Array(slots + OFFSET);
    next.set(this.#next);
    prev.set(this.#prev);
    this.#next = next;
    this.#prev = prev;
    this.#frequency = growBytes(this.#frequency, slots);
  }

  /** Halves every frequency, merging bucket f into bucket max(1, f >> 1). */
  #age(): void {
    this.#hits = 0;
    const next = this.#next;
    for (let frequency = 2; frequency <= MAX_FREQUENCY; frequency++) {
      const head = next[frequency]!;
      if (head === frequency) continue;
      const target = Math.max(1, frequency >> 1);
      for (let node = head; node !== frequency; node = next[node]!) this.#frequency[node - OFFSET] = target;
      // splice the whole list [head..tail] onto the tail of `target`
      const tail = this.#prev[frequency]!;
      const targetTail = this.#prev[target]!;
      next[targetTail] = head;
      this.#prev[head] = targetTail;
      next[tail] = target;
      this.#prev[target] = tail;
      next[frequency] = this.#prev[frequency] = frequency;
    }
    this.#min = 1;
  }

  #push(list: number, node: number): void {
    const prev = this.#prev;
    const tail = prev[list]!;
    this.#next[tail] = node;
    prev[node] = tail;
    this.#next[node] = list;
    prev[list] = node;
  }

  #unlink(node: number): void {
    const next = this.#next;
    const prev = this.#prev;
    const p = prev[node]!;
    const n = next[node]!;
    next[p] = n;
    prev[n] = p;
  }
}
