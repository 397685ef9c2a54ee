/**
 * Time source. Tiers read time only through a {@link Clock} so tests can
 * drive expiry with a fake clock instead of sleeping.
 * @module
 */

/** A source of the current time in milliseconds. */
export interface Clock {
  /** Current time in milliseconds (any epoch; only differences matter). */
  now(): number;
}

/** The real clock: `performance.now()` offset to the Unix epoch, monotonic. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};
