/**
 * The operations instrumentation times and how each can end, shared by the
 * latency recorder and the diagnostics channel.
 * @module
 */

/** The tier operations that instrumentation times. */
export const OPERATIONS = ['get', 'getEntry', 'set', 'delete', 'has', 'getMany', 'setMany', 'deleteMany', 'clear'] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/**
 * How a timed operation ended: `hit` / `miss` for `get` and `getEntry`, `ok`
 * for every other operation that returned, `error` when it threw or rejected.
 */
export type Outcome = 'hit' | 'miss' | 'ok' | 'error';

/** The outcomes, in the order of their indexes. */
export const OUTCOMES: readonly Outcome[] = ['hit', 'miss', 'ok', 'error'];

/** Index of an outcome in {@link OUTCOMES}. */
export const HIT = 0;
/** @see HIT */
export const MISS = 1;
/** @see HIT */
export const OK = 2;
/** @see HIT */
export const ERROR = 3;
