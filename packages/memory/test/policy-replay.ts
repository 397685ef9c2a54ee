import { WTinyLfuPolicy, type WTinyLfuSettings } from '../src/policy/w-tinylfu.js';

/** How {@link replayPolicy} builds and watches the policy. */
export interface ReplayLayout<K> {
  /** The most slots the policy may use (picks its link layout). @default capacity + 5 */
  maxSlots?: number;
  /** Called with the key of every victim, in order. */
  onEvict?: (key: K) => void;
}

/**
 * Replays `keys` through a bare W-TinyLFU policy (get, insert on a miss),
 * hashing keys with `hash`: its hit ratio, and its window, tie verdict and stale judge's score at the end.
 */
export function replayPolicy<K>(keys: readonly K[], capacity: number, hash: (key: K) => number, settings: Partial<WTinyLfuSettings> = {}, layout: ReplayLayout<K> = {}) {
  const keyOf: K[] = [];
  const slotOf = new Map<K, number>();
  const policy = new WTinyLfuPolicy(capacity + 5, layout.maxSlots ?? capacity + 5, { capacity, doorkeeper: false, seed: 1, hashOf: (s) => hash(keyOf[s]!), ...settings });
  let fresh = 4;
  let hits = 0;
  for (const key of keys) {
    const slot = slotOf.get(key);
    if (slot !== undefined) {
      hits++;
      policy.onAccess(slot);
      continue;
    }
    let next: number;
    if (slotOf.size >= capacity) {
      next = policy.evict();
      layout.onEvict?.(keyOf[next]!);
      slotOf.delete(keyOf[next]!);
    } else {
      next = fresh++;
    }
    slotOf.set(key, next);
    keyOf[next] = key;
    policy.onInsert(next, hash(key));
  }
  return { hitRatio: hits / keys.length, window: policy.windowMaximum, admitsTies: policy.admitsTies, staleScore: policy.staleScore };
}

/** A seeded 32-bit mix of a key id (the policy must work with any well-mixed hash, not the cache's own). */
export function mix(id: number, seed: number): number {
  let x = Math.imul(id ^ seed, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  return x ^ (x >>> 13);
}

/** Replays integer keys through the bare policy, hashed with `mix`. */
export function replay(keys: readonly number[], capacity: number, settings: Partial<WTinyLfuSettings> = {}, seed = 1) {
  return replayPolicy(keys, capacity, (key) => mix(key, seed), { seed, ...settings });
}
