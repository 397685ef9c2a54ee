/**
 * Belady's optimum ("OPT"/"MIN"): the most hits any cache of a given size can
 * get on a trace, knowing the future.
 *
 * Design note: L. A. Belady, "A study of replacement algorithms for a
 * virtual-storage computer", IBM Systems Journal 5(2), 1966. On a miss with
 * a full cache, the entry whose next use is farthest in the future goes,
 * and the newcomer competes too: when its own next use is the farthest it is
 * not admitted (bypass). That makes this the bound for policies with
 * admission (W-TinyLFU) as well as for demand-fill ones. Next-use positions
 * are precomputed in one backward pass; a max-heap keyed by next use with
 * lazy deletion finds the victim, so the whole replay is O(n log n).
 * @module
 */

/** Next use of a key that is never requested again. */
const NEVER = 0x7fffffff;

/**
 * Hits of Belady's optimal policy with bypass.
 * @param requests dense key ids (0..keyCount-1), in request order
 * @param keyCount one more than the largest id
 * @param size the cache capacity in entries
 */
export function optimalHits(requests: Int32Array, keyCount: number, size: number): number {
  const n = requests.length;
  if (size <= 0 || n === 0) return 0;
  const nextUse = new Int32Array(n);
  const seen = new Int32Array(keyCount).fill(NEVER);
  for (let i = n - 1; i >= 0; i--) {
    const key = requests[i]!;
    nextUse[i] = seen[key]!;
    seen[key] = i;
  }
  // cachedUntil[key]: the next use of a cached key, -1 when not cached. A heap
  // entry (p, key) is live only while cachedUntil[key] === p.
  const cachedUntil = seen.fill(-1);
  const heap = new MaxHeap(Math.min(n, 1 << 20));
  let cached = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const key = requests[i]!;
    const next = nextUse[i]!;
    if (cachedUntil[key] !== -1) {
      hits++;
      cachedUntil[key] = next;
      heap.push(next, key);
      continue;
    }
    if (cached < size) {
      cached++;
      cachedUntil[key] = next;
      heap.push(next, key);
      continue;
    }
    while (cachedUntil[heap.topValue()] !== heap.topPriority()) heap.pop();
    if (next >= heap.topPriority()) continue; // the newcomer is needed last: bypass it
    cachedUntil[heap.topValue()] = -1;
    heap.pop();
    cachedUntil[key] = next;
    heap.push(next, key);
  }
  return hits;
}

/** A binary max-heap of (priority, value) int pairs in growable typed arrays. */
class MaxHeap {
  #priorities: Int32Array;
  #values: Int32Array;
  #size = 0;

  constructor(capacity: number) {
    this.#priorities = new Int32Array(Math.max(capacity, 16));
    this.#values = new Int32Array(Math.max(capacity, 16));
  }

  topPriority(): number {
    return this.#priorities[0]!;
  }

  topValue(): number {
    return this.#values[0]!;
  }

  push(priority: number, value: number): void {
    if (this.#size === this.#priorities.length) this.#grow();
    const p = this.#priorities;
    const v = this.#values;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[parent]! >= priority) break;
      p[i] = p[parent]!;
      v[i] = v[parent]!;
      i = parent;
    }
    p[i] = priority;
    v[i] = value;
  }

  pop(): void {
    const p = this.#priorities;
    const v = this.#values;
    const size = --this.#size;
    if (size === 0) return;
    const priority = p[size]!;
    const value = v[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && p[child + 1]! > p[child]!) child++;
      if (p[child]! <= priority) break;
      p[i] = p[child]!;
      v[i] = v[child]!;
      i = child;
    }
    p[i] = priority;
    v[i] = value;
  }

  #grow(): void {
    const priorities = new Int32Array(this.#priorities.length * 2);
    priorities.set(this.#priorities);
    const values = new Int32Array(this.#values.length * 2);
    values.set(this.#values);
    this.#priorities = priorities;
    this.#values = values;
  }
}
