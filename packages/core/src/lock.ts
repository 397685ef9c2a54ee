/**
 * Load locks: how instances that share a remote tier agree that only one of
 * them runs the loader of a missing key (stampede protection across
 * processes). A Redis implementation lives in `@cache/redis`
 * (`RedisLoadLock`); `@cache/core/testing` has an in-process one
 * (`MemoryLoadLock`); the tiered cache only sees this interface.
 *
 * The lock is advisory and best effort (a lease, not a fence): it keeps
 * the loader from running N times at once in the common case; it does not
 * promise mutual exclusion across a lease that expired while its holder was
 * still working. Nothing breaks when two loads overlap — they store the
 * same key twice.
 * @module
 */
import { InvalidArgumentError } from './errors.js';
import { describeValue } from './describe-value.js';
import { assertKey } from './validate.js';

/** A held lock. Obtained from {@link LoadLock.acquire}. */
export interface LockLease {
  /** The key the lease is for. */
  readonly key: string;
  /**
   * Gives the lock up, if this lease still holds it: a lease that already
   * expired (and maybe was acquired by someone else since) removes nothing.
   * Calling it again does nothing.
   * @throws CacheError (`ConnectionError`, `TimeoutError`…) when the
   *   backend cannot be reached; the lease then expires by itself at its TTL
   */
  release(): Promise<void>;
}

/**
 * A lock per key with leases that expire by themselves, shared by every
 * instance that shares the same backend.
 *
 * - `acquire(key, ttlMs)` resolves a {@link LockLease} when the caller now
 *   holds the lock for `key`, and `undefined` when someone else holds it.
 * - A lease expires `ttlMs` after it was granted, released or not, so a
 *   holder that crashed (or hangs) blocks the others for at most `ttlMs`.
 * - `release()` removes only the caller's own lease (compare-and-delete on
 *   a token unique to the lease), never one granted to someone else after
 *   the caller's expired.
 * - A backend failure rejects with core's typed errors (`ConnectionError`,
 *   `TimeoutError`, `BackendError`) within the implementation's timeout: it
 *   is never reported as "held by someone else", so callers can tell
 *   "wait for the holder" from "the lock is unavailable".
 */
export interface LoadLock {
  /**
   * Tries to take the lock of `key` for `ttlMs` milliseconds; never waits
   * for a holder.
   * @returns the lease, or undefined when another holder has the lock
   * @throws InvalidArgumentError for an empty/non-string key or a ttl that is not a positive finite number
   * @throws CacheError when the backend fails (see the interface's doc)
   */
  acquire(key: string, ttlMs: number): Promise<LockLease | undefined>;
}

/**
 * Validates `acquire`'s arguments (for implementations): a non-empty string
 * key and a positive, finite number of milliseconds.
 * @throws InvalidArgumentError naming `key` or `ttlMs`
 */
export function assertLockArguments(key: unknown, ttlMs: unknown, tier?: string): asserts key is string {
  assertKey(key, tier);
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || !(ttlMs > 0)) {
    throw new InvalidArgumentError('ttlMs', `a lock's ttlMs must be a positive, finite number of milliseconds (got ${describeValue(ttlMs)})`, { key, tier });
  }
}
