import type { Clock } from '../clock.js';

/** A clock that moves only when told; drive TTLs in tests without sleeping. */
export class FakeClock implements Clock {
  #now: number;
  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance expects ms >= 0 (got ${ms})`);
    this.#now += ms;
  }
  /** Sets the absolute time (must not go backwards). */
  set(now: number): void {
    if (now < this.#now) throw new RangeError('FakeClock cannot go backwards');
    this.#now = now;
  }
}
