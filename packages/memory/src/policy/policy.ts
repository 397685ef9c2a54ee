/**
 * The eviction-policy seam: a policy orders the cache's slots and picks
 * victims. It never sees values; the cache owns keys, values, sizes and
 * expiry, and tells the policy what happened to each slot.
 *
 * Slots are small integers. Indices below {@link FIRST_SLOT} are reserved for
 * the policies' list sentinels, so a policy can index its typed arrays by slot
 * directly. Every method is O(1) amortised.
 * @module
 */

/** The eviction policies a {@link MemoryCache} can use. */
export type PolicyName = 'lru' | 'lfu' | 'fifo' | 'ttl' | 'random' | 'sieve' | 's3-fifo' | 'w-tinylfu';

/** Every policy name, in the order the README describes them. */
export const POLICIES: readonly PolicyName[] = Object.freeze(['lru', 'lfu', 'fifo', 'ttl', 'random', 'sieve', 's3-fifo', 'w-tinylfu'] as const);

/** Slots below this index are list sentinels; the cache hands out slots from here. */
export const FIRST_SLOT = 4;

/** What a cache tells its policy, and what it asks of it. */
export interface EvictionPolicy {
  /** The policy's name. */
  readonly name: PolicyName;
  /** A new entry was stored in `slot` (`hash` is the key's 32-bit hash). */
  onInsert(slot: number, hash: number): void;
  /** A read hit the entry in `slot`. */
  onAccess(slot: number): void;
  /** The entry in `slot` was overwritten by a write. */
  onUpdate(slot: number): void;
  /** The entry in `slot` left the cache for a reason other than `evict()` (delete, expiry). */
  onRemove(slot: number): void;
  /**
   * Picks a victim, removes it from the policy's structures and returns its
   * slot; -1 when the policy holds nothing.
   */
  evict(): number;
  /**
   * Optional, `false` when the policy never reads key hashes (neither
   * `onInsert`'s `hash` nor a `hashOf` it was given): the cache then does
   * not hash the keys its index finds without one (17 to 4,096 UTF-16
   * units, kept in a `Map`) and passes 0 for them. Absent: hashes are
   * computed for every key.
   */
  readonly readsHashes?: boolean;
  /**
   * Optional: every slot's key hash changed (the key index reseeded itself
   * against a flood of colliding keys); forget what was learned from the old
   * hashes. Policies that never read hashes leave it out.
   */
  rehashed?(): void;
  /** Forgets every entry (keeps learned frequencies where the policy has them). */
  clear(): void;
  /** Makes room for slots up to `slots` (exclusive). */
  grow(slots: number): void;
}

/** Typed array of slot links, as narrow as the slot count allows. */
export type Links = Uint16Array | Uint32Array;

/** Allocates a link array for `slots` slots: 16-bit below 65,536 slots, else 32-bit. */
export function links(slots: number, maxSlots: number): Links {
  return maxSlots <= 0x10000 ? new Uint16Array(slots) : new Uint32Array(slots);
}

/** Copies `from` into a larger array of the same kind. */
export function growLinks(from: Links, slots: number): Links {
  const to = from instanceof Uint16Array ? new Uint16Array(slots) : new Uint32Array(slots);
  to.set(from);
  return to;
}

/** Copies `from` into a larger Uint8Array. */
export function growBytes(from: Uint8Array, slots: number): Uint8Array {
  const to = new Uint8Array(slots);
  to.set(from);
  return to;
}
