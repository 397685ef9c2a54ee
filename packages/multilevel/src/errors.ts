/**
 * The error of a write that did not reach every level.
 * @module
 */
import { CacheError, ErrorCode } from '@cache/core';

/** One level that failed a write. */
export interface LevelFailure {
  /** The level's name. */
  readonly level: string;
  /** What the level threw; undefined when it resolved `false` (a tolerant tier that could not store). */
  readonly cause: unknown;
}

/** The write operations that can fail per level. */
export type WriteOperation = 'set' | 'setMany' | 'delete' | 'deleteMany' | 'clear';

/**
 * A write (`set`, `setMany`, `delete`, `deleteMany`, `clear`) that no level
 * took: every level was failing, threw, or (for `set`/`setMany`) answered
 * "not stored". Nothing was stored or published, and nothing is repaired
 * later (a write some level took resolves instead: `set` then resolves
 * false). `code` is the first failure's code when it was a `CacheError`
 * (e.g. `CACHE_CONNECTION`), `CACHE_BACKEND` otherwise; `cause` is the
 * first failure's cause (for a level skipped because it was failing, a
 * string saying so).
 */
export class MultiLevelWriteError extends CacheError {
  /** The operation that failed. */
  readonly operation: WriteOperation;
  /** Every level that failed, fastest first, with its cause. */
  readonly failures: readonly LevelFailure[];
  /** The names of the failed levels. */
  readonly failedLevels: readonly string[];

  constructor(operation: WriteOperation, failures: readonly LevelFailure[], context: { key?: string; tier?: string } = {}) {
    const first = failures[0]?.cause;
    const code = first instanceof CacheError ? first.code : ErrorCode.Backend;
    const names = failures.map((f) => f.level);
    const about = context.key === undefined ? '' : ` of key ${JSON.stringify(context.key)}`;
    const why = failures.map((f) => `${f.level}: ${f.cause === undefined ? 'not stored' : f.cause instanceof Error ? f.cause.message : typeof f.cause === 'string' ? f.cause : 'failed'}`);
    super(code, `${operation}${about} failed at level(s) ${names.join(', ')} (${why.join('; ')}); check those tiers' connections`, {
      ...context,
      cause: first,
    });
    this.operation = operation;
    this.failures = Object.freeze([...failures]);
    this.failedLevels = Object.freeze(names);
  }
}
