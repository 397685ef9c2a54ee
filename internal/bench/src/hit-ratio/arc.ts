/**
 * ARC (Megiddo & Modha, "ARC: A Self-Tuning, Low Overhead Replacement
 * Cache", FAST'03, figure 4), as a replay reference: the shared traces'
 * README lists ARC among the reference policies a default must come within a
 * point of, so a trace outside that README (a hold-out check) needs ARC's
 * figure too. Not a cache to use: keys only, four `Map`s kept in insertion
 * order as LRU lists.
 *
 * It reproduces the README's ARC column (the independent simulator's) to the
 * hundredth on every trace × size of the shared set (`pnpm bench:hit-ratio
 * --suite --policies arc` prints a check line per cell).
 * @module
 */
import type { ReplayCache } from './replay.js';

/** The name of the ARC row. */
export const ARC = 'arc';

/** ARC over `capacity` entries: T1 (seen once recently), T2 (seen twice or more), and their ghosts B1, B2. */
export class ArcCache implements ReplayCache {
  readonly #capacity: number;
  readonly #t1 = new Map<string, true>();
  readonly #t2 = new Map<string, true>();
  readonly #b1 = new Map<string, true>();
  readonly #b2 = new Map<string, true>();
  /** ARC's target size for T1. */
  #p = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`arc: capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Entries held (T1 and T2). */
  get size(): number {
    return this.#t1.size + this.#t2.size;
  }

  /** ARC's target size for T1 (for tests). */
  get target(): number {
    return this.#p;
  }

  /** Case I: a hit moves the key to T2's most recent end. */
  get(key: string): true | undefined {
    if (this.#t1.delete(key) || this.#t2.delete(key)) {
      this.#t2.set(key, true);
      return true;
    }
    return undefined;
  }

  /** Cases II–IV: the key missed and is written. */
  set(key: string): this {
    if (this.#t1.has(key) || this.#t2.has(key)) {
      this.get(key);
      return this;
    }
    const c = this.#capacity;
    const t1 = this.#t1;
    const b1 = this.#b1;
    const b2 = this.#b2;
    if (b1.has(key)) {
      this.#p = Math.min(c, this.#p + Math.max(b2.size / b1.size, 1));
      this.#replace(false);
      b1.delete(key);
      this.#t2.set(key, true);
      return this;
    }
    if (b2.has(key)) {
      this.#p = Math.max(0, this.#p - Math.max(b1.size / b2.size, 1));
      this.#replace(true);
      b2.delete(key);
      this.#t2.set(key, true);
      return this;
    }
    const l1 = t1.size + b1.size;
    if (l1 === c) {
      if (t1.size < c) {
        deleteOldest(b1);
        this.#replace(false);
      } else {
        deleteOldest(t1);
      }
    } else {
      const total = l1 + this.#t2.size + b2.size;
      if (total >= c) {
        if (total === 2 * c) deleteOldest(b2);
        this.#replace(false);
      }
    }
    t1.set(key, true);
    return this;
  }

  /** ARC's REPLACE: T1's oldest to B1 while T1 exceeds the target, else T2's oldest to B2. */
  #replace(missInB2: boolean): void {
    const t1 = this.#t1;
    // (T2 is empty only when T1 holds the whole cache, which these conditions already send to B1.)
    if (t1.size > 0 && (t1.size > this.#p || (missInB2 && t1.size === this.#p) || this.#t2.size === 0)) {
      this.#b1.set(deleteOldest(t1), true);
    } else {
      this.#b2.set(deleteOldest(this.#t2), true);
    }
  }
}

/** Removes and returns the oldest key of an insertion-ordered map (which is not empty). */
function deleteOldest(map: Map<string, true>): string {
  const oldest = map.keys().next().value as string;
  map.delete(oldest);
  return oldest;
}
