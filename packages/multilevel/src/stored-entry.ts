/**
 * What the levels hold: an envelope `{ v, e }` with the value and its
 * logical expiry, so every instance (and every level) agrees on when a value
 * turned stale, while the level's own (physical) TTL is the logical TTL plus
 * the grace period. Plain reads return `v` only while `e` lies ahead; within
 * the grace period `getOrSet` may still serve it when the loader fails.
 * @module
 */

/**
 * The envelope stored in every level. `e` is the logical expiry in
 * milliseconds of the cache's clock (Unix epoch with the default clock),
 * absent when the value never expires.
 */
export interface StoredEntry<V> {
  /** The value. */
  readonly v: V;
  /** Logical expiry (ms since the epoch); absent: never. */
  readonly e?: number;
}

/** Builds an envelope; `expiresAt` Infinity leaves `e` out (JSON-safe). */
export function storedEntry<V>(value: V, expiresAt: number): StoredEntry<V> {
  return expiresAt === Infinity ? { v: value } : { v: value, e: expiresAt };
}

/** Whether `stored` is an envelope this package wrote (anything else reads as a miss). */
export function isStoredEntry(stored: unknown): stored is StoredEntry<unknown> {
  if (typeof stored !== 'object' || stored === null || !('v' in stored)) return false;
  const e = (stored as { e?: unknown }).e;
  return e === undefined || typeof e === 'number';
}

/** Milliseconds until the logical expiry (Infinity for none; ≤ 0 once stale). */
export function logicalRemaining(stored: StoredEntry<unknown>, now: number): number {
  return stored.e === undefined ? Infinity : stored.e - now;
}
