/**
 * What the levels hold: an envelope `{ v, e, p }` with the value, its
 * logical expiry and (with a grace period) its physical expiry, so every
 * instance (and every level) agrees on when a value turned stale and when it
 * is gone, while the level's own (physical) TTL is the logical TTL plus the
 * grace period. Because the envelope carries the physical expiry, a value
 * read from a remote level is promoted with one plain `get` (no TTL query). Plain reads return `v` only while `e` lies ahead; within
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
  /**
   * Physical expiry (ms since the epoch): the end of the grace period, or
   * the end of this level's copy when the level keeps it shorter (its
   * `maxTtl`, a degraded TTL), which may lie before `e`. Absent: same as `e`.
   */
  readonly p?: number;
}

/**
 * Builds an envelope; an Infinity `expiresAt` leaves `e` out and a
 * `goneAt` equal to it (no grace) leaves `p` out (JSON-safe, compact).
 */
export function storedEntry<V>(value: V, expiresAt: number, goneAt = expiresAt): StoredEntry<V> {
  if (expiresAt === Infinity) return { v: value };
  return goneAt === expiresAt || goneAt === Infinity ? { v: value, e: expiresAt } : { v: value, e: expiresAt, p: goneAt };
}

/** Whether `stored` is an envelope this package wrote (anything else reads as a miss). */
export function isStoredEntry(stored: unknown): stored is StoredEntry<unknown> {
  if (typeof stored !== 'object' || stored === null || !('v' in stored)) return false;
  const { e, p } = stored as { e?: unknown; p?: unknown };
  return (e === undefined || typeof e === 'number') && (p === undefined || typeof p === 'number');
}

/** Milliseconds until the logical expiry (Infinity for none; ≤ 0 once stale). */
export function logicalRemaining(stored: StoredEntry<unknown>, now: number): number {
  return stored.e === undefined ? Infinity : stored.e - now;
}

/**
 * Milliseconds until the value is gone for good (the end of its grace
 * period; Infinity for none): how long a promoted copy may live, so it never
 * outlives the value as written.
 */
export function physicalRemaining(stored: StoredEntry<unknown>, now: number): number {
  const goneAt = stored.p ?? stored.e;
  return goneAt === undefined ? Infinity : goneAt - now;
}
