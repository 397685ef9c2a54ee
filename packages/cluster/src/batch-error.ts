/**
 * How a multi-key operation reports that some keys failed: a batch is split
 * by hash slot over several nodes, and one node failing (a master being
 * replaced, a timeout) must not hide what happened to the other keys.
 * @module
 */
import { CacheError, ErrorCode } from '@cache/core';

/**
 * Some keys of a `getMany`, `setMany`, `deleteMany` or `clear` failed while
 * the rest succeeded (or all failed).
 *
 * - `failures`: every failed key with its own typed error (a `ConnectionError`
 *   for keys on a node that went away, a `TimeoutError`, a `BackendError`…).
 * - `partial`: what the call achieved for the other keys: for `getMany` the
 *   values (`undefined` for misses *and* failed keys), for `setMany` the
 *   number of entries written, for `deleteMany`/`clear` the number removed.
 * - `code`: the failures' code when they all share one (so
 *   `isCacheError(e, ErrorCode.Connection)` holds for a node outage), else
 *   `CACHE_BACKEND`.
 *
 * In `throw` mode the call rejects with it; in `miss` mode the call resolves
 * as if the failed keys missed (or were not written) and the error is counted
 * in `stats().errors` and emitted as `error`.
 */
export class ClusterBatchError<R = unknown> extends CacheError {
  /** The operation (`getMany`, `setMany`, `deleteMany`, `clear`). */
  readonly operation: string;
  /** Failed keys (user keys, without the tier's prefix) and why each failed. For `clear`, node addresses. */
  readonly failures: ReadonlyMap<string, CacheError>;
  /** What succeeded; see the class description. */
  readonly partial: R;
  /** How many keys (or nodes, for `clear`) the call was about. */
  readonly total: number;

  constructor(operation: string, failures: ReadonlyMap<string, CacheError>, partial: R, total: number, tier: string) {
    const errors = [...failures.values()];
    const first = errors[0];
    const code = first !== undefined && errors.every((error) => error.code === first.code) ? first.code : ErrorCode.Backend;
    const unit = operation === 'clear' ? 'nodes' : 'keys';
    super(
      code,
      `${operation}: ${failures.size} of ${total} ${unit} failed (first: ${first?.message ?? 'unknown'}); the others succeeded — see failures and partial`,
      { tier, cause: first },
    );
    this.operation = operation;
    this.failures = failures;
    this.partial = partial;
    this.total = total;
  }
}
